"""Every core CLI command, through click's runner, against real stores in tmp folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wugraph.cli import main


@pytest.fixture
def built(loaded_settings, runner):
    """CLI arguments pointing at a private copy of the bundled store."""
    return ["--store", str(Path(loaded_settings.store))]


def test_build_on_an_empty_folder_then_again_is_quick(runner, tmp_path) -> None:
    store = ["--store", str(tmp_path / "s")]
    first = runner.invoke(main, [*store, "build"])
    assert first.exit_code == 0, first.output
    assert "skipped 0 unchanged" in first.output
    second = runner.invoke(main, [*store, "build"])
    assert second.exit_code == 0
    assert "built 0 graphs" in second.output
    count = lambda out: int(out.split("holds ")[1].split()[0])  # noqa: E731
    assert count(first.output) == count(second.output)


def test_the_store_option_goes_before_or_after_the_subcommand(runner, tmp_path) -> None:
    after = runner.invoke(main, ["build", "--store", str(tmp_path / "after")])
    assert after.exit_code == 0, after.output
    assert str(tmp_path / "after") in after.output and (tmp_path / "after").is_dir()
    stats = runner.invoke(main, ["stats", "--json", "--store", str(tmp_path / "after")])
    assert stats.exit_code == 0 and json.loads(stats.output)["total"] > 300_000
    # both given: the one after the subcommand wins, and the other folder is never created
    both = runner.invoke(main, ["--store", str(tmp_path / "never"), "stats", "--store", str(tmp_path / "after")])
    assert both.exit_code == 0, both.output
    assert not (tmp_path / "never").exists()


def test_every_command_accepts_the_global_options() -> None:
    def commands(group):  # noqa: ANN001, ANN202
        for command in group.commands.values():
            yield command
            if hasattr(command, "commands"):
                yield from commands(command)

    for command in commands(main):
        assert "store" in {p.name for p in command.params}, command.name


@pytest.mark.parametrize(("fmt", "marker"), [
    ("json", '"bindings"'), ("xml", "<sparql"), ("csv", "code\n67"), ("tsv", "?code\n"),
])
def test_query_select_formats(runner, built, fmt: str, marker: str) -> None:
    query = 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?code WHERE { ?u skos:notation ?code FILTER(?code = "67") }'
    result = runner.invoke(main, [*built, "query", query, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert marker in result.output and "67" in result.output


@pytest.mark.parametrize(("fmt", "marker"), [("turtle", "@prefix"), ("ntriples", "<https://w3id.org/wugraph/id/union>")])
def test_query_construct_formats(runner, built, fmt: str, marker: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/wugraph/id/union>) }"
    result = runner.invoke(main, [*built, "query", query, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert marker in result.output and "Hội Liên hiệp Phụ nữ Việt Nam" in result.output


def test_query_from_a_file_and_ask(runner, built, tmp_path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("ASK { <https://w3id.org/wugraph/id/union> ?p ?o }", encoding="utf-8")
    result = runner.invoke(main, [*built, "query", f"@{path}"])
    assert result.exit_code == 0
    assert json.loads(result.output)["boolean"] is True


def test_query_errors_have_exit_codes(runner, built) -> None:
    syntax = runner.invoke(main, [*built, "query", "SELEKT nothing"])
    assert syntax.exit_code == 1 and "parse_error" in syntax.output
    wrong_format = runner.invoke(main, [*built, "query", "ASK {}", "--format", "turtle"])
    assert wrong_format.exit_code == 2 and "Unsupported format" in wrong_format.output
    unknown_option = runner.invoke(main, [*built, "query", "ASK {}", "--format", "pdf"])
    assert unknown_option.exit_code == 2


def test_stats_text_and_json(runner, built) -> None:
    text = runner.invoke(main, [*built, "stats"])
    assert text.exit_code == 0 and "Province 34" in text.output and "Commune 3321" in text.output
    data = json.loads(runner.invoke(main, [*built, "stats", "--json"]).output)
    assert data["total"] > 300_000
    assert any(g["graph"].endswith("/reference/reform-2025") for g in data["graphs"])


def test_dump_nquads_and_one_graph_as_turtle(runner, built, tmp_path) -> None:
    out = tmp_path / "all.nq"
    assert runner.invoke(main, [*built, "dump", "-o", str(out)]).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 300_000 and all(line.endswith(" .") for line in lines[:100])
    one = runner.invoke(main, [*built, "dump", "--format", "turtle", "--graph", "https://w3id.org/wugraph/graph/reference/union"])
    assert one.exit_code == 0 and "Vietnam Women's Union" in one.output


def test_a_locked_store_is_reported_not_crashed(runner, loaded_store, loaded_settings) -> None:
    result = runner.invoke(main, ["--store", str(Path(loaded_settings.store)), "stats"])
    assert result.exit_code == 1
    assert "store_error" in result.output


def test_serve_starts_a_real_server(live_server) -> None:
    import urllib.request

    with urllib.request.urlopen(live_server.url + "/", timeout=10) as response:
        assert response.status == 200
        assert "wugraph" in response.read().decode()
