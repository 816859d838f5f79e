"""The synthetic diffusion data: size per scale, determinism, synthetic marking, dates, channels, the reform,
and that it passes the normal SHACL-gated ingest."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from support.paths import ROOT
from support.spread import demo_store

from wugraph.cli import main
from wugraph.config import load_settings
from wugraph.demo.generate import generate
from wugraph.demo.simulate import plan

WU = "https://w3id.org/wugraph/ontology#"
B = "https://w3id.org/wugraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def test_scale_one_means_300_models_and_200000_adoptions() -> None:
    assert (plan(1, 7).models, plan(1, 7).adoptions) == (300, 200_000)
    assert (plan(10, 7).models, plan(10, 7).adoptions) == (3000, 2_000_000)
    with pytest.raises(ValueError):
        plan(0, 1)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    settings = load_settings({"store": str(tmp_path_factory.mktemp("unused") / "store"), "home": ROOT}, environ={})
    folder = tmp_path_factory.mktemp("demo")
    return settings, generate(settings, 0.002, 3, folder / "demo-s3-x0p002.trig")  # seed 3 spreads across the reform


@pytest.fixture(scope="module")
def quads(small) -> list[ox.Quad]:
    return list(ox.parse(path=str(small[1].path), format=ox.RdfFormat.TRIG))


def subjects_of(quads: list[ox.Quad], cls: str) -> set[str]:
    return {q.subject.value for q in quads if q.predicate.value == RDF_TYPE and q.object.value == WU + cls}


def values(quads: list[ox.Quad], prop: str) -> dict[str, list[ox.NamedNode | ox.Literal]]:
    out: dict[str, list] = {}
    for q in quads:
        if q.predicate.value == prop:
            out.setdefault(q.subject.value, []).append(q.object)
    return out


def test_output_is_one_source_graph_with_a_meta_record(small, quads) -> None:
    _, result = small
    assert {q.graph_name.value for q in quads} == {"https://w3id.org/wugraph/graph/doc/demo-s3-x0p002"}
    meta = json.loads(result.meta_path.read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and meta["source_id"] == "demo-s3-x0p002" and meta["sha256"] == result.sha256
    assert meta["adoptions"] == result.counts["adoptions"] > 300
    assert meta["triples"] == len(quads)


def test_same_seed_same_bytes_other_seed_other_data(small, tmp_path: Path) -> None:
    settings, first = small
    again = generate(settings, 0.002, 3, tmp_path / "demo-s3-x0p002.trig")
    other = generate(settings, 0.002, 4, tmp_path / "demo-s4-x0p002.trig")
    assert again.sha256 == first.sha256
    assert other.sha256 != first.sha256


def test_everything_labelled_is_marked_synthetic(quads) -> None:
    flagged = {q.subject.value for q in quads if q.predicate.value == WU + "isSynthetic" and q.object.value == "true"}
    labels = values(quads, SKOS_PREF)
    for cls in ("Model", "EmulationCluster", "Event", "Adoption"):
        assert subjects_of(quads, cls) <= flagged, cls
    for model in subjects_of(quads, "Model"):
        by_lang = {label.language: label.value for label in labels[model]}
        assert by_lang["vi"].endswith(" (mô phỏng)") and by_lang["en"].endswith(" (synthetic)")
    names = values(quads, "http://schema.org/name")
    assert all(n.value.endswith("(mô phỏng)") for p in names for n in names[p] if n.language == "vi")
    assert all("/mo-phong-" in c for c in subjects_of(quads, "EmulationCluster"))  # never a real cluster's IRI


def test_models_use_the_skos_categories(quads) -> None:
    types = {o.value.removeprefix(WU) for vs in values(quads, WU + "modelType").values() for o in vs}
    bases = {o.value.removeprefix(WU) for vs in values(quads, WU + "organizingBasis").values() for o in vs}
    assert types <= {"Club", "InterestGroup", "SavingsGroup", "CooperativeGroup", "LivelihoodModel", "OnlineOutreach", "WorkingPractice"}
    assert bases <= {"ByAge", "ByInterest", "ByOccupation", "ByEthnicity", "ByReligion", "ByField"}
    assert all(len(vs) == 1 for vs in values(quads, WU + "originator").values())


def test_adoptions_have_precisions_channels_links_and_respect_the_reform(quads) -> None:
    adoptions = subjects_of(quads, "Adoption")
    adopter, day = values(quads, WU + "adopter"), values(quads, WU + "adoptedOn")
    precision = Counter(vs[0].value.removeprefix(WU) for vs in values(quads, WU + "datePrecision").values())
    kinds = Counter(vs[0].value.removeprefix(WU) for vs in values(quads, WU + "adoptionKind").values())
    channels = Counter(vs[0].value.removeprefix(WU) for vs in values(quads, WU + "channel").values())
    assert precision["YearPrecision"] > 0 and precision["DayPrecision"] > precision["YearPrecision"]
    assert kinds["Origination"] == 2 and kinds["Replication"] > 300
    assert channels["ParentDirective"] > 0 and channels["Neighbour"] > 0
    assert len(values(quads, WU + "learnedFrom")) > len(adoptions) // 3
    eras = Counter()
    for a in adoptions:
        chapter, when = adopter[a][0].value, date.fromisoformat(day[a][0].value)
        era = chapter.removeprefix(B + "chapter/").split("/")[0]
        eras[era] += 1
        if era == "pre2025":
            assert when <= date(2025, 6, 30), a  # old chapters ended on 2025-06-30
        elif chapter != B + "union":
            assert when >= date(2025, 7, 1), a  # adopters after the reform are 2025-era chapters
    assert eras["pre2025"] > 0 and eras["2025"] > 0


def test_forums_have_a_speaking_adopter_attendees_and_a_discussed_model(quads) -> None:
    events = subjects_of(quads, "Event")
    assert events
    attendees, discussed = values(quads, "http://schema.org/attendee"), values(quads, WU + "discussedModel")
    assert all(e in attendees and e in discussed for e in events)
    contributions = values(quads, WU + "event")
    assert {vs[0].value for vs in contributions.values()} == events
    capacity = values(quads, WU + "inCapacityOf")
    organization = values(quads, "http://www.w3.org/ns/org#organization")
    assert all(organization[capacity[c][0].value][0].value.startswith(B + "chapter/") for c in contributions)


def test_demo_passes_the_shacl_gated_ingest(tmp_path_factory, built_store_dir) -> None:
    built = demo_store(tmp_path_factory, built_store_dir)
    assert built.ingested.written and built.ingested.report.conforms
    assert built.ingested.report.warnings  # year-only dates are flagged, not refused
    assert built.ingested.sources[0].graph.endswith("/doc/demo-s3-x0p002")


def test_cli_demo_writes_a_file_and_refuses_a_bad_scale(runner, tmp_path: Path) -> None:
    out = tmp_path / "demo-s5-x0p002.trig"
    result = runner.invoke(main, ["demo", "--scale", "0.002", "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "demo-s5-x0p002.trig.meta.json").exists()
    assert "adoptions" in result.output
    assert runner.invoke(main, ["demo", "--scale", "0"]).exit_code == 2
