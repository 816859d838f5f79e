"""A staged document graph cut into reviewable candidates: one fact node each, with its evidence.

The extractor writes one document graph per article (extract/to_rdf.py). Its *frame* — the graph's
own description, the extraction run, the extractor and the article — goes with every accepted
version; every other typed node (a model, an adoption, a person, a position, an event, an
organisation, a speech) is a candidate a steward accepts, rejects or corrects. A candidate keeps
its triples, its evidence nodes (wu:Evidence: quote, character offsets, rule, confidence) and the
candidates it needs: an adoption without its model or a position without its holder is dropped
with them. Keys (kind + the IRI the extractor minted) stay the same when the article is extracted
again, so decisions — rejections above all — survive re-extraction.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import ParseError
from ..namespaces import ORG, PROV, RDF, RDFS, SCHEMA, SKOS, WU

Triple = tuple[Node, Node, Node]

# rdf:type → candidate kind, in display order
KINDS: dict[str, str] = {
    WU + "Model": "model", WU + "Adoption": "adoption", SCHEMA + "Person": "person", ORG + "Membership": "position",
    WU + "Event": "event", ORG + "Organization": "organisation", WU + "Contribution": "contribution",
}
ORDER = ("model", "adoption", "person", "position", "event", "organisation", "contribution")
PREFIX = {"model": "m", "adoption": "a", "person": "p", "position": "t", "event": "e", "organisation": "o", "contribution": "s"}
FRAME_TYPES = frozenset({WU + "DocumentGraph", WU + "ExtractionRun", WU + "Extractor", SCHEMA + "NewsArticle",
                         SCHEMA + "Article"})
# links a candidate cannot stand without (to another candidate of the same document)
REQUIRED: dict[str, frozenset[str]] = {
    "adoption": frozenset({WU + "model", WU + "adopter"}),
    "position": frozenset({ORG + "member", ORG + "organization"}),
    "contribution": frozenset({WU + "event", WU + "participant"}),
}
_TYPE = URIRef(RDF + "type")
_DERIVATION = URIRef(PROV + "qualifiedDerivation")
_COMMENT = re.compile(r"rule (?P<rule>\S+); confidence (?P<confidence>[0-9.]+)")


@dataclass(frozen=True)
class Evidence:
    """A quoted span of the article that grounds a fact."""

    start: int
    end: int
    quote: str
    rule: str
    confidence: float | None


@dataclass(frozen=True)
class Candidate:
    """One fact node of a staged document, its statements and its evidence."""

    key: str
    id: str
    kind: str
    subject: str
    triples: tuple[Triple, ...]
    evidence: tuple[Evidence, ...]
    requires: frozenset[str] = frozenset()
    refers: frozenset[str] = frozenset()

    def values(self, predicate: str) -> list[Node]:
        node = URIRef(self.subject)
        return [o for s, p, o in self.triples if s == node and str(p) == predicate]

    def value(self, predicate: str) -> Node | None:
        found = self.values(predicate)
        return found[0] if found else None

    @property
    def start(self) -> int:
        return min((e.start for e in self.evidence), default=1 << 30)


@dataclass
class StagedGraph:
    """A document graph split into its frame and its candidates."""

    graph_iri: str
    article: str | None
    text: str
    published: str | None
    frame: list[Triple]
    candidates: list[Candidate] = field(default_factory=list)

    def by_key(self) -> dict[str, Candidate]:
        return {c.key: c for c in self.candidates}

    def find(self, ref: str) -> Candidate | None:
        """A candidate by short id (m1), key (model:IRI) or subject IRI."""
        for c in self.candidates:
            if ref in (c.id, c.key, c.subject):
                return c
        return None


def parse_trig(data: bytes) -> tuple[str, Graph]:
    """The one named graph of an extractor's TriG, as a plain graph."""
    dataset = Dataset()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=data, format="trig")
    except (SyntaxError, ValueError) as exc:
        raise ParseError(f"Đồ thị trích xuất không đọc được: {exc}", f"The extraction graph cannot be read: {exc}") from exc
    names = {str(g) for _, _, _, g in dataset.quads((None, None, None, None)) if g is not None}
    if len(names) != 1:
        raise ParseError("Đồ thị trích xuất phải có đúng một đồ thị có tên.", "An extraction must hold exactly one named graph.",
                         graphs=sorted(names))
    name = names.pop()
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return name, graph


