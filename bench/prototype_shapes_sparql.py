"""What plain SHACL constraints cost as SPARQL queries in Oxigraph over a demo batch (issue 19, item 1).

A measuring prototype, not part of `make bench` and not a validator: a few of the adoption shapes of
shapes/wugraph-shapes.ttl written by hand as one SELECT each over all focus nodes, run

- `memory`: over an in-memory pyoxigraph store holding only the batch (parsed straight from the file);
- `staged`: over an on-disk copy of a built store with the batch bulk-loaded into a staging graph, the
  batch's nodes taken from the staging graph and everything else (types of adopters, models) from the
  union of all graphs — the shape of an ingest that validates against the store instead of a copy.

Each query runs three times; the median and the number of rows (violations found) are printed.

    .venv/bin/python bench/prototype_shapes_sparql.py --file /tmp/p19/demo-s1-x0p3.trig --store /tmp/p19/proto
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import pyoxigraph as ox

from benchutil import memory_mb

PREFIXES = """PREFIX wu: <https://w3id.org/wugraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <http://schema.org/>
"""
STAGING = "urn:x-wugraph:staging:proto"

# name → (constraint it mirrors, query body with {batch} standing for the batch's triple pattern scope)
QUERIES = {
    "datatype: Adoption-adoptedOn xsd:date": """
        SELECT ?this ?value WHERE { {batch} { ?this a wu:Adoption ; wu:adoptedOn ?value }
          FILTER (!isLiteral(?value) || DATATYPE(?value) != xsd:date) }""",
    "min/maxCount 1: Adoption-adoptedOn": """
        SELECT ?this (COUNT(?value) AS ?n) WHERE { {batch} { ?this a wu:Adoption OPTIONAL { ?this wu:adoptedOn ?value } } }
        GROUP BY ?this HAVING (COUNT(?value) != 1)""",
    "in: Adoption-precision (3 values)": """
        SELECT ?this ?value WHERE { {batch} { ?this a wu:Adoption ; wu:datePrecision ?value }
          FILTER (?value NOT IN (wu:DayPrecision, wu:MonthPrecision, wu:YearPrecision)) }""",
    "in (warning, ~10% rows): Adoption-yearOnly": """
        SELECT ?this ?value WHERE { {batch} { ?this a wu:Adoption ; wu:datePrecision ?value }
          FILTER (?value NOT IN (wu:DayPrecision, wu:MonthPrecision)) }""",
    "closed: AdoptionShape": """
        SELECT ?this ?p WHERE { {batch} { ?this a wu:Adoption ; ?p ?o }
          FILTER (?p NOT IN (rdf:type, rdfs:label, rdfs:comment, <http://www.w3.org/2004/02/skos/core#note>,
            <http://www.w3.org/2004/02/skos/core#prefLabel>, schema:description, <http://purl.org/dc/terms/source>,
            <http://www.w3.org/ns/prov#wasDerivedFrom>, <http://www.w3.org/ns/prov#qualifiedDerivation>, wu:isSynthetic,
            <http://www.w3.org/2002/07/owl#sameAs>, wu:model, wu:adopter, wu:adoptedOn, wu:datePrecision, wu:adoptionKind,
            wu:learnedFrom, wu:viaEvent, wu:channel, wu:instance)) }""",
    "class (OPTIONAL/!BOUND): Adoption-adopter org:Organization": """
        SELECT ?this ?value WHERE { {batch} { ?this a wu:Adoption ; wu:adopter ?value }
          OPTIONAL { ?value a ?type . ?type rdfs:subClassOf* org:Organization }
          FILTER (!BOUND(?type)) }""",
    "class (FILTER NOT EXISTS): Adoption-adopter org:Organization": """
        SELECT ?this ?value WHERE { {batch} { ?this a wu:Adoption ; wu:adopter ?value }
          FILTER NOT EXISTS { ?value a/rdfs:subClassOf* org:Organization } }""",
    "class (OPTIONAL/!BOUND): Adoption-model wu:Model": """
        SELECT ?this ?value WHERE { {batch} { ?this a wu:Adoption ; wu:model ?value }
          OPTIONAL { ?value a ?type . ?type rdfs:subClassOf* wu:Model }
          FILTER (!BOUND(?type)) }""",
    "rule: AdoptionWithinAdopterShape": """
        SELECT ?this ?value ?adopter ?end WHERE { {batch} { ?this a wu:Adoption ; wu:adoptedOn ?value ; wu:adopter ?adopter }
          ?adopter schema:endDate ?end .
          FILTER (DATATYPE(?value) = xsd:date && DATATYPE(?end) = xsd:date && ?value > ?end) }""",
}
RDF_PREFIX = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"


def _time(run: ox.Store, text: str, union: bool) -> tuple[float, float, int]:
    """Median wall and CPU seconds of three runs, and the number of rows."""
    times, cpus, rows = [], [], 0
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        rows = sum(1 for _ in run.query(text, use_default_graph_as_union=union))
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(times), statistics.median(cpus), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", required=True)
    parser.add_argument("--store", help="an on-disk store copy for the staged mode (the batch is written into it)")
    args = parser.parse_args()
    results: dict[str, object] = {"file": args.file}

    started = time.perf_counter()
    memory = ox.Store()
    memory.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=args.file, format=ox.RdfFormat.TRIG))
    results["memory_load_s"] = round(time.perf_counter() - started, 2)
    results["memory_quads"] = len(memory)
    results["adoptions"] = next(iter(memory.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?a a wu:Adoption }")))["n"].value
    results["rss_after_memory_load_mb"] = memory_mb()["VmRSS"]
    for name, body in QUERIES.items():
        seconds, cpu, rows = _time(memory, RDF_PREFIX + PREFIXES + body.replace("{batch}", ""), False)
        results[f"memory | {name}"] = {"s": round(seconds, 3), "cpu_s": round(cpu, 3), "rows": rows}
        print(f"memory  {name:60s} {seconds:8.3f} s cpu {cpu:8.3f} s {rows:8d} rows", flush=True)
    del memory

    if args.store:
        store = ox.Store(args.store)
        staging = ox.NamedNode(STAGING)
        started = time.perf_counter()
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, staging) for q in ox.parse(path=args.file, format=ox.RdfFormat.TRIG))
        results["staged_bulk_load_s"] = round(time.perf_counter() - started, 2)
        for name, body in QUERIES.items():
            seconds, cpu, rows = _time(store, RDF_PREFIX + PREFIXES + body.replace("{batch}", f"GRAPH <{STAGING}>"), True)
            results[f"staged | {name}"] = {"s": round(seconds, 3), "cpu_s": round(cpu, 3), "rows": rows}
            print(f"staged  {name:60s} {seconds:8.3f} s cpu {cpu:8.3f} s {rows:8d} rows", flush=True)
        started = time.perf_counter()
        store.remove_graph(staging)
        results["staged_drop_s"] = round(time.perf_counter() - started, 2)
        del store
    results["peak_mb"] = memory_mb()["VmHWM"]
    print(json.dumps(results, ensure_ascii=True))


if __name__ == "__main__":
    main()
