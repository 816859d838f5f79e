"""Tables as CSV that Excel opens correctly (UTF-8 with BOM) and cannot run as formulas.

A cell starting with = + - @ (or a tab / carriage return) is read by spreadsheets as a formula;
such cells get a leading apostrophe, so a label like "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BOM = "\ufeff"
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """A named table of a page: column keys and rows of plain cells (strings, numbers, empty)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def neutralise(cell: Cell) -> str | int | float:
    """A cell safe for spreadsheets: numbers stay numbers, formula-like text gets a leading apostrophe."""
    if cell is None:
        return ""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV bytes: BOM, header row, then every row neutralised; CRLF line ends as RFC 4180 says."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def table_csv(table: Table, headers: Sequence[str] | None = None) -> bytes:
    """A page table as CSV, with translated headers when given (else the column keys)."""
    return to_csv(list(headers) if headers is not None else list(table.columns), table.rows)
