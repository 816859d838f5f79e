"""Issue 8's user-facing features on real servers (Oxigraph server, Virtuoso), compared with the embedded store.

SHACL-gated ingest of the example sources gives the same triples and PROV records as on the embedded
store, re-ingesting changes nothing, bad inputs are rejected with the remote store untouched, and
retract removes exactly one source; then the pages and their JSON twins, served by a Flask app
whose store is remote, show what the shared embedded app shows. The spread analyses are in
test_remote_spread.py. Every test leaves the servers holding exactly the bundled data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from support.bad_inputs import BAD, EXPECTED, messages, reasons
from support.bundled import DISTRICT, FORUM, FORUM_PATH, HTML
from support.compare import difference
from support.paths import ROOT
from support.remote import INTEGER_TYPES, KINDS, XSD, RemoteServer
from support.stores import copy_store

from wugraph.cli import main
from wugraph.config import Settings, load_settings
from wugraph.errors import NotFoundError, ValidationFailed
from wugraph.ingest.pipeline import (
    IngestResult,
    check,
    ingest,
    list_sources,
    retract,
    source_graph,
)
from wugraph.ingest.sources import read_path
from wugraph.namespaces import DOC_GRAPH_BASE, META_GRAPH
from wugraph.store import DATASET_IRI, Store, open_store
from wugraph.store.remote import RemoteStore
from wugraph.web import create_app

pytestmark = pytest.mark.remote

B = "https://w3id.org/wugraph/id/"
EXAMPLES = ROOT / "data" / "templates" / "examples"
EXAMPLE_FILES = ("nguoi-chuc-vu.csv", "su-kien-phat-bieu.csv", "models.csv", "adoptions.csv", "popolo.json")
EXAMPLE_GRAPHS = frozenset(source_graph(name) for name in EXAMPLE_FILES)
STEWARD = "Phan Thị Minh"
WHEN = datetime(2024, 4, 25, 5, 42, tzinfo=timezone.utc)  # one generation time, so PROV records compare exactly

Fact = tuple[str, str, str]

# Read back through the union default graph and GRAPH, as a planner's query would.
SPEAKERS = f"""PREFIX schema: <http://schema.org/> PREFIX wu: <https://w3id.org/wugraph/ontology#>
SELECT ?date ?delegates ?speaker ?kind WHERE {{ GRAPH <{source_graph("su-kien-phat-bieu")}> {{
  ?e a wu:Event ; schema:startDate ?date ; wu:delegateCount ?delegates .
  ?c wu:event ?e ; wu:participant/schema:name ?speaker ; wu:contributionType ?kind }} }}"""


# -- helpers -----------------------------------------------------------------------------------------


def spelling(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """N-Triples spelling, blank nodes masked and derived integers as xsd:integer (Virtuoso keeps the derived type)."""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value in INTEGER_TYPES:
        return str(ox.Literal(term.value, datatype=ox.NamedNode(XSD + "integer")))
    return str(term)


def facts(store: Store, graph: str) -> set[Fact]:
    """A graph as comparable triples."""
    return {(spelling(q.subject), spelling(q.predicate), spelling(q.object)) for q in store.quads(graph)}


def meta(store: Store) -> set[Fact]:
    """The metadata graph without the dataset node, whose version stamp changes on every write."""
    return {f for f in facts(store, META_GRAPH) if f[0] != f"<{DATASET_IRI}>"}


def record(facts_: set[Fact], source_id: str) -> set[Fact]:
    """One source's PROV record: statements about its document graph and about the document itself."""
    return {f for f in facts_ if f[0] in (f"<{DOC_GRAPH_BASE}{source_id}>", f"<{B}doc/{source_id}>")}


