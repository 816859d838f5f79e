"""CSV export: UTF-8 with BOM for Excel, CRLF rows, and formula-like cells neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from wugraph.tables import BOM, Table, neutralise, table_csv, to_csv


@pytest.mark.parametrize("cell, expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
    ("+84 912 345 678", "'+84 912 345 678"),
    ("-1", "'-1"),
    ("@cmd", "'@cmd"),
    ("\t=1", "'\t=1"),
    ("Hội LHPN tỉnh Đắk Nông", "Hội LHPN tỉnh Đắk Nông"),
    ("a=b", "a=b"),
    ("", ""),
    (None, ""),
    (80, 80),
    (-3, -3),
    (2.5, 2.5),
])
def test_neutralise(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected  # type: ignore[arg-type]


def test_csv_starts_with_bom_and_keeps_vietnamese() -> None:
    body = to_csv(["Tên", "Số đại biểu"], [["Diễn đàn chia sẻ kinh nghiệm công tác Hội", 80]])
    text = body.decode("utf-8")
    assert text.startswith(BOM)
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [["Tên", "Số đại biểu"], ["Diễn đàn chia sẻ kinh nghiệm công tác Hội", "80"]]


def test_table_csv_neutralises_headers_and_cells_and_quotes_commas() -> None:
    table = Table("t", ("name", "note"), (("=HYPERLINK(\"http://x\")", "a, b"), ("@x", None)))
    text = table_csv(table, ["Tên", "=Ghi chú"]).decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Tên", "'=Ghi chú"]
    assert rows[1] == ["'=HYPERLINK(\"http://x\")", "a, b"]
    assert rows[2] == ["'@x", ""]


def test_table_csv_defaults_to_column_keys() -> None:
    text = table_csv(Table("t", ("name", "code"), (("Huyện Đăk Glong", "661"),))).decode("utf-8")
    assert text.splitlines()[0] == BOM + "name,code"
