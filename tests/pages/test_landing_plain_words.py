"""The landing page in plain words: labelled data classes only, both eras' unit counts with the reform date,
and one navigation on every page (the spread and download links included)."""

from __future__ import annotations

import re

import pytest

WU = "https://w3id.org/wugraph/ontology#"
HTML = {"Accept": "text/html"}
NAV_LINKS = ["/", "/hierarchy", "/search", "/lookup", "/spread", "/sparql", "/download"]


def test_classes_are_labelled_and_are_data_only(shared_client) -> None:
    data = shared_client.get("/index.json").json
    classes = {c["iri"]: c for c in data["classes"]}
    assert classes[WU + "Chapter"]["labels"] == {"vi": "cấp Hội", "en": "union chapter"} and classes[WU + "Chapter"]["count"] == 14165
    assert classes["http://schema.org/Person"]["labels"] == {"vi": "người", "en": "person"}
    assert classes[WU + "AdministrativeUnit"]["curie"] == "wu:AdministrativeUnit"
    machinery = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/ns/shacl#", "http://www.w3.org/ns/prov#",
                 "http://www.w3.org/2000/01/rdf-schema#")
    assert not [iri for iri in classes if iri.startswith(machinery)]
    assert "http://www.w3.org/2004/02/skos/core#Concept" not in classes  # the ontology's concepts are not data
    assert all(c["labels"]["vi"] and c["labels"]["en"] for c in data["classes"])
    vi = shared_client.get("/", headers=HTML).get_data(as_text=True)
    en = shared_client.get("/?lang=en", headers=HTML).get_data(as_text=True)
    assert "cấp Hội" in vi and "union chapter" in en and "sh:PropertyShape" not in vi and "owl:Class" not in vi
    assert "<code>https://w3id.org/wugraph/ontology#Chapter</code>" not in vi


def test_unit_counts_of_both_eras_with_the_reform_date(shared_client) -> None:
    data = shared_client.get("/index.json").json
    assert data["reform_date"] == "2025-07-01"
    before, after = data["stats"]["eras"]
    assert before["era"] == "pre2025" and before["day"] == "2025-06-30"
    assert dict(before["units"]) == {"Province": 63, "District": 696, "Commune": 10051}
    assert after["era"] == "2025" and after["day"] >= "2025-07-01" and dict(after["units"]) == {"Province": 34, "District": 0, "Commune": 3321}
    vi = shared_client.get("/", headers=HTML).get_data(as_text=True)
    en = shared_client.get("/?lang=en", headers=HTML).get_data(as_text=True)
    assert "01/07/2025" in vi and "30/06/2025" in vi and "10,051" in vi and "3,321" in vi
    assert "2025-07-01" in en and "Before the reform" in en and "After the reform" in en


def nav_links(page: str) -> list[str]:
    header = re.search(r'<header class="site">.*?</header>', page, re.S)
    assert header is not None
    return re.findall(r'<nav[^>]*>.*?</nav>', header.group(0), re.S)[0].split('href="')[1:]


@pytest.mark.parametrize("path", ["/", "/hierarchy?on=2023-02-21", "/search?q=dak+glong", "/lookup?unit=27019", "/page/unit/pre2025/district/661",
                                  "/page/person/nguyen-thi-tra-linh", "/spread", "/sparql", "/download", "/ontology",
                                  "/network?iri=https://w3id.org/wugraph/id/union", "/page/nothing/here"])
def test_every_page_has_the_same_navigation(shared_client, collected_here, path: str) -> None:
    response = shared_client.get(path, headers=HTML)
    assert response.status_code in (200, 404)
    links = nav_links(response.get_data(as_text=True))
    hrefs = [link.split('"', 1)[0] for link in links]
    assert hrefs[: len(NAV_LINKS)] == NAV_LINKS
    current = [href for href, link in zip(hrefs, links) if 'aria-current="page"' in link]
    own = path.split("?", 1)[0]
    assert current == ([own] if own in NAV_LINKS else [])
