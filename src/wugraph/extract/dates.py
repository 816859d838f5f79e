"""Datelines and event dates: "Thứ năm, 25/04/2024 - 12:42", "Ngày 21/2/2023", "sáng 5/3", "18-19/5".

A day printed without a year takes the dateline's year, or the year before when that would put
the day after the article was published (a report of 5 January about "ngày 28/12"). Only dates
introduced by a day word (ngày, sáng, chiều, tối, trưa, từ ngày, trong 2 ngày…) count as event
dates, so anniversaries in parentheses such as "(20/10/1930 - 20/10/2023)" are not taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from .normalize import Document, Span

_CUE = r"(?<![\w/])(?:(?:sáng|chiều|tối|trưa|đêm)(?:\s+ngày)?|vào\s+ngày|từ\s+ngày|trong\s+(?:\d+|hai|ba)\s+ngày|ngày)\s+"
_SEP = r"\s*[/.\-]\s*"
# Tried in order; each yields day(s), month and an optional year.
_EXPRESSIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date.range", re.compile(_CUE + r"(\d{1,2})" + _SEP + r"(\d{1,2})\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?\d{1,2}" + _SEP + r"\d{1,2}(?:"
                              + _SEP + r"(\d{4}))?(?![\d/])")),
    ("date.day-month-year", re.compile(_CUE + r"(\d{1,2})" + _SEP + r"(\d{1,2})" + _SEP + r"(\d{4})(?!\d)")),
    ("date.range", re.compile(_CUE + r"(\d{1,2})\s*(?:-|–|và|đến|,)\s*\d{1,2}\s*[/.\-]\s*(\d{1,2})(?:" + _SEP + r"(\d{4}))?(?![\d/])")),
    ("date.day-month", re.compile(_CUE + r"(\d{1,2})" + _SEP + r"(\d{1,2})(?![\d]|\s*[/.\-]\s*\d)()")),
    ("date.words", re.compile(_CUE + r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:,\s*)?năm\s+(\d{4}))?")),
)
_AHEAD = re.compile(r"(?<![\w'])(?:sẽ|dự kiến|theo kế hoạch|chuẩn bị|sắp)(?![\w'])")
_DATELINE_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_DATELINE_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|giờ|h)\s*(\d{2})(?!\d)")
_DATELINE_WORDS = re.compile(r"^[\w\s,:|()+\-–/.]*$")


@dataclass(frozen=True)
class Dateline:
    """When the article was published, as printed near its top."""

    day: date
    at: time | None
    span: Span

    def iso(self) -> str:
        """xsd:dateTime with the +07:00 offset when a time is printed, else xsd:date."""
        if self.at is None:
            return self.day.isoformat()
        return datetime.combine(self.day, self.at).isoformat(timespec="seconds") + "+07:00"


@dataclass(frozen=True)
class DateMention:
    """A day printed in the text, resolved to a calendar date when a year is known."""

    start: int
    end: int
    day: date | None
    year_printed: bool
    rule: str


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dateline(doc: Document) -> Dateline | None:
    """The first short line near the top that carries a full date (and maybe a time)."""
    for line in doc.lines[:5]:
        if len(line.text) > 70 or not _DATELINE_WORDS.match(line.text):
            continue
        match = _DATELINE_DATE.search(line.text)
        if not match:
            continue
        day = _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if day is None:
            continue
        clock = None
        rest = line.text[: match.start()] + " " + line.text[match.end():]
        found = _DATELINE_TIME.search(rest)
        if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
            clock = time(int(found.group(1)), int(found.group(2)))
        return Dateline(day, clock, line)
    return None


def resolve_year(day: int, month: int, year: str | None, published: date | None,
                 context_year: int | None = None, ahead: bool = False) -> tuple[date | None, bool]:
    """A printed day and month with the printed year, else the publication year (minus one if later, unless the
    text announces it: `ahead`), else the year the text implies (`years.year_context`), else no date at all."""
    if year:
        return _valid(int(year), month, day), True
    if published is None:
        return (_valid(context_year, month, day), False) if context_year else (None, False)
    resolved = _valid(published.year, month, day)
    if resolved is not None and resolved > published and not ahead:
        resolved = _valid(published.year - 1, month, day)
    return resolved, False


def find_dates(doc: Document, published: date | None, context_year: int | None = None) -> list[DateMention]:
    """Every day-word date in the text, left to right; overlapping readings keep the first rule that fits."""
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for rule, pattern in _EXPRESSIONS:
        for match in pattern.finditer(doc.lower):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            day, month = int(match.group(1)), int(match.group(2))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            ahead = _AHEAD.search(doc.lower, max(0, match.start() - 60), match.start()) is not None
            resolved, printed = resolve_year(day, month, match.group(3) or None, published, context_year, ahead)
            if resolved is None and (printed or (published is None and context_year is not None)):
                continue
            taken.append((match.start(), match.end()))
            out.append(DateMention(match.start(), match.end(), resolved, printed, rule))
    return sorted(out, key=lambda m: m.start)
