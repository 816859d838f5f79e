"""`wugraph extract PATH...` with no store: batches of files, folders and .jsonl records, bad input per article.

The articles are written for these tests in the style of union news; places are real units of Đắk Nông.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from wugraph.cli import main
from wugraph.config import Settings
from wugraph.store import open_store

ARTICLE = ("Thứ Tư, 13/09/2023 - 07:45\n\nĐắk Glong: Tập huấn kỹ năng cho cán bộ Hội\n\n"
           "Ngày 11/9, Hội LHPN huyện Đắk Glong tổ chức tập huấn kỹ năng tuyên truyền cho 60 cán bộ Hội tại xã Quảng Khê. "
           "Bà Nguyễn Thị Lan, Chủ tịch Hội LHPN huyện phát biểu khai mạc.\n\nMinh Châu\n")
OTHER = ("Thứ Năm, 14/09/2023 - 09:00\n\nNgày 12/9, Hội LHPN xã Đắk Som, huyện Đắk Glong ra mắt mô hình "
         "“Tổ phụ nữ trồng cà phê sạch” với 20 thành viên.\n")
PAGE = ("<html><head><script>document.write('Ngày 1/1/2020 Hội LHPN tỉnh Kon Tum');</script></head><body>"
        "<nav>Trang chủ | Tin tức</nav><iframe src='x'>Hội LHPN tỉnh Gia Lai</iframe>"
        "<article><h1>Hội LHPN xã Quảng Sơn họp mặt hội viên</h1><p>Ngày 10/9/2023, Hội LHPN xã Quảng Sơn, huyện Đắk Glong "
        "tổ chức họp mặt hội viên.</p></article><footer>Địa chỉ: TP Tam Kỳ</footer></body></html>")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder with no store in it, and a private cache."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("WUGRAPH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("WUGRAPH_STORE", raising=False)
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_one_article_without_a_store_links_places_and_creates_nothing(here: Path) -> None:
    (here / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run("extract", "a.txt")
    assert code == 0
    summary = json.loads(out)
    assert {p["unit_code"] for p in summary["places"]} >= {"661", "24631"}
    assert summary["events"][0]["type"] == "Training" and summary["events"][0]["date"] == "2023-09-11"
    assert not (here / "var").exists()
    assert list((here.parent / "cache").glob("gazetteer-*.json")), "the gazetteer artefact is cached"


def test_a_batch_of_folders_and_records_names_each_refusal(here: Path) -> None:
    folder = here / "news" / "2023"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (here / "news" / "b.html").write_text(PAGE, encoding="utf-8")
    (here / "news" / "empty.txt").write_text("", encoding="utf-8")
    (here / "news" / "english.txt").write_text("The committee met on Monday to discuss the annual budget and the plans "
                                               "for the coming year in every district.", encoding="utf-8")
    (here / "news" / "latin1.txt").write_bytes("Hội LHPN xã Quảng Sơn".encode("utf-8")[:3] + b"\xe9t\xe9 2023")
    (here / "news" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (here / "news" / "notes.md").write_text("not an article", encoding="utf-8")
    records = here / "feed.jsonl"
    records.write_text("\n".join([
        json.dumps({"url": "https://example.org/tin/1", "text": OTHER}, ensure_ascii=False),
        json.dumps({"url": "https://example.org/tin/2", "date": "2023-09-12", "title": "Họp mặt", "html": PAGE}),
        "{broken",
        json.dumps({"url": "https://example.org/tin/3"}),
    ]) + "\n", encoding="utf-8")
    code, out, err = run("extract", "news", str(records), "--format", "jsonl")
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["source"] for line in lines] == [str(Path("news/2023/a.txt")), str(Path("news/b.html")),
                                                   "https://example.org/tin/1", "https://example.org/tin/2"]
    assert len({line["doc_id"] for line in lines}) == 4
    page = lines[1]
    assert "Tam Kỳ" not in json.dumps(page, ensure_ascii=False) and "Kon Tum" not in json.dumps(page, ensure_ascii=False)
    assert "Gia Lai" not in json.dumps(page, ensure_ascii=False)
    assert lines[3]["article"]["date"] == "2023-09-12"
    for name, reason in (("empty.txt", "empty"), ("english.txt", "not Vietnamese"), ("latin1.txt", "not UTF-8"),
                         ("binary.txt", "binary"), ("feed.jsonl:3", "broken JSON"), ("feed.jsonl:4", "\"text\" or \"html\"")):
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    assert "notes.md" not in err + out
    assert "6 of 10" in err and "Traceback" not in err


def test_trig_of_several_articles_is_one_dataset_and_o_writes_a_file(here: Path) -> None:
    (here / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (here / "b.txt").write_text(OTHER, encoding="utf-8")
    code, _, _ = run("extract", "a.txt", "b.txt", "--format", "trig", "-o", "out.trig")
    assert code == 0
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's TriG parser calls its own deprecated API
        dataset.parse(data=(here / "out.trig").read_text(encoding="utf-8"), format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {"https://w3id.org/wugraph/graph/doc/a", "https://w3id.org/wugraph/graph/doc/b"} <= graphs
    assert sorted(p.name for p in here.iterdir()) == ["a.txt", "b.txt", "out.trig"]
    code, out, _ = run("extract", "a.txt", "b.txt")
    assert code == 0 and [r["doc_id"] for r in json.loads(out)] == ["a", "b"]


def test_usage_errors(here: Path) -> None:
    (here / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (here / "b.txt").write_text(OTHER, encoding="utf-8")
    code, _, err = run("extract", "a.txt", "b.txt", "--doc-id", "x")
    assert code == 2 and "one article" in err
    code, _, err = run("extract", "a.txt", "--ingest")
    assert code == 2 and "wugraph build" in err
    assert not (here / "var").exists()
    code, _, _ = run("extract")
    assert code == 2


@pytest.mark.parametrize("markup", [
    "<html><body>" + "<div>" * 1000 + "<p>Ngày 10/9/2023, Hội LHPN xã Quảng Sơn, huyện Đắk Glong tổ chức họp mặt.</p>" + "</div>" * 1000,
    "<html><body><p>Ngày 10/9/2023, Hội LHPN xã Quảng Sơn, huyện Đắk Glong tổ chức họp mặt.</p>"
    + "<span class='x'><!-- c --></span>" * 300_000 + "<script>" + "var a = '<p>';" * 1000,
    "<html><body><script>while (true) {}</script><p>Ngày 10/9/2023, Hội LHPN xã Quảng Sơn, huyện Đắk Glong họp mặt.<p>",
])
def test_hostile_html_gives_a_clean_extraction(here: Path, markup: str) -> None:
    (here / "page.html").write_text(markup, encoding="utf-8")
    code, out, err = run("extract", "page.html")
    assert code == 0, err
    summary = json.loads(out)
    assert "24616" in {p["unit_code"] for p in summary["places"]}
    assert "var a" not in json.dumps(summary, ensure_ascii=False)


def test_ingest_of_a_batch_writes_good_articles_and_nothing_for_refused_ones(loaded_settings: Settings, runner: CliRunner,
                                                                             tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    with open_store(Path(loaded_settings.store)) as store:
        before = store.count()
    result = runner.invoke(main, ["--store", str(loaded_settings.store), "extract", str(tmp_path / "a.txt"),
                                  str(tmp_path / "bad.txt"), "--ingest", "--format", "jsonl"])
    assert result.exit_code == 1 and "bad.txt" in result.stderr and "ingested" in result.stderr
    with open_store(Path(loaded_settings.store)) as store:
        assert "https://w3id.org/wugraph/graph/doc/a" in store.graph_names()
        assert "https://w3id.org/wugraph/graph/doc/bad" not in store.graph_names()
        assert store.count() > before
