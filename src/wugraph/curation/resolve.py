"""Resolution across staged articles and against the graph: one model, one person, the right unit.

- Models: a staged model whose name, wrappers stripped and folded (names.model_key), equals or
  nearly equals a stored model's name, or an earlier staged article's, becomes that model; its
  wording is kept as skos:altLabel.
- People: the same name (tone placement, case, spacing, missing diacritics aside) with a shared
  organisation, or — when the article names no organisation — a dated position covering the
  article's day, is one person. Any other namesake is a homonym: kept apart under its own IRI
  (person/{slug}-2 …) even though the extractor minted the same one.
- Units: a chapter or unit not valid on the fact's day is replaced by the one unit of the same
  name and level valid that day (the official list of the article's era).
- Adoptions: a launch the article calls an origination is a replication when another chapter
  had already originated the same model earlier (in the graph or an earlier article).
Every merge records its rule, the evidence (where the article wrote it) and what it was compared
with; a steward can split it (the candidate is then kept apart) or merge by hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..identifiers import Minter
from ..namespaces import ORG, SCHEMA, SKOS, WU
from ..reference.gazetteer import Gazetteer
from ..text import name_key, nfc
from .candidates import Candidate, Evidence, StagedGraph, label_of
from .known import KnownModel, KnownPerson
from .names import model_key, model_rule, near, same_person_name

UNIT_LINKS = (WU + "adopter", WU + "learnedFrom", SCHEMA + "location", SCHEMA + "organizer", ORG + "organization", WU + "forUnit")


@dataclass(frozen=True)
class Merge:
    """One resolution decision: a candidate as written, what it now means, and why."""

    id: str
    kind: str  # model | person | unit
    doc: str
    candidate: str  # candidate key
    candidate_id: str
    written: str
    original: str
    target: str
    target_label: str
    rule: str
    evidence: Evidence | None
    against: str  # "graph" or "doc:<id>"
    detail: str
    manual: bool = False
    apart: bool = False  # a homonym kept apart (a note, not a merge)

    def to_dict(self) -> dict[str, object]:
        ev = self.evidence
        return {"id": self.id, "kind": self.kind, "doc": self.doc, "candidate": self.candidate_id, "written": self.written,
                "original": self.original, "target": self.target, "target_label": self.target_label, "rule": self.rule,
                "against": self.against, "detail": self.detail, "manual": self.manual, "apart": self.apart,
                "evidence": {"start": ev.start, "end": ev.end, "quote": ev.quote} if ev else None}


@dataclass
class DocResolution:
    """What resolution changes in one document's graph."""

    mapping: dict[str, str] = field(default_factory=dict)  # IRI → IRI (models, people, their positions)
    rewrites: dict[str, dict[str, str]] = field(default_factory=dict)  # candidate key → {unit IRI: unit IRI}
    model_labels: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # model → (prefLabel@vi, types)
    person_names: dict[str, str] = field(default_factory=dict)  # person → canonical schema:name
    merges: list[Merge] = field(default_factory=list)


@dataclass
class StagedDoc:
    """One staged article as resolution sees it."""

    id: str
    graph: StagedGraph
    overrides: Mapping[str, Mapping[str, object]]
    excluded: frozenset[str]  # rejected candidates take no part
    names: Mapping[str, str] = field(default_factory=dict)  # a steward's renaming, by candidate key

    def label(self, c: Candidate) -> str:
        return self.names.get(c.key) or label_of(c)

    @property
    def day(self) -> date | None:
        try:
            return date.fromisoformat(self.graph.published) if self.graph.published else None
        except ValueError:
            return None

    def active(self, kind: str) -> list[Candidate]:
        return [c for c in self.graph.candidates if c.kind == kind and c.key not in self.excluded]


@dataclass
class _Entry:
    """A model or person that later candidates may resolve to."""

    iri: str
    label: str
    source: str  # "graph" | "doc:<id>"
    keys: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    types: tuple[str, ...] = ()
    orgs: set[str] = field(default_factory=set)
    known: KnownPerson | None = None


def merge_id(doc: str, key: str, target: str) -> str:
    return "g" + hashlib.sha1(f"{doc}|{key}|{target}".encode()).hexdigest()[:8]


def _record(resolution: DocResolution, doc: StagedDoc, c: Candidate, kind: str, written: str, target: str, target_label: str,
            rule: str, against: str, detail: str, manual: bool = False, apart: bool = False) -> None:
    resolution.merges.append(Merge(merge_id(doc.id, c.key, target), kind, doc.id, c.key, c.id, written, c.subject, target,
                                   target_label, rule, c.evidence[0] if c.evidence else None, against, detail, manual, apart))


def _fresh(base: str, taken: set[str]) -> str:
    """The first of base-2, base-3 … not taken (homonyms and split models get their own IRI)."""
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def ordered(docs: Sequence[StagedDoc]) -> list[StagedDoc]:
    """Earliest article first: the first wording of a model becomes its name."""
    return sorted(docs, key=lambda d: (d.graph.published or "9999", d.id))


