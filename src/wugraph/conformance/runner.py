"""W3C SPARQL 1.1 query tests run end to end through a real `wugraph serve` over HTTP.

Fast path: every data file of every test goes once into one store, as a named graph named by the
file's IRI; a single server serves it, and each test selects its dataset with the protocol's
`default-graph-uri` / `named-graph-uri` (or, when the query has FROM, with its own dataset clause).
Answers are compared with the expected results: SRX/SRJ/TSV/CSV/RDF result sets and graphs,
blank nodes up to isomorphism, order only where the query has ORDER BY.

Usage: python -m wugraph.conformance ../shared/w3c-sparql11 [--threshold 0.95] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import rdflib

from ..endpoint.policy import tokens
from ..formats import GRAPH_FORMATS, by_suffix
from ..store import OxigraphStore
from .compare import RDF_SUFFIXES, compare_csv, compare_graphs, compare_results

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
EMPTY_GRAPH = "urn:x-wugraph-conformance:empty"
# Set from the measured rate: 224 of 235 evaluation tests pass (95.3 %); the rest are listed in KNOWN. CI fails below it.
THRESHOLD = 0.95
KINDS = {"QueryEvaluationTest": "eval", "CSVResultFormatTest": "eval", "PositiveSyntaxTest11": "positive-syntax",
         "NegativeSyntaxTest11": "negative-syntax"}
ACCEPT = {".srx": "application/sparql-results+xml", ".srj": "application/sparql-results+json",
          ".tsv": "text/tab-separated-values", ".csv": "text/csv"}

# Failures reproduced on plain pyoxigraph 0.5.13 without the endpoint (engine behaviour), or by design.
KNOWN: dict[str, str] = {
    "agg-groupconcat-04": "engine: GROUP_CONCAT of literals sharing a language tag keeps the tag (\"1 2\"@en), so = \"1 2\" is false",
    "agg-groupconcat-06": "engine: GROUP_CONCAT of one language-tagged literal keeps the tag",
    "agg-empty-group-count-graph": "engine: an aggregate subquery inside GRAPH ?g is evaluated once, not once per named graph",
    "graph": "engine: VALUES with UNDEF for the graph variable inside GRAPH ?g does not bind ?g per graph",
    "bnode01": "engine: BNODE(str) gives the same blank node for the same string across solutions",
    "graph-minus": "engine: MINUS inside GRAPH ?g treats ?g as shared by both sides",
    "zero_or_more_set_start": "engine: a zero-length path from a constant yields nothing on an empty graph",
    "zero_or_more_set_end": "engine: a zero-length path to a constant yields nothing on an empty graph",
    "zero_or_one_set_start": "engine: a zero-length path from a constant yields nothing on an empty graph",
    "zero_or_one_set_end": "engine: a zero-length path to a constant yields nothing on an empty graph",
    "tsv03": "store: integer-derived datatypes (xsd:negativeInteger) are stored as xsd:integer",
    "test_42": "policy: FROM <file> names a graph that is not in the store, refused with 400 before execution",
}


@dataclass(frozen=True)
class W3CTest:
    """One manifest entry: what to send and what to expect."""

    iri: str
    name: str
    kind: str
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None


@dataclass
class Outcome:
    test: str
    name: str
    kind: str
    passed: bool
    reason: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self, kind: str) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.kind == kind]
        return sum(o.passed for o in chosen), len(chosen)

    def rate(self, kind: str = "eval") -> float:
        passed, total = self.counts(kind)
        return passed / total if total else 0.0


def load_tests(root: Path) -> list[W3CTest]:
    """Every test of the query and result-format manifests under `root`."""
    tests: list[W3CTest] = []
    for top in ("manifest-sparql11-query.ttl", "manifest-sparql11-results.ttl"):
        graph = rdflib.Graph().parse(root / top, format="turtle")
        for sub in graph.objects(None, rdflib.URIRef(MF + "include")):
            for item in rdflib.collection.Collection(graph, sub):
                tests.extend(_manifest_tests(Path(urllib.parse.urlparse(str(item)).path)))
    return tests


def _manifest_tests(path: Path) -> Iterator[W3CTest]:
    graph = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    mf, qt = rdflib.Namespace(MF), rdflib.Namespace(QT)

    def local(node: object) -> Path:
        return Path(urllib.parse.unquote(urllib.parse.urlparse(str(node)).path))

    for entries in graph.objects(None, mf.entries):
        for test in rdflib.collection.Collection(graph, entries):
            kind = KINDS.get(str(graph.value(test, rdflib.RDF.type)).rpartition("#")[2])
            if kind is None:
                continue
            action = graph.value(test, mf.action)
            name = str(graph.value(test, mf.name) or test)
            result = graph.value(test, mf.result)
            if kind == "eval":
                yield W3CTest(str(test), name, kind, local(graph.value(action, qt.query)),
                              tuple(sorted(local(d) for d in graph.objects(action, qt.data))),
                              tuple(sorted(local(d) for d in graph.objects(action, qt.graphData))),
                              local(result) if result is not None else None)
            else:
                yield W3CTest(str(test), name, kind, local(action))


def build_store(tests: list[W3CTest], folder: Path) -> dict[str, str]:
    """Load each data file once, as a named graph named by its file IRI; returns files that failed."""
    failed: dict[str, str] = {}
    with OxigraphStore(folder) as store:
        for path in sorted({p for t in tests for p in (*t.data, *t.graph_data)}):
            fmt = by_suffix(path.suffix, GRAPH_FORMATS)
            try:
                if fmt is None:
                    raise KeyError(path.suffix)
                store.load_graph(path.as_uri(), path, fmt)
            except (SyntaxError, KeyError, OSError) as exc:
                failed[path.as_uri()] = str(exc)
        store.flush()
    return failed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(folder: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A real `wugraph serve` over the conformance store; generous limits, four workers for the runner."""
    port = _free_port()
    env = {**os.environ, "WUGRAPH_STORE": str(folder), "WUGRAPH_MAX_ROWS": "1000000", "WUGRAPH_QUERY_TIMEOUT": "30",
           "WUGRAPH_MAX_CONCURRENT_QUERIES": "4", "WUGRAPH_MAX_CLIENT_QUERIES": "4", "WUGRAPH_QUEUE_WAIT": "30"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "wugraph", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"wugraph serve exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("wugraph serve did not start within 60 s")


def _post(url: str, query: str, params: list[tuple[str, str]], accept: str) -> tuple[int, str, bytes]:
    target = url + "/sparql" + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(target, data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _has_keyword(text: str, *words: str) -> bool:
    """True when the query uses these keywords in sequence, outside strings, IRIs and comments."""
    found = [v.upper() for k, v in tokens(text) if k == "word"]
    return any(found[i:i + len(words)] == list(words) for i in range(len(found)))


def _form(text: str) -> str:
    for kind, value in tokens(text):
        if kind == "word" and value.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return value.upper()
    return "SELECT"


def run_test(url: str, test: W3CTest) -> Outcome:
    """Send one test's query over HTTP and judge the answer."""
    text = f"BASE <{test.query.as_uri()}>\n" + test.query.read_text(encoding="utf-8")
    if test.kind != "eval":
        status, _, body = _post(url, text, [("default-graph-uri", EMPTY_GRAPH)], "application/sparql-results+json, text/turtle")
        expected_ok = test.kind == "positive-syntax"
        parsed_ok = status != 400
        reason = "" if parsed_ok == expected_ok else f"HTTP {status}: {body[:300].decode('utf-8', 'replace')}"
        return Outcome(test.iri, test.name, test.kind, parsed_ok == expected_ok, reason)
    assert test.result is not None
    form = _form(text)
    params: list[tuple[str, str]] = []
    if not _has_keyword(text, "FROM"):
        params = [("default-graph-uri", p.as_uri()) for p in test.data] or [("default-graph-uri", EMPTY_GRAPH)]
        params += [("named-graph-uri", p.as_uri()) for p in test.graph_data]
    suffix = test.result.suffix
    rdf_result_set = suffix in RDF_SUFFIXES and form in ("SELECT", "ASK")
    accept = ACCEPT.get(suffix, "application/sparql-results+json" if rdf_result_set else "application/n-triples")
    status, content_type, body = _post(url, text, params, accept)
    if status != 200:
        return Outcome(test.iri, test.name, test.kind, False, f"HTTP {status}: {body[:300].decode('utf-8', 'replace')}")
    try:
        if form in ("CONSTRUCT", "DESCRIBE"):
            ok, why = compare_graphs(body, test.result)
        elif suffix == ".csv":
            ok, why = compare_csv(body, test.result)
        else:
            ok, why = compare_results(body, content_type, test.result, ordered=_has_keyword(text, "ORDER", "BY"))
    except (SyntaxError, ValueError, KeyError) as exc:
        ok, why = False, f"unreadable answer or expectation: {exc}"
    return Outcome(test.iri, test.name, test.kind, ok, why)


def run(root: Path, workers: int = 4) -> Report:
    """Build the store, start a server, run every test over HTTP, stop the server."""
    started = time.monotonic()
    tests = load_tests(root)
    scratch = Path(tempfile.mkdtemp(prefix="wugraph-w3c-"))
    try:
        failed_data = build_store(tests, scratch / "store")
        process, url = start_server(scratch / "store", scratch / "server.log")
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                outcomes = list(pool.map(lambda t: run_test(url, t), tests))
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for outcome, test in zip(outcomes, tests):
            bad = [p.as_uri() for p in (*test.data, *test.graph_data) if p.as_uri() in failed_data]
            if not outcome.passed and bad:
                outcome.reason = f"data file not loadable ({failed_data[bad[0]][:200]}); " + outcome.reason
            known = KNOWN.get(test.iri.rpartition("#")[2])
            if not outcome.passed and known:
                outcome.reason = f"known — {known}. Got: {outcome.reason}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Report(outcomes, time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder holding manifest-sparql11-query.ttl")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="minimum pass rate of evaluation tests")
    parser.add_argument("--json", type=Path, default=None, help="also write every outcome as JSON")
    args = parser.parse_args(argv)
    report = run(args.root.resolve())
    for kind in ("eval", "positive-syntax", "negative-syntax"):
        passed, total = report.counts(kind)
        print(f"{kind:16} {passed:4d} / {total:4d} passed ({100 * passed / max(total, 1):.1f} %)")
    failures = [o for o in report.outcomes if not o.passed]
    if failures:
        print(f"\n{len(failures)} failures:")
        for outcome in failures:
            reason = re.sub(r"\s+", " ", outcome.reason)[:300]
            print(f"  [{outcome.kind}] {outcome.name} <{outcome.test}>\n      {reason}")
    print(f"\n{report.seconds:.1f} s; threshold for evaluation tests {args.threshold:.0%}")
    if args.json is not None:
        args.json.write_text(json.dumps({"seconds": report.seconds, "outcomes": [asdict(o) for o in report.outcomes]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if report.rate("eval") >= args.threshold else 1

