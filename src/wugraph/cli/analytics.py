"""`wugraph demo | spread | compare`: synthetic diffusion data and the spread analyses, from the terminal.

Exit codes: 0 success, 1 data rejected or model not found, 2 usage error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..analytics.view import text_report
from ..demo.generate import generate, ingest_demo
from ..errors import UsageError
from .main import fail, main, opened, settings

FORMATS = ("text", "json")


def _slug(model: str, base: str) -> str:
    """A model given as slug, as `model/slug` or as its full IRI → its slug."""
    return model.removeprefix(base).removeprefix("model/").strip("/")


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command("demo")
@click.option("--scale", type=float, default=1.0, show_default=True, help="1 ≈ 300 models and 200,000 adoptions.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed and scale, same file.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (.trig or .nq; default demo-s{seed}-x{scale}.trig here).")
@click.option("--ingest", "do_ingest", is_flag=True, help="Then ingest it into the store (SHACL-gated, like any source; scale 1 took 11 min and 12 GB here).")
@click.pass_context
def demo_command(ctx: click.Context, scale: float, seed: int, out: Path | None, do_ingest: bool) -> None:
    """Write a synthetic model-diffusion data set, marked synthetic in its labels and provenance."""
    if scale <= 0 or scale > 50:
        fail(UsageError("--scale phải lớn hơn 0 và không quá 50.", "--scale must be above 0 and at most 50."))
    try:
        result = generate(settings(ctx), scale, seed, out)
    except ValueError as exc:
        fail(UsageError(f"Không ghi được dữ liệu mô phỏng: {exc}", f"Cannot write the demo data: {exc}"))
    counts = result.counts
    click.echo(f"wrote {result.path} ({counts['models']} models, {counts['adoptions']} adoptions, "
               f"{counts['discontinuations']} discontinuations, {counts['forums']} forums, {counts['clusters']} clusters, "
               f"{counts['triples']} triples, {result.seconds:.1f} s); meta record {result.meta_path}")
    if not do_ingest:
        return
    with opened(ctx) as graph:
        ingested = ingest_demo(graph.store, result, graph.settings)
    click.echo(f"ingested into <{result.graph}>: {ingested.triples} triples, {len(ingested.report.warnings)} warnings "
               f"(year-only dates are flagged as warnings), {sum(ingested.timings.values()):.1f} s")


@main.command("spread")
@click.argument("model")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--lang", type=click.Choice(("vi", "en")), default="vi", show_default=True)
@click.pass_context
def spread_command(ctx: click.Context, model: str, fmt: str, lang: str) -> None:
    """How MODEL (slug or IRI) spread: S-curve, reach, cascades, forum edges, candidates."""
    with opened(ctx, lang) as graph:
        data = graph.spread().view(_slug(model, graph.settings.entity_base)).to_dict()
    if fmt == "json":
        _echo_json(data)
    else:
        click.echo(text_report(data, lang))


@main.command("compare")
@click.argument("model_a")
@click.argument("model_b")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--lang", type=click.Choice(("vi", "en")), default="vi", show_default=True)
@click.pass_context
def compare_command(ctx: click.Context, model_a: str, model_b: str, fmt: str, lang: str) -> None:
    """Two models side by side: summaries, shares since first adoption, overlap of adopters."""
    with opened(ctx, lang) as graph:
        base = graph.settings.entity_base
        data = graph.spread().compare(_slug(model_a, base), _slug(model_b, base))
    if fmt == "json":
        _echo_json(data)
        return
    for side in ("a", "b"):
        m, s = data[side]["model"], data[side]["summary"]
        fit = data[side]["curve"]["fit"] or {}
        label = m["labels"].get(lang) or m["labels"].get("vi", m["iri"])
        click.echo(f"{side.upper()}: {label}: {s['adopters']} adopters, {s['provinces_current']} provinces today, "
                   f"midpoint {fit.get('midpoint')}, rate {fit.get('rate_per_year')}/year, 50% after {data[side]['curve']['years_to_50']} years")
    o = data["overlap"]
    click.echo(f"overlap: {o['common']} chapters adopted both (Jaccard {o['jaccard']}); A first in {o['a_first']}, "
               f"B first in {o['b_first']}, same day {o['same_day']}")
