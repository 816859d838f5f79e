"""Turn simulated demo runs into RDF (TriG or N-Quads) that passes the ingest shapes.

Every labelled resource says it is synthetic twice: `wu:isSynthetic true` and a label ending in
" (mô phỏng)" / " (synthetic)". Synthetic clusters, people and forums get IRIs of their own
(`…/mo-phong-N`, slugs ending in `-mo-phong`), so they can never merge with real entities.
Output is deterministic for a given seed and scale.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO

from ..identifiers import UnitKey
from ..namespaces import (
    DCTERMS,
    GRAPH_BASE,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WU,
    XSD,
)
from ..text import slugify
from .simulate import UNION, Adopted, DemoPlan, Forum, ModelRun
from .world import World

SUFFIX_VI, SUFFIX_EN = " (mô phỏng)", " (synthetic)"
PREFIXES = {"wu": WU, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "org": ORG, "prov": PROV,
            "schema": SCHEMA, "dcterms": DCTERMS}
TERMS = (("2011-07-01", "2016-06-30"), ("2016-07-01", "2021-06-30"), ("2021-07-01", "2025-06-30"), ("2025-07-01", None))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Thị", "Thị Thu", "Thị Thanh", "Thị Ngọc", "Thị Kim", "Thị Minh", "Thị Hồng", "Thị Mai")
GIVEN = ("Hoa", "Lan", "Hương", "Hạnh", "Hằng", "Linh", "Nga", "Nhung", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến",
         "Dung", "Hà", "Hiền", "Huệ", "Liên", "Loan", "Mai", "Ngân", "Oanh", "Quyên", "Sương", "Thủy", "Trinh", "Xuân")

Entity = tuple[str, list[tuple[str, str]]]


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal in Turtle/N-Triples syntax, escaped."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"' + (f"@{lang}" if lang else f"^^{datatype}" if datatype else "")


def day(value: date | str) -> str:
    return lit(str(value), datatype="xsd:date")


TRUE = '"true"^^xsd:boolean'


def term_of(on: date) -> int:
    """Index of the union's term of office (nhiệm kỳ) covering a day."""
    return next(i for i, (start, end) in enumerate(TERMS)
                if date.fromisoformat(start) <= on and (end is None or on <= date.fromisoformat(end)))


def source_id(demo: DemoPlan) -> str:
    """'demo-s7-x0p01': names the file, the source and its graph (no dots: the ingest reads ids from file names)."""
    scale = f"{demo.scale:g}".replace(".", "p")
    return f"demo-s{demo.seed}-x{scale}"


@dataclass
class Counts:
    models: int = 0
    adoptions: int = 0
    discontinuations: int = 0
    forums: int = 0
    clusters: int = 0
    people: int = 0
    triples: int = 0


