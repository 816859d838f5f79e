"""Issue 2's acceptance checks, asked as SPARQL of the bundled data on every kind of store (embedded and remote)."""

from __future__ import annotations

from datetime import date

import pytest

from wugraph.namespaces import sparql_prologue
from wugraph.pages.stats import units_valid_on
from wugraph.store import Store

P = sparql_prologue()
BASE = "https://w3id.org/wugraph/id/"
FORUM_DISTRICT = BASE + "unit/pre2025/district/661"
DAK_NONG_CHAPTER = BASE + "chapter/pre2025/province/67"
ARTICLE = BASE + "doc/000_f46896cb9cf14e9f"
XSD = "http://www.w3.org/2001/XMLSchema#"


def select(store: Store, body: str) -> list[dict[str, str]]:
    result = store.query(P + body)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def ask(store: Store, body: str) -> bool:
    return bool(store.query(P + body))


@pytest.mark.parametrize(("day", "expected"), [
    (date(2024, 6, 1), {"Province": 63, "District": 696, "Commune": 10051}),
    (date(2025, 6, 30), {"Province": 63, "District": 696, "Commune": 10051}),
    (date(2025, 7, 1), {"Province": 34, "District": 0, "Commune": 3321}),
    (date(2025, 8, 1), {"Province": 34, "District": 0, "Commune": 3321}),
])
def test_units_valid_on_a_day(bundled_store: Store, day: date, expected: dict[str, int]) -> None:
    assert units_valid_on(bundled_store, day) == expected


def test_old_dak_nong_is_replaced_by_the_new_lam_dong(bundled_store: Store) -> None:
    rows = select(bundled_store, """
        SELECT ?new ?name ?type WHERE {
          ?old wu:unitLevel wu:Province ; skos:notation "67" ; schema:endDate "2025-06-30"^^xsd:date ;
               dcterms:isReplacedBy ?new .
          ?new skos:prefLabel ?name ; schema:startDate "2025-07-01"^^xsd:date ; dcterms:replaces ?old .
          ?change prov:generated ?new ; wu:changeType ?type .
          FILTER (lang(?name) = "vi")
        }""")
    assert rows == [{"new": BASE + "unit/2025/province/68", "name": "Tỉnh Lâm Đồng", "type": "https://w3id.org/wugraph/ontology#Fusion"}]
    old_lam_dong = BASE + "unit/pre2025/province/68"
    assert ask(bundled_store, f"ASK {{ <{old_lam_dong}> dcterms:isReplacedBy <{BASE}unit/2025/province/68> }}")


def test_every_post_reform_province_has_predecessors_and_every_old_one_a_successor(bundled_store: Store) -> None:
    orphans = select(bundled_store, """
        SELECT ?u WHERE { ?u wu:unitLevel wu:Province .
          OPTIONAL { ?u dcterms:replaces ?a } OPTIONAL { ?u dcterms:isReplacedBy ?b }
          FILTER (!BOUND(?a) && !BOUND(?b)) }""")
    assert orphans == []


def test_districts_end_with_their_level_and_pass_their_communes_on(bundled_store: Store) -> None:
    """A district has no successor at its level and no primary one: its successions go to the 2025 communes (issue 15)."""
    assert not ask(bundled_store, "ASK { ?s wu:from ?d ; wu:isPrimary true . ?d wu:unitLevel wu:District }")
    assert not ask(bundled_store, "ASK { ?d wu:unitLevel wu:District ; dcterms:isReplacedBy ?x . ?x wu:unitLevel ?l FILTER (?l != wu:Commune) }")
    abolished = select(bundled_store, """SELECT (COUNT(?c) AS ?n) WHERE { ?c wu:changeType wu:LevelAbolished ; prov:used ?d . ?d wu:unitLevel wu:District }""")
    assert abolished == [{"n": "696"}]


def test_code_continuations_are_gone(bundled_store: Store) -> None:
    """The partial same-code lineage was replaced by the full one; the concept stays, deprecated, for old queries."""
    assert not ask(bundled_store, "ASK { ?s wu:changeType wu:CodeContinuation }")
    assert ask(bundled_store, "ASK { wu:CodeContinuation owl:deprecated true }")


def test_every_unit_has_exactly_one_chapter(bundled_store: Store) -> None:
    counts = select(bundled_store, """
        SELECT (COUNT(?u) AS ?units) (SUM(IF(?n = 1, 1, 0)) AS ?one) WHERE {
          { SELECT ?u (COUNT(?c) AS ?n) WHERE { ?u a wu:AdministrativeUnit . OPTIONAL { ?c wu:forUnit ?u ; a wu:Chapter } } GROUP BY ?u }
        }""")
    assert counts == [{"units": "14165", "one": "14165"}]


