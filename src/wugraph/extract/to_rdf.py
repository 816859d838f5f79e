"""An `Extraction` as RDF in its document graph (graph/doc/{id}), ready for `wugraph ingest`.

The graph holds the article (schema:NewsArticle with its text, so evidence offsets can be checked),
the extraction run (wu:ExtractionRun: prov:used the article, prov:wasAssociatedWith the wu:Extractor
and its version), the graph's own description (prov:hadPrimarySource, prov:wasGeneratedBy) and the
facts: events, people and the positions they held, other organisations, contributions, models and
candidate adoptions (a unit launching, founding or replicating a model). Every fact node carries prov:qualifiedDerivation → wu:Evidence (quote and
character offsets, the rule and its confidence in rdfs:comment). Ingest writes the graph's record in
graph/meta (agent, time, hash). Facts the shapes would reject — an event without a date or a place,
a position whose organisation is unknown — are left out and listed in `RdfResult.skipped`.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from .. import queries
from ..identifiers import Minter, document_graph
from ..namespaces import ORG, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, WU, XSD
from ..store import Store
from ..text import slugify
from . import EXTRACTOR_NAME, VERSION, Extraction
from .models import is_ethnic
from .events import EVENT_LABELS_EN
from .persons import PersonMention
from .rdf_terms import chapter_iri, chapter_key, org_iri, org_label, role_slug
from .summary import org_groups, person_groups, person_org

_SPEECH = (("phát biểu khai mạc", "OpeningSpeech"), ("khai mạc", "OpeningSpeech"), ("phát biểu bế mạc", "ClosingSpeech"),
           ("bế mạc", "ClosingSpeech"), ("kết luận", "ClosingSpeech"), ("báo cáo đề dẫn", "KeynoteReport"),
           ("trình bày báo cáo", "KeynoteReport"), ("tham luận", "Presentation"), ("chia sẻ", "ExperienceSharing"),
           ("phát biểu", "Remarks"))
_PRECISION = {"day": "DayPrecision", "month": "MonthPrecision", "year": "YearPrecision"}


def _u(iri: str) -> URIRef:
    return URIRef(iri)


def _date(value: str) -> Literal:
    return Literal(value, datatype=_u(XSD + "date"))


def _stamp(moment: datetime) -> Literal:
    return Literal(moment.astimezone(timezone.utc).isoformat(timespec="seconds"), datatype=_u(XSD + "dateTime"))


def _count(value: int) -> Literal:
    return Literal(str(value), datatype=_u(XSD + "nonNegativeInteger"))


@dataclass
class RdfResult:
    """The dataset (one document graph), its graph IRI and what was left out, with reasons."""

    dataset: Dataset
    graph: str
    skipped: list[str] = field(default_factory=list)

    def defer_to_known_names(self, store: Store) -> int:
        """Turn our names for entities the store already names (same property, same language) into skos:altLabel.

        The curated name stays the one name per language the shapes allow; the article's wording is kept.
        Returns how many names were demoted.
        """
        graph = self.dataset.graph(_u(self.graph))
        label_props = (_u(SCHEMA + "name"), _u(SKOS + "prefLabel"))
        subjects = sorted({str(s) for p in label_props for s in graph.subjects(p, None) if isinstance(s, URIRef)})
        if not subjects:
            return 0
        known = {(row["s"].value, row["p"].value, row["lang"].value)
                 for row in queries.result_rows(store, queries.bind_iris(queries.text("extract_known_labels"), "s", subjects))}
        moved = 0
        for p in label_props:
            for s, o in list(graph.subject_objects(p)):
                if isinstance(o, Literal) and (str(s), str(p), o.language or "") in known:
                    graph.remove((s, p, o))
                    graph.add((s, _u(SKOS + "altLabel"), o))
                    moved += 1
        return moved

    def trig(self) -> bytes:
        """TriG bytes (rdflib's TriG writer still calls its own deprecated Dataset API: that warning is not ours)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return self.dataset.serialize(format="trig", encoding="utf-8")


class _Builder:
    def __init__(self, ex: Extraction, minter: Minter, started: datetime, ended: datetime) -> None:
        self.ex, self.minter, self.doc = ex, minter, ex.doc
        self.graph_iri = document_graph(ex.doc_id)
        self.dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace, override=True, replace=True)
        self.g = self.dataset.graph(_u(self.graph_iri))
        self.article = _u(minter.document(ex.doc_id))
        self.started, self.ended = started, ended
        self.skipped: list[str] = []
        self.event_iris: dict[int, URIRef] = {}
        self.memberships: dict[int, URIRef] = {}

    def add(self, s: Node, p: str, o: Node) -> None:
        self.g.add((s, _u(p), o))

    def evidence(self, node: Node, start: int, end: int, rule: str, confidence: float) -> None:
        ev = BNode()
        self.add(node, PROV + "qualifiedDerivation", ev)
        self.add(ev, RDF + "type", _u(WU + "Evidence"))
        self.add(ev, PROV + "entity", self.article)
        self.add(ev, WU + "quote", Literal(self.doc.text[start:end]))
        self.add(ev, WU + "charStart", _count(start))
        self.add(ev, WU + "charEnd", _count(end))
        self.add(ev, RDFS + "comment", Literal(f"rule {rule}; confidence {confidence:.2f}"))

    # --- provenance and the article ---------------------------------------------

    def provenance(self) -> None:
        graph, run = _u(self.graph_iri), _u(f"{self.minter.base}extraction/{slugify(self.ex.doc_id)}")
        agent = _u(self.minter.agent(EXTRACTOR_NAME))
        for t in (WU + "DocumentGraph", PROV + "Entity"):
            self.add(graph, RDF + "type", _u(t))
        self.add(graph, PROV + "hadPrimarySource", self.article)
        self.add(graph, PROV + "wasGeneratedBy", run)
        for t in (WU + "ExtractionRun", PROV + "Activity"):
            self.add(run, RDF + "type", _u(t))
        self.add(run, RDFS + "label", Literal(f"Trích xuất tự động bài {self.ex.doc_id}", lang="vi"))
        self.add(run, RDFS + "label", Literal(f"Automatic extraction of article {self.ex.doc_id}", lang="en"))
        self.add(run, PROV + "used", self.article)
        self.add(run, PROV + "wasAssociatedWith", agent)
        self.add(run, PROV + "startedAtTime", _stamp(self.started))
        self.add(run, PROV + "endedAtTime", _stamp(self.ended))
        for t in (WU + "Extractor", PROV + "SoftwareAgent", PROV + "Agent"):
            self.add(agent, RDF + "type", _u(t))
        self.add(agent, RDFS + "label", Literal(EXTRACTOR_NAME))
        self.add(agent, SCHEMA + "softwareVersion", Literal(VERSION))

    def article_node(self) -> None:
        a, ex = self.article, self.ex
        # A news article needs its publication date (shapes); without a dateline it is only a schema:Article.
        kind = SCHEMA + ("NewsArticle" if ex.dateline is not None else "Article")
        if ex.dateline is None:
            self.skipped.append("article: no dateline, so typed schema:Article rather than schema:NewsArticle")
        for t in (kind, PROV + "Entity"):
            self.add(a, RDF + "type", _u(t))
        self.add(a, SCHEMA + "inLanguage", Literal("vi"))
        self.add(a, SCHEMA + "articleBody", Literal(self.doc.text))
        if ex.headline is not None:
            self.add(a, SCHEMA + "headline", Literal(ex.headline.text, lang="vi"))
        if ex.dateline is not None:
            iso = ex.dateline.iso()
            self.add(a, SCHEMA + "datePublished", Literal(iso, datatype=_u(XSD + ("dateTime" if "T" in iso else "date"))))
            self.evidence(a, ex.dateline.span.start, ex.dateline.span.end, "article.dateline", 0.95)
        if ex.author is not None and ex.author.rule != "article.author.code":
            self.evidence(a, ex.author.line.start, ex.author.line.end, ex.author.rule, 0.9)
            publisher = next((org_iri(self.minter, ex.finder.gaz, org, self.doc) for org in ex.orgs
                              if ex.author.line.start <= org.start < ex.author.line.end and org.kind in ("union", "central")), None)
            if publisher:
                self.add(a, SCHEMA + "publisher", _u(publisher[0]))
            for name in ex.author.names or (ex.author.name,):
                person = _u(self.minter.person(name))
                self.add(a, SCHEMA + "author", person)
                self.add(person, RDF + "type", _u(SCHEMA + "Person"))
                self.add(person, SCHEMA + "name", Literal(name))
                if publisher:
                    self.add(person, SCHEMA + "affiliation", _u(publisher[0]))
        for place in ex.places:
            if place.unit is not None:
                self.add(a, SCHEMA + "mentions", _u(place.unit.iri))

    # --- facts ----------------------------------------------------------------

    def organisations(self) -> None:
        for org in org_groups(self.ex):
            if org.kind in ("union", "central"):
                continue
            found = org_iri(self.minter, self.ex.finder.gaz, org, self.doc)
            if found is None:
                self.skipped.append(f"organisation '{org.body_text(self.doc)}': its unit is unknown")
                continue
            node = _u(found[0])
            vi, en = org_label(org, self.doc)
            self.add(node, RDF + "type", _u(ORG + "Organization"))
            self.add(node, SKOS + "prefLabel", Literal(vi, lang="vi"))
            if en != vi:
                self.add(node, SKOS + "prefLabel", Literal(en, lang="en"))
            if org.kind == "branch" and org.unit is not None:
                parent = chapter_iri(self.minter, org.unit)
                if parent:
                    self.add(node, ORG + "subOrganizationOf", _u(parent))
            elif org.unit is not None:
                self.add(node, WU + "forUnit", _u(org.unit.iri))
            self.evidence(node, org.start, org.end, org.rule, 0.8)

    def events(self) -> None:
        single = len(self.ex.events) == 1
        models = [_u(self.minter.model(m.name)) for m in self.ex.models]
        for event in self.ex.events:
            if event.day is None or event.unit is None:
                self.skipped.append(f"event '{event.name(self.doc)}': " + ("no date" if event.day is None else "no place"))
                continue
            day = event.day.isoformat()
            name = event.name(self.doc) or EVENT_LABELS_EN[event.kind]
            node = _u(self.minter.event(day, name))
            self.event_iris[event.sentence.start] = node
            self.add(node, RDF + "type", _u(WU + "Event"))
            self.add(node, SCHEMA + "name", Literal(name, lang="vi"))
            self.add(node, SCHEMA + "name", Literal(f"{EVENT_LABELS_EN[event.kind]}, {day}", lang="en"))
            self.add(node, WU + "eventType", _u(WU + event.kind))
            self.add(node, SCHEMA + "startDate", _date(day))
            self.add(node, SCHEMA + "location", _u(event.unit.iri))
            organiser = org_iri(self.minter, self.ex.finder.gaz, event.organizer, self.doc) if event.organizer else None
            if organiser is not None:
                self.add(node, SCHEMA + "organizer", _u(organiser[0]))
            if event.participants is not None:
                self.add(node, WU + "delegateCount", _count(event.participants))
            if single:
                for model in models:
                    self.add(node, WU + "discussedModel", model)
            self.add(self.article, SCHEMA + "about", node)
            self.evidence(node, event.sentence.start, event.sentence.end, f"{event.rule}+{event.place_rule}", 0.85)

    def persons(self) -> None:
        for mention in person_groups(self.ex):
            name = mention.name(self.doc)
            person = _u(self.minter.person(name))
            self.add(person, RDF + "type", _u(SCHEMA + "Person"))
            self.add(person, SCHEMA + "name", Literal(name))
            self.evidence(person, mention.start, mention.end, mention.rule, mention.confidence)
            fallback, inferred = person_org(self.ex, mention)
            for title, own in mention.segments:
                org = own if own is not None else fallback if len(mention.titles) == 1 else None
                found = org_iri(self.minter, self.ex.finder.gaz, org, self.doc) if org is not None else None
                if title.role is None or found is None:
                    if title.role is not None:
                        self.skipped.append(f"position of {name} ({title.text}): organisation unknown")
                    continue
                membership = _u(f"{self.minter.base}membership/{person.split('/')[-1]}/{found[1]}/{role_slug(title.role)}")
                self.memberships.setdefault(mention.start, membership)
                self.add(membership, RDF + "type", _u(ORG + "Membership"))
                self.add(membership, ORG + "member", person)
                self.add(membership, ORG + "organization", _u(found[0]))
                self.add(membership, ORG + "role", _u(WU + title.role))
                rule = mention.rule + ("+org.from-event-organizer" if inferred and own is None else "")
                self.evidence(membership, mention.start, mention.end, rule, mention.confidence)
        self.contributions()

    def contributions(self) -> None:
        counters: dict[URIRef, int] = {}
        for mention in self.ex.persons:
            kind = self._speech(mention)
            event = self._event_for(mention.start)
            if kind is None or event is None:
                continue
            counters[event] = counters.get(event, 0) + 1
            tail = str(event).split("/event/", 1)[1]
            node = _u(f"{self.minter.base}contribution/{tail}/{counters[event]}")
            self.add(node, RDF + "type", _u(WU + "Contribution"))
            self.add(node, WU + "event", event)
            self.add(node, WU + "participant", _u(self.minter.person(mention.name(self.doc))))
            self.add(node, WU + "contributionType", _u(WU + kind))
            self.add(node, WU + "attributionText", Literal(self.doc.text[mention.start:mention.end]))
            membership = self._membership_of(mention)
            if membership is not None:
                self.add(node, WU + "inCapacityOf", membership)
            self.evidence(node, mention.start, mention.end, "contribution.speech-verb", 0.7)

    def _membership_of(self, mention: PersonMention) -> URIRef | None:
        key = self.doc.lower[mention.name_start:mention.name_end]
        for other in person_groups(self.ex):
            if self.doc.lower[other.name_start:other.name_end] == key:
                return self.memberships.get(other.start)
        return None

    def _speech(self, mention: PersonMention) -> str | None:
        sentence = self.doc.sentence_at(mention.start)
        line = self.doc.line_at(mention.end - 1)
        before = self.doc.lower[sentence.start:mention.start] if sentence else ""
        after = self.doc.lower[mention.end:line.end] if line else ""
        following = [ln for ln in self.doc.lines if line is not None and ln.start > line.end][:1]
        if following and following[0].text[:1].islower():
            after += " " + self.doc.lower[following[0].start:following[0].end]
        for phrase, kind in _SPEECH:
            if re.match(r"\s*" + re.escape(phrase), after) or re.match(r"\s*" + re.escape(phrase) + r"\b", before):
                return kind
        return None

    def _event_for(self, offset: int) -> URIRef | None:
        if not self.event_iris:
            return None
        earlier = [start for start in self.event_iris if start <= offset]
        return self.event_iris[max(earlier)] if earlier else self.event_iris[min(self.event_iris)]

    def models(self) -> None:
        for model in self.ex.models:
            node = _u(self.minter.model(model.name))
            self.add(node, RDF + "type", _u(WU + "Model"))
            self.add(node, SKOS + "prefLabel", Literal(model.name, lang="vi"))
            self.add(node, WU + "modelType", _u(WU + model.model_type))
            ethnic = is_ethnic(model.name)
            self.add(node, WU + "targetGroup", _u(WU + ("EthnicMinorityWomen" if ethnic else "WomenMembers")))
            if ethnic:
                self.add(node, WU + "organizingBasis", _u(WU + "ByEthnicity"))
            self.evidence(node, model.start, model.end, model.rule, 0.9)

    def adoptions(self) -> None:
        """Candidate adoptions (issue 16): the chapter of the unit that launched, founded or replicated a model."""
        for item in self.ex.adoptions:
            what = f"adoption of '{item.model.name}' by {item.unit_text}"
            if item.day is None:
                self.skipped.append(f"{what}: no date")
                continue
            adopter = chapter_iri(self.minter, item.unit) if item.unit is not None else None
            key = chapter_key(self.minter, item.unit) if item.unit is not None else None
            if adopter is None or key is None:
                self.skipped.append(f"{what}: its unit is unknown")
                continue
            node = _u(f"{self.minter.base}adoption/{slugify(item.model.name)}/{key}/{item.date_text}")
            self.add(node, RDF + "type", _u(WU + "Adoption"))
            self.add(node, RDFS + "label", Literal(f"{item.model.name} — {item.unit_text}", lang="vi"))
            self.add(node, WU + "model", _u(self.minter.model(item.model.name)))
            self.add(node, WU + "adopter", _u(adopter))
            self.add(node, WU + "adoptedOn", _date(item.day.isoformat()))
            self.add(node, WU + "datePrecision", _u(WU + _PRECISION[item.precision or "day"]))
            self.add(node, WU + "adoptionKind", _u(WU + item.kind))
            learned = chapter_iri(self.minter, item.learned_from) if item.learned_from is not None else None
            if learned is not None:
                self.add(node, WU + "learnedFrom", _u(learned))
            self.evidence(node, item.sentence.start, item.sentence.end, item.rule, 0.7 if item.unit is not None else 0.5)


def to_dataset(ex: Extraction, minter: Minter | None = None, *, started: datetime | None = None,
               ended: datetime | None = None) -> RdfResult:
    """The document graph of one extraction (run times default to now, in UTC)."""
    now = datetime.now(timezone.utc)
    builder = _Builder(ex, minter or Minter(), started or now, ended or now)
    builder.provenance()
    builder.article_node()
    builder.organisations()
    builder.events()
    builder.persons()
    builder.models()
    builder.adoptions()
    return RdfResult(builder.dataset, builder.graph_iri, builder.skipped)
