"""Stage-by-stage profile of one ingest of a demo batch: seconds, RSS held and peak RSS per stage.

Not part of `make bench`: a measuring tool for issue 19 (docs/ingest-profile.md). It replays
`wugraph.ingest.ingest` for one RDF source step by step, calling the same functions in the same order
(as of commit 70bae0b; it imports private helpers, so it follows the code only until they move), and
around each step records wall seconds, VmRSS after, and the step's own peak RSS (VmHWM is reset through
/proc/self/clear_refs before each step). Optional extras: per-shape / per-constraint pyshacl timing
(`--shape-timing`), Python-heap figures (`--tracemalloc`, slow), a cProfile dump (`--cprofile FILE`),
and diagnostic parse passes that split the parse into pyoxigraph parsing, term conversion and rdflib
graph building (`--parse-split`, plus rdflib's own TriG parser with `--rdflib-parse`).

    .venv/bin/python bench/profile_ingest.py --store /tmp/p19/s01 --file /tmp/p19/demo-s1-x0p1.trig --json out.json
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import json
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from benchutil import memory_mb, reset_peak
from wugraph.config import load_settings
from wugraph.identifiers import Minter
from wugraph.ingest import _changed, _media_type, _quads
from wugraph.provenance import Record, agent_for, meta_amendment, now
from wugraph.sources import (_OX_FORMATS, ParsedSource, Source, _line_locations, _parse_fast, _quiet_rdflib, decode,
                             detect_format, normalise)
from wugraph.store import OxigraphStore, replacement_update
from wugraph.terms import RdflibTerms
from wugraph.validate import (_construct, _context_query, _drop_replaced, _PreparedQueryGraph, as_stored, class_hierarchy,
                              load_shapes, pyshacl_validate, referenced_iris)
from wugraph.validate.findings import findings_of, message_templates
from wugraph.validate.shapes import add_rule_results, detach_rules, flatten, focus_on, memory_solutions

class Profile:
    """Stage records: name, seconds, RSS before/after, the stage's own peak, Python heap (when traced)."""

    def __init__(self, trace: bool) -> None:
        self.rows: list[dict[str, Any]] = []
        self.trace = trace
        self.process_peak = 0

    @contextmanager
    def stage(self, name: str, diagnostic: bool = False) -> Iterator[dict[str, Any]]:
        gc.collect()
        before = memory_mb()
        self.process_peak = max(self.process_peak, before["VmHWM"])
        reset_peak()
        if self.trace:
            tracemalloc.reset_peak()
            heap_before = tracemalloc.get_traced_memory()[0]
        extra: dict[str, Any] = {}
        started, cpu = time.perf_counter(), time.process_time()
        yield extra
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = memory_mb()
        self.process_peak = max(self.process_peak, after["VmHWM"])
        row = {"stage": name, "seconds": round(seconds, 3), "cpu_s": round(cpu, 3), "rss_before_mb": before["VmRSS"], "rss_after_mb": after["VmRSS"],
               "peak_mb": after["VmHWM"], "diagnostic": diagnostic, **extra}
        if self.trace:
            current, peak = tracemalloc.get_traced_memory()
            row.update(heap_before_mb=round(heap_before / 2**20, 1), heap_after_mb=round(current / 2**20, 1),
                       heap_peak_mb=round(peak / 2**20, 1))
        self.rows.append(row)
        print(f"{name:36s} {seconds:8.2f} s cpu {cpu:8.2f} s  rss {before['VmRSS']:6d} -> {after['VmRSS']:6d} MB  peak {after['VmHWM']:6d} MB"
              + (f"  heap {row['heap_after_mb']:8.1f} peak {row['heap_peak_mb']:8.1f} MB" if self.trace else "")
              + ("  " + json.dumps(extra, ensure_ascii=False) if extra else ""), flush=True)