def _closure(graph: Graph, node: Node) -> list[Triple]:
    """A node's statements and those of the blank nodes it points to (its evidence)."""
    out: list[Triple] = []
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for s, p, o in graph.triples((current, None, None)):
            out.append((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return out


def evidence_of(graph: Graph, node: Node) -> tuple[Evidence, ...]:
    """The wu:Evidence spans attached to a node, in text order."""
    found = []
    for ev in graph.objects(node, _DERIVATION):
        start, end = graph.value(ev, URIRef(WU + "charStart")), graph.value(ev, URIRef(WU + "charEnd"))
        if start is None or end is None:
            continue
        comment = str(graph.value(ev, URIRef(RDFS + "comment")) or "")
        match = _COMMENT.search(comment)
        found.append(Evidence(int(start), int(end), str(graph.value(ev, URIRef(WU + "quote")) or ""),
                              match["rule"] if match else "", float(match["confidence"]) if match else None))
    return tuple(sorted(found, key=lambda e: (e.start, e.end)))


def _kind(types: Iterable[Node]) -> str | None:
    kinds = [KINDS[str(t)] for t in types if str(t) in KINDS]
    return min(kinds, key=ORDER.index) if kinds else None


def split(data: bytes) -> StagedGraph:
    """Cut an extractor's TriG into frame and candidates (ids numbered by kind, in text order)."""
    name, graph = parse_trig(data)
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    frame_nodes = {s for s in subjects if any(str(t) in FRAME_TYPES for t in graph.objects(s, _TYPE))}
    article = next((s for s in frame_nodes if (s, URIRef(SCHEMA + "articleBody"), None) in graph), None)
    text = str(graph.value(article, URIRef(SCHEMA + "articleBody")) or "") if article is not None else ""
    published = graph.value(article, URIRef(SCHEMA + "datePublished")) if article is not None else None
    authors = set(graph.objects(article, URIRef(SCHEMA + "author"))) if article is not None else set()
    author_evidence = tuple(e for e in evidence_of(graph, article) if e.rule.startswith("article.author")) if article else ()
    frame: list[Triple] = []
    for node in frame_nodes:
        frame.extend(_closure(graph, node))
    found: list[tuple[str, URIRef, list[Triple], tuple[Evidence, ...]]] = []
    for node in subjects - frame_nodes:
        kind = _kind(graph.objects(node, _TYPE))
        if kind is None:
            frame.extend(_closure(graph, node))
            continue
        evidence = evidence_of(graph, node) or (author_evidence if node in authors else ())
        found.append((kind, node, _closure(graph, node), evidence))
    keys = {str(node): f"{kind}:{node}" for kind, node, _, _ in found}
    counters: dict[str, int] = {}
    candidates = []
    for kind, node, triples, evidence in sorted(found, key=lambda f: (ORDER.index(f[0]), min((e.start for e in f[3]), default=1 << 30), str(f[1]))):
        counters[kind] = counters.get(kind, 0) + 1
        required = REQUIRED.get(kind, frozenset())
        requires = {keys[str(o)] for s, p, o in triples if s == node and str(o) in keys and str(p) in required and str(o) != str(node)}
        refers = {keys[str(o)] for s, p, o in triples if s == node and str(o) in keys and str(o) != str(node)} - requires
        candidates.append(Candidate(f"{kind}:{node}", f"{PREFIX[kind]}{counters[kind]}", kind, str(node), tuple(triples),
                                    evidence, frozenset(requires), frozenset(refers)))
    return StagedGraph(name, str(article) if article is not None else None, text,
                       str(published)[:10] if isinstance(published, Literal) else None, frame, candidates)


def label_of(candidate: Candidate) -> str:
    """A short name for a candidate as the extractor wrote it (before resolution)."""
    for predicate in (SKOS + "prefLabel", SCHEMA + "name", WU + "attributionText"):
        values = [o for o in candidate.values(predicate) if isinstance(o, Literal)]
        vi = [o for o in values if o.language in (None, "vi")]
        if vi or values:
            return str((vi or values)[0])
    return candidate.subject.rsplit("/", 1)[-1]


def dependants(candidates: Iterable[Candidate], excluded: set[str]) -> set[str]:
    """Keys that cannot stand once `excluded` are gone (required links, followed to a fixed point)."""
    listed = list(candidates)
    gone = set(excluded)
    changed = True
    while changed:
        changed = False
        for c in listed:
            if c.key not in gone and c.requires & gone:
                gone.add(c.key)
                changed = True
    return gone - set(excluded)


def subjects_of(candidates: Mapping[str, Candidate], keys: Iterable[str]) -> set[str]:
    return {candidates[k].subject for k in keys if k in candidates}