class Emitter:
    """Builds the entities of the demo graph, keeping IRIs unique and shared nodes emitted once."""

    def __init__(self, world: World, demo: DemoPlan) -> None:
        self.world, self.demo = world, demo
        self.base = world.minter.base
        self.rng = random.Random(demo.seed * 7919 + 1)
        self.used: set[str] = set()
        self.people: dict[tuple[UnitKey, int], tuple[str, str, str]] = {}
        self.names: dict[tuple[str, str], int] = {}
        self.counts = Counts()

    def iri(self, path: str) -> str:
        return f"<{path}>"  # relative to the entity base (@base in TriG, expanded for N-Quads)

    def unique(self, path: str) -> str:
        candidate, n = path, 1
        while candidate in self.used:
            n += 1
            candidate = f"{path}-{n}"
        self.used.add(candidate)
        return candidate

    def chapter(self, key: UnitKey) -> str:
        return "<union>" if key == UNION else self.iri(f"chapter/{key.path}")

    def dataset(self) -> Entity:
        sid = source_id(self.demo)
        return (self.iri(f"doc/{sid}"), [
            ("a", "prov:Entity"),
            ("rdfs:label", lit(f"Dữ liệu lan tỏa mô hình, hạt giống {self.demo.seed}, quy mô {self.demo.scale:g}{SUFFIX_VI}", "vi")),
            ("rdfs:label", lit(f"Model diffusion data, seed {self.demo.seed}, scale {self.demo.scale:g}{SUFFIX_EN}", "en")),
            ("schema:description", lit("Dữ liệu giả lập bằng `wugraph demo` để minh họa và đo hiệu năng; không phải dữ kiện thật.", "vi")),
            ("schema:description", lit("Synthetic data made by `wugraph demo` for demonstration and benchmarks; not real facts.", "en")),
            ("wu:isSynthetic", TRUE),
        ])

    def clusters(self, provinces: set[tuple[str, str]]) -> Iterator[Entity]:
        """The invented emulation clusters of the provinces the demo touched."""
        for (era, province), groups in sorted(self.world.clusters.items()):
            if (era, province) not in provinces:
                continue
            parent = UnitKey(era, "province", province)
            place = self.world.place(parent)
            level = "district" if era == "pre2025" else "commune"
            for number, group in enumerate(groups, start=1):
                self.counts.clusters += 1
                pairs = [
                    ("a", "wu:EmulationCluster"),
                    ("skos:prefLabel", lit(f"Cụm thi đua số {number} – {place.chapter_vi}{SUFFIX_VI}", "vi")),
                    ("skos:prefLabel", lit(f"Emulation cluster no. {number} – {place.chapter_en}{SUFFIX_EN}", "en")),
                    ("org:subOrganizationOf", self.chapter(parent)),
                    ("wu:forLevel", "wu:DistrictLevel" if era == "pre2025" else "wu:CommuneLevel"),
                    *[("org:hasMember", self.chapter(UnitKey(era, level, code))) for code in group],
                    ("schema:startDate", day("2011-01-01" if era == "pre2025" else "2025-07-01")),
                    *([("schema:endDate", day("2025-06-30"))] if era == "pre2025" else []),
                    ("wu:isSynthetic", TRUE),
                ]
                yield self.iri(f"cluster/{parent.path}/mo-phong-{number}"), pairs

    def model(self, run: ModelRun) -> tuple[str, list[Entity]]:
        base_vi, base_en, model_type, targets, basis = run.template
        place = self.world.place(run.origin).name
        n = self.names[(base_vi, place)] = self.names.get((base_vi, place), 0) + 1
        tail = f" {n}" if n > 1 else ""
        slug = self.unique(slugify(f"{base_vi} {place}{tail} mo phong", 70))
        pairs = [
            ("a", "wu:Model"),
            ("skos:prefLabel", lit(f"{base_vi} – {place}{tail}{SUFFIX_VI}", "vi")),
            ("skos:prefLabel", lit(f"{base_en} – {place}{tail}{SUFFIX_EN}", "en")),
            ("wu:modelType", f"wu:{model_type}"),
            *[("wu:targetGroup", f"wu:{t}") for t in targets],
            ("wu:organizingBasis", f"wu:{basis}"),
            ("wu:originator", self.chapter(run.origin)),
            ("wu:originDate", day(run.origin_day)),
            ("wu:isSynthetic", TRUE),
        ]
        self.counts.models += 1
        return slug, [(self.iri(f"model/{slug}"), pairs)]

    def chair(self, key: UnitKey, on: date) -> tuple[list[Entity], str, str, str]:
        """The synthetic chair of a chapter in the term covering `on`: (entities to emit, person, membership, name)."""
        term = term_of(on)
        known = self.people.get((key, term))
        if known:
            return [], *known
        name = f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}{SUFFIX_VI}"
        person = self.unique(f"person/{slugify(name)}")
        membership = f"membership/{person.removeprefix('person/')}/{key.path}/chair"
        start, end = TERMS[term]
        self.people[(key, term)] = (person, membership, name)
        self.counts.people += 1
        return [
            (self.iri(person), [("a", "schema:Person"), ("schema:name", lit(name, "vi")), ("wu:isSynthetic", TRUE)]),
            (self.iri(membership), [("a", "org:Membership"), ("org:member", self.iri(person)), ("org:organization", self.chapter(key)),
                                    ("org:role", "wu:Chair"), ("schema:startDate", day(start)),
                                    *([("schema:endDate", day(end))] if end else []), ("wu:isSynthetic", TRUE)]),
        ], person, membership, name

    def forum(self, run: ModelRun, model: str, forum: Forum) -> tuple[str, list[Entity]]:
        base_vi, base_en = run.template[0], run.template[1]
        host = self.world.place(forum.host)
        path = self.unique(f"event/{forum.day}/{slugify(f'dien dan nhan rong {base_vi} {host.name} mo phong', 70)}")
        entities, person, membership, name = self.chair(forum.speaker, forum.day)
        speaker = self.world.place(forum.speaker).chapter_vi
        attendees = [a for a in forum.attendees if self.world.has(a)]
        entities.append((self.iri(path), [
            ("a", "wu:Event"),
            ("schema:name", lit(f"Diễn đàn nhân rộng mô hình “{base_vi}” tại {host.name}{SUFFIX_VI}", "vi")),
            ("schema:name", lit(f"Forum on replicating “{base_en}” in {host.name}{SUFFIX_EN}", "en")),
            ("schema:startDate", day(forum.day)),
            ("wu:eventType", "wu:Forum"),
            ("schema:location", self.iri(f"unit/{forum.host.path}")),
            ("schema:organizer", self.chapter(forum.organizer)),
            *[("schema:attendee", self.chapter(a)) for a in attendees],
            ("wu:delegateCount", lit(str(10 + 3 * len(attendees)), datatype="xsd:nonNegativeInteger")),
            ("wu:discussedModel", model),
            ("wu:isSynthetic", TRUE),
        ]))
        entities.append((self.iri(f"contribution/{path.removeprefix('event/')}/1"), [
            ("a", "wu:Contribution"),
            ("wu:event", self.iri(path)),
            ("wu:participant", self.iri(person)),
            ("wu:contributionType", "wu:ExperienceSharing"),
            ("wu:inCapacityOf", self.iri(membership)),
            ("wu:attributionText", lit(f"Đ/c {name.removesuffix(SUFFIX_VI)}, Chủ tịch {speaker}", "vi")),
            ("wu:isSynthetic", TRUE),
        ]))
        self.counts.forums += 1
        return self.iri(path), entities

    def adoption(self, slug: str, model: str, record: Adopted, events: list[str]) -> Entity:
        """One wu:Adoption; dates coarsened to month or year for some, links recorded for most."""
        r = self.rng
        recorded, precision = record.day, "DayPrecision"
        if record.kind == "Replication":
            u = r.random()
            if u < 0.12 and (record.key.era == "pre2025" or record.day.year >= 2026):
                recorded, precision = date(record.day.year, 1, 1), "YearPrecision"
            elif u < 0.2:
                recorded, precision = record.day.replace(day=1), "MonthPrecision"
        pairs = [("a", "wu:Adoption"), ("wu:model", model), ("wu:adopter", self.chapter(record.key)),
                 ("wu:adoptedOn", day(recorded)), ("wu:datePrecision", f"wu:{precision}"), ("wu:adoptionKind", f"wu:{record.kind}")]
        if record.kind == "Replication":
            forum = record.channel == "ForumChannel"
            if record.source is not None and r.random() < (0.5 if forum else 0.75):
                pairs.append(("wu:learnedFrom", self.chapter(record.source)))
            if record.channel and r.random() < 0.9:
                pairs.append(("wu:channel", f"wu:{record.channel}"))
            if forum and record.event is not None and r.random() < 0.8:
                pairs.append(("wu:viaEvent", events[record.event]))
        pairs.append(("wu:isSynthetic", TRUE))
        if record.kind == "Discontinuation":
            self.counts.discontinuations += 1
        else:
            self.counts.adoptions += 1
        return self.iri(self.unique(f"adoption/{slug}/{record.key.path}/{recorded}")), pairs

    def run_entities(self, run: ModelRun) -> Iterator[Entity]:
        slug, entities = self.model(run)
        yield from entities
        model = entities[0][0]
        events: list[str] = []
        for forum in run.forums:
            event, forum_entities = self.forum(run, model, forum)
            events.append(event)
            yield from forum_entities
        for record in run.adoptions:
            yield self.adoption(slug, model, record, events)