def resolve(docs: Sequence[StagedDoc], known_models: Mapping[str, KnownModel], known_people: Mapping[str, KnownPerson],
            gazetteer: Gazetteer, minter: Minter,
            origins: Mapping[str, Sequence[tuple[str, date]]] | None = None) -> dict[str, DocResolution]:
    """Resolution of every staged document against the store and the documents staged before it."""
    out = {d.id: DocResolution() for d in docs}
    models = [_Entry(m.iri, m.pref or min(m.names, default=m.iri), "graph", {model_key(n) for n in m.names},
                     types=tuple(sorted(m.types))) for m in known_models.values()]
    people = [_Entry(p.iri, p.names[0] if p.names else p.iri, "graph", names=list(p.names), orgs=set(p.orgs), known=p)
              for p in known_people.values()]
    taken = set(known_models) | set(known_people)
    started = {model: list(found) for model, found in (origins or {}).items()}
    for doc in ordered(docs):
        _models(doc, out[doc.id], models, taken)
        _people(doc, out[doc.id], people, taken)
        _units(doc, out[doc.id], gazetteer, minter)
        _kinds(doc, out[doc.id], started)
    return out


def _models(doc: StagedDoc, res: DocResolution, pool: list[_Entry], taken: set[str]) -> None:
    for c in doc.active("model"):
        written = doc.label(c)
        key = model_key(written)
        override = doc.overrides.get(c.key, {})
        target: _Entry | None = None
        manual = False
        if override.get("same_as"):
            target = next((e for e in pool if e.iri == override["same_as"]), None) or _Entry(str(override["same_as"]), written, "graph")
            manual = True
        elif not override.get("apart"):
            exact = sorted((e for e in pool if key in e.keys), key=lambda e: (e.iri != c.subject, e.iri))  # itself first
            target = exact[0] if exact else next((e for e in pool if any(near(key, k) for k in e.keys)), None)
        if target is None:
            iri = c.subject
            rival = any(e.iri == iri and key not in e.keys for e in pool) or iri == override.get("from")
            if rival or (iri in taken and not any(e.iri == iri for e in pool)):  # same slug, another model
                iri = _fresh(c.subject, taken)
                res.mapping[c.subject] = iri
            types = tuple(sorted(str(o) for o in c.values(WU + "modelType")))
            pool.append(_Entry(iri, written, f"doc:{doc.id}", {key}, types=types))
            taken.add(iri)
            res.model_labels[iri] = (written, types)
            if override.get("apart"):
                _record(res, doc, c, "model", written, iri, written, "steward.split", "", "kept apart by a steward", True, True)
            continue
        target.keys.add(key)
        if target.iri != c.subject:
            res.mapping[c.subject] = target.iri
        res.model_labels[target.iri] = (target.label, target.types)
        if target.iri != c.subject or nfc(written) != nfc(target.label):
            rule = "steward.merge" if manual else model_rule(written, target.label)
            detail = f"{model_key(written)} ~ {model_key(target.label)}"
            _record(res, doc, c, "model", written, target.iri, target.label, rule, target.source, detail, manual)


def _orgs_of(doc: StagedDoc, person: Candidate) -> set[str]:
    """Organisations the article ties a person to: their positions' organisations and their affiliation."""
    orgs = {str(o) for o in person.values(SCHEMA + "affiliation")}
    for position in doc.active("position"):
        if any(str(o) == person.subject for o in position.values(ORG + "member")):
            orgs.update(str(o) for o in position.values(ORG + "organization"))
    return orgs


def _people(doc: StagedDoc, res: DocResolution, pool: list[_Entry], taken: set[str]) -> None:
    for c in doc.active("person"):
        written = doc.label(c)
        orgs = _orgs_of(doc, c)
        override = doc.overrides.get(c.key, {})
        chosen: tuple[_Entry, str, str] | None = None
        if override.get("same_as"):
            entry = next((e for e in pool if e.iri == override["same_as"]), None) or _Entry(str(override["same_as"]), written, "graph", names=[written])
            chosen = (entry, "steward.merge", "merged by a steward")
        namesakes = [(e, rule) for e in pool if e.source != f"doc:{doc.id}" and (rule := _name_rule(written, e.names))]
        if chosen is None and not override.get("apart"):
            for entry, rule in namesakes:
                shared = orgs & entry.orgs
                if shared:
                    chosen = (entry, rule + "+unit", "shared organisation " + min(shared))
                    break
                if not orgs and entry.known is not None and entry.known.active_on(doc.day):
                    chosen = (entry, rule + "+period", f"in office on {doc.day}")
                    break
        if chosen is not None:
            entry, rule, detail = chosen
            entry.orgs |= orgs
            if written not in entry.names:
                entry.names.append(written)
            _map_person(doc, res, c.subject, entry.iri)
            res.person_names[entry.iri] = entry.label
            if entry.iri != c.subject or nfc(written) != nfc(entry.label):
                _record(res, doc, c, "person", written, entry.iri, entry.label, rule, entry.source, detail,
                        rule == "steward.merge")
            continue
        iri = c.subject
        others = [e for e in pool if e.source != f"doc:{doc.id}"]
        if any(e.iri == iri for e in others) or (override.get("apart") and iri in taken):
            iri = _fresh(c.subject, taken | {e.iri for e in pool})
            _map_person(doc, res, c.subject, iri)
        if namesakes or override.get("apart"):
            other = namesakes[0][0] if namesakes else None
            split_by_hand = bool(override.get("apart"))
            why = "kept apart by a steward" if split_by_hand else "same name, but no shared organisation or period"
            _record(res, doc, c, "person", written, iri, written, "steward.split" if split_by_hand else "person.homonym",
                    other.source if other else "", why + (f" (namesake {other.iri})" if other else ""), split_by_hand, True)
        taken.add(iri)
        pool.append(_Entry(iri, written, f"doc:{doc.id}", names=[written], orgs=orgs))
        res.person_names[iri] = written