class ShapeTimer:
    """Exclusive seconds per pyshacl activity: target selection, value nodes, each constraint component, per shape."""

    def __init__(self) -> None:
        self.exclusive: dict[tuple[str, str, str], float] = defaultdict(float)
        self.calls: dict[tuple[str, str, str], int] = defaultdict(int)
        self.stack: list[list[float]] = []

    def wrap(self, owner: type, attr: str, key: Callable[[Any], tuple[str, str, str]]) -> None:
        original = owner.__dict__[attr]
        timer = self

        def timed(this: Any, *args: Any, **kwargs: Any) -> Any:
            frame = [time.perf_counter(), 0.0]
            timer.stack.append(frame)
            try:
                return original(this, *args, **kwargs)
            finally:
                timer.stack.pop()
                total = time.perf_counter() - frame[0]
                k = key(this)
                timer.exclusive[k] += total - frame[1]
                timer.calls[k] += 1
                if timer.stack:
                    timer.stack[-1][1] += total

        setattr(owner, attr, timed)

    def install(self) -> None:
        from pyshacl.constraints.constraint_component import ConstraintComponent
        from pyshacl.shape import Shape

        def name(node: Any) -> str:
            text = str(node)
            return text.split("#")[-1] if "#" in text else ("_:" if isinstance(node, rdflib.BNode) else text)

        self.wrap(Shape, "validate", lambda s: ("shape-overhead", name(s.node), ""))
        self.wrap(Shape, "focus_nodes", lambda s: ("targets", name(s.node), ""))
        self.wrap(Shape, "value_nodes", lambda s: ("value_nodes", name(s.node), ""))
        seen: set[type] = set()
        todo = list(ConstraintComponent.__subclasses__())
        while todo:
            cls = todo.pop()
            if cls in seen:
                continue
            seen.add(cls)
            todo.extend(cls.__subclasses__())
            if "evaluate" in cls.__dict__:
                self.wrap(cls, "evaluate", lambda c, n=cls.__name__: ("constraint", name(c.shape.node), n))

    def summary(self) -> dict[str, Any]:
        by_kind: dict[str, float] = defaultdict(float)
        by_component: dict[str, float] = defaultdict(float)
        by_shape: dict[str, float] = defaultdict(float)
        for (kind, shape, component), seconds in self.exclusive.items():
            by_kind[kind] += seconds
            if component:
                by_component[component] += seconds
            by_shape[shape] += seconds

        def top(d: dict[str, float], n: int = 40) -> list[tuple[str, float]]:
            return [(k, round(v, 3)) for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:n]]

        rows = sorted(self.exclusive.items(), key=lambda kv: -kv[1])[:60]
        return {"by_kind": top(by_kind), "by_component": top(by_component), "by_shape": top(by_shape),
                "top": [(list(k), round(v, 3), self.calls[k]) for k, v in rows]}


def parse_split(profile: Profile, source: Source, fmt: str, text: str, base: str) -> None:
    """Diagnostic passes over the same text: pyoxigraph parse only; parse + rdflib terms; rdflib's own parser."""
    data = text.encode("utf-8")
    with profile.stage("diag: ox.parse only", True) as extra:
        extra["quads"] = sum(1 for _ in ox.parse(data, format=_OX_FORMATS[fmt], base_iri=base))
    with profile.stage("diag: ox.parse + ox->rdflib terms", True):
        terms = RdflibTerms()
        with _quiet_rdflib():
            for q in ox.parse(data, format=_OX_FORMATS[fmt], base_iri=base):
                terms.term(q.subject), terms.term(q.predicate), terms.term(q.object)
        del terms


def rdflib_parse(profile: Profile, text: str, base: str) -> None:
    with profile.stage("diag: rdflib Dataset.parse(trig)", True) as extra:
        dataset = rdflib.Dataset()
        with _quiet_rdflib():
            dataset.parse(data=text, format="trig", publicID=base)
        extra["quads"] = len(dataset)
        del dataset


