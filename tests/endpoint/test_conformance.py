"""The W3C SPARQL 1.1 query tests through a real server, and the runner's own comparison rules."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from support.paths import ROOT

from wugraph.conformance import runner as conformance
from wugraph.conformance.compare import canonical, rows_match
from wugraph.conformance.runner import THRESHOLD

SUITE = ROOT.parent / "shared" / "w3c-sparql11"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.slow
@pytest.mark.skipif(not (SUITE / "manifest-sparql11-query.ttl").exists(), reason=f"W3C suite not found at {SUITE}")
def test_w3c_query_evaluation_pass_rate_stays_above_threshold() -> None:
    report = conformance.run(SUITE)
    passed, total = report.counts("eval")
    failures = [f"{o.name}: {o.reason}" for o in report.outcomes if o.kind == "eval" and not o.passed]
    assert total >= 230
    assert report.rate("eval") >= THRESHOLD, "\n".join(failures)
    assert report.rate("negative-syntax") == 1.0  # every malformed query gets a 400
    assert report.counts("positive-syntax")[0] >= report.counts("positive-syntax")[1] - 1  # FROM <file> is refused by policy
    assert report.seconds < 180


def test_numbers_and_booleans_compare_by_value() -> None:
    assert canonical("1.0E6", XSD + "double") == canonical("1000000", XSD + "double")
    assert canonical("1.0", XSD + "decimal") == canonical("1", XSD + "decimal")
    assert canonical("0", XSD + "boolean") == "false"
    assert canonical("abc", XSD + "integer") is None
    assert canonical("x", XSD + "string") is None


def test_blank_nodes_match_up_to_renaming() -> None:
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    one = ox.Literal("1")
    assert rows_match([{"x": a, "y": one}, {"x": b}], [{"x": c}, {"x": ox.BlankNode("d"), "y": one}], ordered=False)
    # the same blank node twice must map to the same blank node twice
    assert not rows_match([{"x": a}, {"x": a}], [{"x": b}, {"x": c}], ordered=False)
    assert rows_match([{"x": a}, {"x": a}], [{"x": b}, {"x": b}], ordered=False)
    ordered = [{"n": ox.Literal("1")}, {"n": ox.Literal("2")}]
    assert not rows_match(ordered, list(reversed(ordered)), ordered=True)
    assert rows_match(ordered, list(reversed(ordered)), ordered=False)
