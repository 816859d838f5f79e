"""Every part of an extracted item points at its own text, so the review page can highlight it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wugraph.extract import extract
from wugraph.extract.normalize import canonical
from wugraph.extract.summary import to_summary

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.mark.parametrize("name", ["seed_000_f46896cb9cf14e9f.txt", "d10_dongvan_ra_mat_clb.txt", "d18_hoainhon_giao_luu.txt"])
def test_spans_slice_what_the_item_says(lists_gazetteer, name: str) -> None:
    ex = extract((ARTICLES / name).read_text(encoding="utf-8"), lists_gazetteer)
    text, result = ex.doc.text, to_summary(ex)
    for person in result["persons"]:
        assert text[slice(*person["spans"]["name"])] == person["name"]
        if person["title_text"]:
            assert text[slice(*person["spans"]["title"])] == person["title_text"]
        if person["spans"]["organization"]:
            assert text[slice(*person["spans"]["organization"])].endswith(person["organization_text"])
    for event in result["events"]:
        ev = event["evidence"]
        assert ev["start"] <= event["spans"]["trigger"][0] < ev["end"]
        if event["date"]:
            assert any(ch.isdigit() for ch in text[slice(*event["spans"]["date"])])
        if event["organizer_text"]:
            assert text[slice(*event["spans"]["organizer"])] == event["organizer_text"]
        if event["participants_count"] is not None:
            assert str(event["participants_count"]) in text[slice(*event["spans"]["participants"])].replace(".", "")
    for model in result["models"]:
        assert any(canonical(model["name"]) in canonical(text[s:e]) for s, e in model["spans"]["mentions"])
        for (s, e), unit in zip(model["spans"]["units"], model["units_text"], strict=True):
            assert unit in text[s:e] or canonical(unit) in canonical(text[s:e])
    authors = result["article"]["evidence"]["authors"]
    assert [a["quote"] for a in authors] == result["article"]["authors"]