def answers(store: Store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return sorted(tuple(spelling(row[n]) for n in names) for row in result)  # type: ignore[union-attr]


def ingest_examples(store: Store, settings: Settings, *names: str, steward: str = STEWARD) -> IngestResult:
    return ingest(store, [read_path(EXAMPLES / n, settings) for n in names], settings, steward=steward, generated=WHEN)


def state(store: Store) -> tuple[str, int, list[str]]:
    """What a rejected batch must not change: the version, the quad count and the graph names."""
    return store.version(), store.count(), store.graph_names()


@dataclass(frozen=True)
class Remote:
    """A remote store holding the bundled data, with settings that name it."""

    store: RemoteStore
    settings: Settings


def _open(server: RemoteServer) -> Remote:
    return Remote(RemoteStore(server.location), load_settings({"store": server.location, "home": ROOT}, environ={}))


@dataclass(frozen=True)
class Expected:
    """What ingesting every example at once gives on the embedded store."""

    graphs: dict[str, set[Fact]]
    meta_added: set[Fact]
    sources: dict[str, tuple[int, str | None, str | None, str | None]]  # id → triples, file, agent, sha256
    speakers: list[tuple[str, ...]]


def _listed(store: Store) -> dict[str, tuple[int, str | None, str | None, str | None]]:
    return {s.source_id: (s.triples, s.file, s.agent, s.sha256) for s in list_sources(store)
            if s.graph in EXAMPLE_GRAPHS}


# -- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def expected(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Expected:
    """The embedded store's answer, computed once on a private copy of the bundled store."""
    folder = copy_store(built_store_dir, tmp_path_factory.mktemp("remote-suite") / "store")
    settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
    with open_store(folder) as store:
        before = meta(store)
        result = ingest_examples(store, settings, *EXAMPLE_FILES)
        return Expected({s.graph: facts(store, s.graph) for s in result.sources}, meta(store) - before,
                        _listed(store), answers(store, SPEAKERS))


@pytest.fixture(params=KINDS)
def writable(request: pytest.FixtureRequest, built_servers: Callable[[str], RemoteServer]) -> Iterator[Remote]:
    """A remote store for a test that ingests; example sources it leaves behind are retracted afterwards."""
    remote = _open(built_servers(request.param))
    yield remote
    for graph in EXAMPLE_GRAPHS & set(remote.store.graph_names()):
        retract(remote.store, graph, remote.settings)
    remote.store.close()


# -- SHACL-gated ingest ----------------------------------------------------------------------------


def test_the_examples_ingest_as_on_the_embedded_store_and_again_change_nothing(writable: Remote, expected: Expected) -> None:
    store, settings = writable.store, writable.settings
    before = state(store)
    assert check(store, [read_path(EXAMPLES / n, settings) for n in EXAMPLE_FILES], settings).report.conforms
    assert state(store) == before  # a dry run writes nothing
    before_meta = meta(store)
    result = ingest_examples(store, settings, *EXAMPLE_FILES)
    assert result.written and not any(s.replaced for s in result.sources)
    assert {s.graph: facts(store, s.graph) for s in result.sources} == expected.graphs
    assert meta(store) - before_meta == expected.meta_added and before_meta <= meta(store)
    assert _listed(store) == expected.sources
    assert answers(store, SPEAKERS) == expected.speakers
    assert store.count() == before[1] + sum(len(g) for g in expected.graphs.values()) + len(expected.meta_added)

    count, graphs, names = store.count(), {g: facts(store, g) for g in expected.graphs}, store.graph_names()
    again = ingest_examples(store, settings, *EXAMPLE_FILES)
    assert all(s.replaced for s in again.sources)
    assert all(s.unchanged for s in again.sources)  # compared (integer subtypes as the store holds them), not rewritten
    assert (store.count(), store.graph_names()) == (count, names)
    assert {g: facts(store, g) for g in graphs} == graphs
    assert meta(store) - before_meta == expected.meta_added
    assert [s.source_id for s in list_sources(store)].count("adoptions") == 1


@pytest.mark.parametrize("name", ["ambiguous-place.csv", "conflicting-event.csv", "location-not-valid-on-date.ttl",
                                  "hierarchy-cycle.ttl", "adoption-after-end.ttl"])
def test_a_bad_input_is_rejected_and_the_remote_store_unchanged(writable: Remote, name: str) -> None:
    """Inputs whose rejection needs the stored data: places, the stored seed event, the unit tree, validity dates."""
    store, settings = writable.store, writable.settings
    _, reason, text = EXPECTED[name]
    before = state(store)
    with pytest.raises(ValidationFailed) as caught:
        ingest(store, [read_path(BAD / name, settings)], settings, steward="Kiểm thử")
    assert reason in reasons(caught.value)
    assert text in messages(caught.value)
    assert state(store) == before


def test_retract_removes_one_source_and_its_record_and_nothing_else(writable: Remote) -> None:
    store, settings = writable.store, writable.settings
    before, before_meta = state(store), meta(store)
    ingest_examples(store, settings, "popolo.json", steward="Người thử")
    ingest_examples(store, settings, "models.csv", steward="Người thử")
    both, both_meta, models = store.count(), meta(store), facts(store, source_graph("models"))
    popolo_record = record(both_meta, "popolo")
    assert popolo_record and (f"<{source_graph('popolo')}>", "<http://www.w3.org/ns/prov#wasAttributedTo>",
                              f"<{B}agent/nguoi-thu>") in popolo_record

    info = retract(store, "popolo.json", settings)
    assert info.graph == source_graph("popolo") and info.triples > 0
    assert source_graph("popolo") not in store.graph_names()
    assert meta(store) == both_meta - popolo_record  # the agent stays: it still answers for models
    assert facts(store, source_graph("models")) == models
    assert store.count() == both - info.triples - len(popolo_record)

    retract(store, "models", settings)
    assert meta(store) == before_meta  # the last record and the agent description are gone
    assert (store.count(), store.graph_names()) == before[1:]
    with pytest.raises(NotFoundError):
        retract(store, "models", settings)


@pytest.mark.parametrize("kind", KINDS)
def test_the_sources_listing_matches_the_embedded_store(kind: str, built_servers: Callable[[str], RemoteServer],
                                                        shared_store: Store) -> None:
    """`wugraph sources --json` on a remote store lists the embedded store's sources (there is no /sources page)."""
    def listing(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted((r["source_id"], r["graph"], r["triples"], r["file"], r["agent"], r["sha256"]) for r in rows)

    want = listing([asdict(s) for s in list_sources(shared_store)])
    assert ("000_f46896cb9cf14e9f", DOC_GRAPH_BASE + "000_f46896cb9cf14e9f") in [w[:2] for w in want]
    done = CliRunner().invoke(main, ["--store", built_servers(kind).location, "sources", "--json"])
    assert done.exit_code == 0, done.output
    assert listing(json.loads(done.stdout)) == want


# -- pages on a remote store ---------------------------------------------------------------------


@pytest.fixture(scope="module", params=KINDS)
def remote_client(request: pytest.FixtureRequest, built_servers: Callable[[str], RemoteServer]) -> Iterator[Any]:
    """A test client of an app over a remote store holding the bundled data, like the shared embedded app."""
    remote = _open(built_servers(request.param))
    app = create_app(remote.settings, store=remote.store)
    app.config["TESTING"] = True
    yield app.test_client()
    remote.store.close()


# Build times and version tokens differ from store to store.
VOLATILE = frozenset({"generated", "version", "store_version"})


def comparable(value: Any) -> Any:
    """A page's JSON with what legitimately differs between stores taken out.

    Masked: build times and version tokens; evidence ids (minted from blank nodes); Virtuoso's
    derived integer datatypes (it keeps xsd:nonNegativeInteger, Oxigraph stores xsd:integer). Lists
    are compared as sorted multisets, since rows tied under ORDER BY come in any order.
    """
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in VOLATILE or (key == "evidence" and isinstance(item, str)):
                out[key] = "masked"
            elif key == "datatype" and item in INTEGER_TYPES:
                out[key] = XSD + "integer"
            else:
                out[key] = comparable(item)
        return out
    if isinstance(value, list):
        return sorted((comparable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


_LINK = re.compile(r'href="(/[^"]*)"')


def links(html: str) -> set[str]:
    return set(_LINK.findall(html))


def twin(url: str) -> str:
    path, _, query = url.partition("?")
    return ("/index.json" if path == "/" else path + ".json") + ("?" + query if query else "")


# The pages of tests/test_pages.py: home, hierarchy, search, network, event, unit, chapter, person, model,
# source document (the seed article), cluster, the Union and an organisation.
PAGES = ["/", "/hierarchy?on=2023-02-21&open=" + DISTRICT, "/search?q=dak+glong", "/network?iri=" + FORUM,
         "/page/" + FORUM_PATH, "/page/unit/pre2025/district/661", "/page/chapter/pre2025/province/67",
         "/page/person/nguyen-thi-tra-linh", "/page/model/clb-theo-so-thich", "/page/doc/000_f46896cb9cf14e9f",
         "/page/cluster/pre2025/province/67/2", "/page/union", "/page/org/huyen-uy-dak-glong"]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_and_its_json_twin_show_what_the_embedded_store_shows(remote_client: Any, shared_client: Any, url: str) -> None:
    page, want_page = remote_client.get(url, headers=HTML), shared_client.get(url, headers=HTML)
    assert page.status_code == want_page.status_code == 200, page.get_data(as_text=True)[-500:]
    data, want = remote_client.get(twin(url)), shared_client.get(twin(url))
    assert data.status_code == want.status_code == 200
    assert links(page.get_data(as_text=True)) == links(want_page.get_data(as_text=True))
    assert difference(comparable(data.get_json()), comparable(want.get_json())) is None


def test_the_pages_hold_the_facts_planners_look_for(remote_client: Any) -> None:
    """The same spot checks as tests/test_pages.py, read off the remote store (not only equal to embedded)."""
    home = remote_client.get("/", headers=HTML).get_data(as_text=True)
    assert 'role="search"' in home and f'href="/page/{FORUM_PATH}"' in home
    event = remote_client.get(f"/page/{FORUM_PATH}.json").get_json()["profile"]
    assert event["start"] == "2023-02-21" and event["delegate_count"] == 80 and len(event["models"]) == 13
    assert "80 đại biểu" in remote_client.get(f"/page/{FORUM_PATH}", headers=HTML).get_data(as_text=True)
    person = remote_client.get("/page/person/nguyen-van-thong.json").get_json()["profile"]
    assert person["positions"][0]["organization"]["iri"] == B + "org/huyen-uy-dak-glong"
    unit = remote_client.get("/page/unit/pre2025/district/661.json").get_json()["profile"]
    assert unit["chapter"]["iri"] == B + "chapter/pre2025/district/661" and len(unit["children"]) == 7
    view = remote_client.get("/hierarchy.json?on=2025-08-01").get_json()["view"]
    assert len(view["levels"][0]["items"]) == 34  # the provinces after the 2025 reform
    search = remote_client.get("/search.json?q=dak+glong").get_json()["result"]
    assert DISTRICT in {h["ref"]["iri"] for g in search["groups"] for h in g["hits"]}
    missing = remote_client.get("/page/person/khong-co-ai.json")
    assert missing.status_code == 404 and missing.get_json()["code"] == "not_found"