def _name_rule(written: str, names: Sequence[str]) -> str | None:
    """The rule under which `written` is one of `names`, or None."""
    for name in names:
        rule = same_person_name(written, name)
        if rule:
            return rule
    return None


def _map_person(doc: StagedDoc, res: DocResolution, old: str, new: str) -> None:
    """A person's new IRI, and their positions' IRIs (membership/{person}/…) with it."""
    if old == new:
        return
    res.mapping[old] = new
    old_slug, new_slug = old.rsplit("/", 1)[-1], new.rsplit("/", 1)[-1]
    for position in doc.graph.candidates:
        if position.kind == "position" and f"/membership/{old_slug}/" in position.subject:
            res.mapping[position.subject] = position.subject.replace(f"/membership/{old_slug}/", f"/membership/{new_slug}/")


def fact_day(doc: StagedDoc, c: Candidate) -> date | None:
    """The day a fact is about: an adoption's or event's own date, else the article's."""
    for predicate in (WU + "adoptedOn", SCHEMA + "startDate"):
        value = c.value(predicate)
        if value is not None:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                break
    return doc.day


def _units(doc: StagedDoc, res: DocResolution, gazetteer: Gazetteer, minter: Minter) -> None:
    for c in doc.graph.candidates:
        if c.key in doc.excluded or doc.overrides.get(c.key, {}).get("keep_units"):
            continue
        day = fact_day(doc, c)
        if day is None:
            continue
        for predicate in UNIT_LINKS:
            for value in c.values(predicate):
                replacement = era_unit(str(value), day, gazetteer, minter)
                if replacement is None:
                    continue
                new, before, after = replacement
                res.rewrites.setdefault(c.key, {})[str(value)] = new
                _record(res, doc, c, "unit", before, new, after, "unit.era", "graph",
                        f"{before} is not valid on {day.isoformat()}; {after} is")


def _kinds(doc: StagedDoc, res: DocResolution, started: dict[str, list[tuple[str, date]]]) -> None:
    """A second 'origination' of a model, by another chapter and later than the first, is a replication."""
    origination, replication = WU + "Origination", WU + "Replication"
    for c in doc.active("adoption"):
        kind, model, adopter = c.value(WU + "adoptionKind"), c.value(WU + "model"), c.value(WU + "adopter")
        day = fact_day(doc, c)
        if str(kind) != origination or model is None or adopter is None or day is None:
            continue
        model_iri = res.mapping.get(str(model), str(model))
        adopter_iri = res.rewrites.get(c.key, {}).get(str(adopter), str(adopter))
        earlier = [(who, when) for who, when in started.get(model_iri, []) if who != adopter_iri and when < day]
        if earlier and not doc.overrides.get(c.key, {}).get("keep_kind"):
            who, when = min(earlier, key=lambda e: e[1])
            res.rewrites.setdefault(c.key, {})[origination] = replication
            _record(res, doc, c, "adoption", "Origination", replication, "Replication", "adoption.later-launch", "graph",
                    f"{model_iri} was first adopted by {who} on {when.isoformat()}")
        else:
            started.setdefault(model_iri, []).append((adopter_iri, day))


def era_unit(iri: str, day: date, gazetteer: Gazetteer, minter: Minter) -> tuple[str, str, str] | None:
    """(new IRI, old name, new name) when a unit or chapter IRI is of the wrong era for `day` and one namesake fits."""
    parsed = minter.parse_unit(iri)
    if parsed is None:
        return None
    kind, key = parsed
    record = gazetteer.get(minter.unit(key))
    if record is None or record.valid_on(day):
        return None
    province = next((a for a in gazetteer.ancestors(record.iri) if a.level == "Province"), None)
    found = gazetteer.lookup(record.name, on=day, level=record.level)
    if len(found) > 1:  # the namesake that kept the GSO code, else the one in a province of the same name
        found = [r for r in found if r.code == record.code] or [
            r for r in found if province is not None and any(name_key(a.name) == name_key(province.name) for a in gazetteer.ancestors(r.iri))]
    if len(found) != 1:
        return None
    new_key = minter.parse_unit(found[0].iri)
    if new_key is None:
        return None
    new = minter.chapter(new_key[1]) if kind == "chapter" else minter.unit(new_key[1])
    return new, record.name, found[0].name


LABEL_PREDICATES = (SKOS + "prefLabel", SCHEMA + "name")