def run(args: argparse.Namespace) -> dict[str, Any]:
    profile = Profile(args.tracemalloc)
    timer = ShapeTimer() if args.shape_timing else None
    if timer:
        timer.install()
    settings = load_settings()
    path = Path(args.file)
    with profile.stage("read file"):
        data = path.read_bytes()
    source = Source(path.name, data)
    settings = replace(settings, max_upload_bytes=max(settings.max_upload_bytes, len(data) + 1))
    store = OxigraphStore(args.store)
    with profile.stage("open store") as extra:
        extra["store_quads"] = store.count()

    # ---- parse (wugraph.sources.parse, RDF branch) ----
    with profile.stage("parse: detect, decode, sha256"):
        fmt = detect_format(source)
        text = decode(source, settings)
        digest = hashlib.sha256(source.data).hexdigest()
        base = Minter(settings.entity_base).document(source.id) + "/"
    if args.parse_split:
        parse_split(profile, source, fmt, text, base)
    if args.rdflib_parse:
        rdflib_parse(profile, text, base)
    with profile.stage("parse: pyoxigraph -> rdflib Graph") as extra:
        graph = _parse_fast(source, fmt, text, base)
        assert graph is not None, "pyoxigraph refused the file"
        extra["triples"] = len(graph)
    with profile.stage("parse: line locations"):
        locations = _line_locations(source.name, text, graph, base)
    with profile.stage("parse: normalise (NFC, checks)"):
        graph, problems = normalise(graph, source.name, locations)
    ps = ParsedSource(source, fmt, digest, graph, locations, problems)
    del text
    batch = ps.graph
    with profile.stage("convert: rdflib -> ox quads"):
        problems = list(ps.problems)
        converted = {ps.graph_iri: _quads(ps.graph, ps.source.name, problems)}
    assert not problems, problems[:3]

    # ---- validate (wugraph.validate.validate_batch) ----
    existing = set(store.graph_names())
    replacing = [ps.graph_iri] if ps.graph_iri in existing else []
    shapes = load_shapes(settings)
    with profile.stage("validate: copy batch into data graph"):
        graph_data = _PreparedQueryGraph()
        for s, p, o in batch:
            graph_data.add((s, p, as_stored(o)))
    with profile.stage("validate: context query 1") as extra:
        iris = referenced_iris(batch)
        subjects = {s for s in batch.subjects() if isinstance(s, rdflib.URIRef)}
        query = _context_query(iris, set(map(str, subjects)))
        extra.update(iris=len(iris), query_chars=len(query))
        found = _construct(store, query)
        extra["triples"] = len(found)
    with profile.stage("validate: context query 2 + merge") as extra:
        named = {str(o) for s, p, o in found if s in subjects and isinstance(o, rdflib.URIRef) and p != rdflib.RDF.type} - set(iris)
        if named:
            _construct(store, _context_query(sorted(named), set()), found)
        if replacing:
            _drop_replaced(store, found, replacing)
        extra.update(named=len(named), context_triples=len(found))
        graph_data += found
        del found
    with profile.stage("validate: class hierarchy"):
        class_hierarchy(store, None, into=graph_data)
    with profile.stage("validate: flatten + focus_on shapes") as extra:
        narrowed = focus_on(flatten(shapes), graph_data, set(batch.subjects()))
        extra["data_triples"] = len(graph_data)
    with profile.stage("validate: detach rules") as extra:
        rules = detach_rules(narrowed)
        extra["rules"] = len(rules)
    with profile.stage("validate: ox memory copy for rules"):
        solutions = memory_solutions(graph_data)
    prof = cProfile.Profile() if args.cprofile_pyshacl else None
    with profile.stage("validate: pyshacl") as extra:
        if prof:
            prof.enable()
        _, report_graph, _text = pyshacl_validate(graph_data, shacl_graph=narrowed, inference="none", abort_on_first=False,
                                                  allow_infos=True, allow_warnings=True, advanced=False, meta_shacl=False)
        if prof:
            prof.disable()
            prof.dump_stats(args.cprofile_pyshacl)
        extra["report_triples"] = len(report_graph)
    del _text
    with profile.stage("validate: SPARQL rules (Oxigraph)") as extra:
        before = len(report_graph)
        add_rule_results(solutions, rules, message_templates(shapes), report_graph)
        extra["rule_triples"] = len(report_graph) - before
    del solutions
    with profile.stage("validate: findings") as extra:
        findings = findings_of(report_graph, shapes, locations)
        extra.update(findings=len(findings), violations=sum(f.severity == "violation" for f in findings))
    with profile.stage("validate: report serialise") as extra:
        report_text = report_graph.serialize(format="turtle")
        extra["chars"] = len(report_text)
    conforms = not any(f.severity == "violation" for f in findings)
    assert conforms, [f for f in findings if f.severity == "violation"][:3]
    del graph_data, narrowed, report_graph, report_text

    # ---- commit (ingest: _changed, meta_amendment, store.replace_graphs) ----
    with profile.stage("commit: changed + provenance"):
        minter = Minter(settings.entity_base)
        records = [Record(ps.source.id, ps.source.name, ps.sha256, _media_type(ps), agent_for(None, "wugraph-demo"), now())]
        changed = _changed(store, converted, existing)
        amend = meta_amendment(records, (), minter)
    with profile.stage("commit: build SPARQL Update text") as extra:
        update = replacement_update(changed, (), amend)
        extra["chars"] = len(update)
    with profile.stage("commit: store.update") as extra:
        store.update(update)
        extra["store_quads"] = store.count()
    del update
    store.close()
    result: dict[str, Any] = {"file": str(path), "bytes": len(data), "triples": len(batch), "stages": profile.rows,
                              "process_peak_mb": max(profile.process_peak, memory_mb()["VmHWM"])}
    if timer:
        result["pyshacl"] = timer.summary()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="an on-disk store (a copy: the batch is written into it)")
    parser.add_argument("--file", required=True, help="the demo TriG file")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--shape-timing", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--parse-split", action="store_true")
    parser.add_argument("--rdflib-parse", action="store_true")
    parser.add_argument("--cprofile", help="cProfile the whole run into this file")
    parser.add_argument("--cprofile-pyshacl", help="cProfile only the pyshacl call into this file")
    args = parser.parse_args()
    if args.tracemalloc:
        tracemalloc.start()
    started = time.perf_counter()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    if args.cprofile:
        prof = cProfile.Profile()
        result = prof.runcall(run, args)
        prof.dump_stats(args.cprofile)
    else:
        result = run(args)
    result["wall_s"] = round(time.perf_counter() - started, 2)
    result["cpu_s"] = round(time.process_time(), 2)
    result["loadavg_before"], result["loadavg_after"] = load_before, Path("/proc/loadavg").read_text().split()[:3]
    core = [r for r in result["stages"] if not r["diagnostic"]]
    result["ingest_s"] = round(sum(r["seconds"] for r in core if r["stage"] not in ("read file", "open store")), 2)
    result["ingest_cpu_s"] = round(sum(r["cpu_s"] for r in core if r["stage"] not in ("read file", "open store")), 2)
    print(f"ingest stages {result['ingest_s']} s (cpu {result['ingest_cpu_s']} s); process wall {result['wall_s']} s, cpu {result['cpu_s']} s; "
          f"peak {result['process_peak_mb']} MB; loadavg {result['loadavg_before']} -> {result['loadavg_after']}")
    if "pyshacl" in result:
        for key in ("by_kind", "by_component", "by_shape"):
            print(key, json.dumps(result["pyshacl"][key][:25], ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