def test_each_chapter_hangs_under_the_chapter_of_its_parent_unit(bundled_store: Store) -> None:
    mismatches = select(bundled_store, """
        SELECT ?c WHERE {
          ?c a wu:Chapter ; wu:forUnit ?u ; org:subOrganizationOf ?pc .
          ?u schema:containedInPlace ?pu .
          OPTIONAL { ?pc wu:forUnit ?pcu }
          FILTER (!BOUND(?pcu) || ?pcu != ?pu)
        } LIMIT 5""")
    assert mismatches == []
    provinces_under_union = select(bundled_store, """
        SELECT (COUNT(?c) AS ?n) WHERE { ?c a wu:Chapter ; wu:forUnit/wu:unitLevel wu:Province ; org:subOrganizationOf ?root . ?root a wu:Union }""")
    assert provinces_under_union == [{"n": str(63 + 34)}]


def test_chapter_validity_matches_its_unit(bundled_store: Store) -> None:
    assert not ask(bundled_store, """ASK { ?c a wu:Chapter ; wu:forUnit ?u .
        OPTIONAL { ?u schema:endDate ?ue } OPTIONAL { ?c schema:endDate ?ce }
        FILTER (BOUND(?ue) != BOUND(?ce) || (BOUND(?ue) && ?ue != ?ce)) }""")


def test_the_seed_forum(bundled_store: Store) -> None:
    rows = select(bundled_store, """
        SELECT ?forum ?date ?delegates ?place ?organizer WHERE {{
          ?forum a wu:Event ; wu:eventType wu:Forum ; schema:startDate ?date ; wu:delegateCount ?delegates ;
                 schema:location ?place ; schema:organizer ?organizer .
          FILTER (?date = "2023-02-21"^^xsd:date) }}""")
    assert len(rows) == 1
    forum = rows[0]
    assert forum["delegates"] == "80"
    assert forum["organizer"] == DAK_NONG_CHAPTER
    within = forum["place"] == FORUM_DISTRICT or ask(bundled_store, f"ASK {{ <{forum['place']}> schema:containedInPlace+ <{FORUM_DISTRICT}> }}")
    assert within
    # Oxigraph 0.5 stores every integer-derived datatype in canonical xsd:integer form, Virtuoso keeps the
    # xsd:nonNegativeInteger of the source file; SHACL enforces the typing on the way in either way.
    typed = list(bundled_store.query(P + f"SELECT ?n WHERE {{ <{forum['forum']}> wu:delegateCount ?n }}"))[0]["n"]
    assert typed.datatype.value in (XSD + "integer", XSD + "nonNegativeInteger") and int(typed.value) >= 0


def test_the_seed_officials_and_their_roles(bundled_store: Store) -> None:
    rows = select(bundled_store, """
        SELECT ?name ?role WHERE {
          ?m a org:Membership ; org:member ?p ; org:role ?role .
          ?p schema:name ?name .
          ?c wu:participant ?p ; wu:event ?e . ?e schema:startDate "2023-02-21"^^xsd:date .
        } ORDER BY ?name""")
    pairs = {(r["name"], r["role"].removeprefix("https://w3id.org/wugraph/ontology#")) for r in rows}
    assert ("Nguyễn Thị Trà Linh", "ViceChair") in pairs
    assert ("Nguyễn Văn Thông", "StandingDeputySecretary") in pairs


def test_the_seed_facts_live_in_a_graph_whose_primary_source_is_the_article(bundled_store: Store) -> None:
    rows = select(bundled_store, f"""
        SELECT DISTINCT ?g ?time ?agent WHERE {{
          GRAPH ?g {{ ?forum a wu:Event ; schema:startDate "2023-02-21"^^xsd:date }}
          GRAPH <https://w3id.org/wugraph/graph/meta> {{
            ?g prov:hadPrimarySource <{ARTICLE}> ; prov:generatedAtTime ?time ; prov:wasAttributedTo ?agent }} }}""")
    assert [r["g"] for r in rows] == ["https://w3id.org/wugraph/graph/doc/000_f46896cb9cf14e9f"]
    assert ask(bundled_store, f"""ASK {{ <{ARTICLE}> a schema:NewsArticle ; schema:datePublished ?d ; schema:author ?a .
        FILTER (STRSTARTS(STR(?d), "2024-04-25")) }}""")


def test_every_bundled_graph_has_provenance(bundled_store: Store) -> None:
    missing = select(bundled_store, """
        SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o }
          FILTER (?g != <https://w3id.org/wugraph/graph/meta>)
          OPTIONAL { GRAPH <https://w3id.org/wugraph/graph/meta> { ?g prov:generatedAtTime ?t ; prov:wasAttributedTo ?a } }
          FILTER (!BOUND(?t)) } GROUP BY ?g""")
    assert missing == []