def touched_provinces(world: World, runs: Iterable[ModelRun]) -> set[tuple[str, str]]:
    """(era, province code) of every adopter: the provinces whose clusters the demo writes."""
    out: set[tuple[str, str]] = set()
    for run in runs:
        for record in run.adoptions:
            out.add((record.key.era, world.province_of(record.key)))
    return out


# --- writers --------------------------------------------------------------------------------


def _expand(token: str, base: str) -> str:
    """A compact TriG token → N-Triples syntax."""
    if token == "a":
        return f"<{RDF}type>"
    if token.startswith("<"):
        return token if token.startswith(("<http://", "<https://")) else f"<{base}{token[1:]}"
    if token.startswith('"'):
        head, _, datatype = token.rpartition("^^")
        if head and datatype and not datatype.startswith("<"):
            prefix, local = datatype.split(":", 1)
            return f"{head}^^<{PREFIXES[prefix]}{local}>"
        return token
    prefix, local = token.split(":", 1)
    return f"<{PREFIXES[prefix]}{local}>"


class GraphWriter:
    """Streams entities into one named graph of a TriG (compact, @base) or N-Quads file."""

    def __init__(self, handle: IO[str], graph: str, base: str, nquads: bool) -> None:
        self.handle, self.graph, self.base, self.nquads = handle, graph, base, nquads
        self.triples = 0
        if not nquads:
            handle.write(f"@base <{base}> .\n")
            for prefix, namespace in PREFIXES.items():
                handle.write(f"@prefix {prefix}: <{namespace}> .\n")
            handle.write(f"\n<{graph}> {{\n")

    def write(self, entity: Entity) -> None:
        subject, pairs = entity
        self.triples += len(pairs)
        if self.nquads:
            s, g = _expand(subject, self.base), f"<{self.graph}>"
            self.handle.write("".join(f"{s} {_expand(p, self.base)} {_expand(o, self.base)} {g} .\n" for p, o in pairs))
            return
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        self.handle.write(f"{subject} {body} .\n")

    def close(self) -> None:
        if not self.nquads:
            self.handle.write("}\n")


def graph_iri(demo: DemoPlan) -> str:
    return f"{GRAPH_BASE}doc/{source_id(demo)}"
