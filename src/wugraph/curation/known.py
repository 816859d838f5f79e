"""What the store already knows that staged facts resolve against: models, people, names, labels.

Each function runs one named query (src/wugraph/queries/curation_*.rq) and returns plain data, so
the resolution itself (resolve.py) is pure and the same for the embedded store and a SPARQL server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .. import queries
from ..identifiers import Minter
from ..namespaces import WU
from ..store import Store, rdf
from ..text import slugify


@dataclass
class KnownModel:
    """A stored wu:Model: its preferred Vietnamese name, every other name, its types."""

    iri: str
    pref: str | None = None
    names: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)


@dataclass
class KnownPerson:
    """A stored person: names, the organisations they are tied to, and dated positions."""

    iri: str
    names: list[str] = field(default_factory=list)  # the preferred name (schema:name) first
    orgs: set[str] = field(default_factory=set)
    tenures: list[tuple[str, date | None, date | None]] = field(default_factory=list)

    def active_on(self, day: date | None) -> bool:
        """Held a dated position on that day (an open end counts as still holding it)."""
        if day is None:
            return False
        return any(start is not None and start <= day and (end is None or day <= end) for _, start, end in self.tenures)


def models(store: Store) -> dict[str, KnownModel]:
    found: dict[str, KnownModel] = {}
    for row in queries.rows(store, "curation_models"):
        model = found.setdefault(row["model"].value, KnownModel(row["model"].value))
        label = row["label"]
        model.names.add(label.value)
        if row["kind"].value == "pref" and getattr(label, "language", None) in ("vi", None, ""):
            model.pref = model.pref if model.pref and model.pref <= label.value else label.value
        if "type" in row:
            model.types.add(row["type"].value)
    return found


def originations(store: Store) -> dict[str, list[tuple[str, date]]]:
    """Model → (adopter, day) of each recorded origination."""
    out: dict[str, list[tuple[str, date]]] = {}
    for row in queries.rows(store, "curation_originations"):
        day = _day(row["day"])  # type: ignore[arg-type]
        if day is not None:
            out.setdefault(row["model"].value, []).append((row["adopter"].value, day))
    return out


def _day(term: rdf.Literal | None) -> date | None:
    try:
        return date.fromisoformat(term.value[:10]) if term is not None else None
    except ValueError:
        return None


def people(store: Store, names: Iterable[str], minter: Minter) -> dict[str, KnownPerson]:
    """Stored people minted from any of these names (person/{slug}, person/{slug}-2, …), preferred name first."""
    prefixes = sorted({f"{minter.base}person/{slugify(n)}" for n in names if n})
    if not prefixes:
        return {}
    values = " ".join(str(rdf.Literal(p)) for p in prefixes)
    text = queries.join_where(queries.text("curation_people"), f"VALUES ?prefix {{ {values} }}")
    found: dict[str, KnownPerson] = {}
    spelled: dict[str, dict[str, set[str]]] = {}
    for row in queries.result_rows(store, text):
        iri = row["person"].value
        tail = iri.rsplit("/", 1)[-1]
        if not any(iri == p or (iri.startswith(p + "-") and tail.rsplit("-", 1)[-1].isdigit()) for p in prefixes):
            continue  # person/nguyen-thi-hoai is not a homonym of person/nguyen-thi-hoa
        person = found.setdefault(iri, KnownPerson(iri))
        spelled.setdefault(iri, {}).setdefault(row["kind"].value, set()).add(row["name"].value)
        if "org" in row:
            person.orgs.add(row["org"].value)
            if "start" in row or "end" in row:
                person.tenures.append((row["org"].value, _day(row.get("start")), _day(row.get("end"))))  # type: ignore[arg-type]
    for iri, person in found.items():
        preferred = sorted(spelled[iri].get("name", set()))
        person.names = preferred + sorted(spelled[iri].get("alt", set()) - set(preferred))
    return found


def graph_record(store: Store, graph: str) -> dict[str, str] | None:
    """The digest and time graph/meta records for a document graph, or None when it is not in the store."""
    rows = queries.rows(store, "curation_graph_record", {"graph": rdf.NamedNode(graph)})
    if not rows:
        return None
    return {k: v.value for k, v in rows[0].items()}


def names_by_graph(store: Store, subjects: Iterable[str]) -> set[tuple[str, str, str, str, str]]:
    """(subject, property, language, text, graph) of the preferred names the store gives these subjects."""
    listed = sorted(set(subjects))
    if not listed:
        return set()
    text = queries.bind_iris(queries.text("curation_known_labels"), "s", listed)
    return {(r["s"].value, r["p"].value, getattr(r["label"], "language", "") or "", r["label"].value, r["g"].value)
            for r in queries.result_rows(store, text)}


def labels(store: Store, iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """{iri: {lang: label}} for display; the first label per language wins."""
    listed = sorted({i for i in iris if i})
    if not listed:
        return {}
    out: dict[str, dict[str, str]] = {}
    for row in queries.result_rows(store, queries.bind_iris(queries.text("curation_labels"), "s", listed)):
        lang = getattr(row["label"], "language", "") or "vi"
        out.setdefault(row["s"].value, {}).setdefault(lang, row["label"].value)
    return out


MODEL_TYPES = ("Club", "InterestGroup", "SavingsGroup", "CooperativeGroup", "LivelihoodModel", "OnlineOutreach", "WorkingPractice")
KIND_IRIS = {name.lower(): WU + name for name in ("Origination", "Replication", "Discontinuation")}
