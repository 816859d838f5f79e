"""The year an article's dates printed without one belong to, when no dateline gives it.

In order: a corpus marker at the very top (" date 2022-03"), an anniversary span in parentheses
("(8.3.1910 - 8.3.2024)", "(1910 - 2024)"), a count from a known founding ("kỷ niệm 95 năm Ngày thành lập Hội
LHPN Việt Nam" = 1930 + 95, "114 năm Ngày Quốc tế Phụ nữ" = 1910 + 114, "1.984 năm Khởi nghĩa Hai Bà Trưng" =
40 + 1984), a year in the headline, else the year of a full date or of "năm 2024" in the body. Period and
target years (giai đoạn 2010-2015, nhiệm kỳ 2021-2026, đạt chuẩn … năm 2030) are never year sources, and
counts that disagree with one another give no year. A date whose year is nowhere stays without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .normalize import Document, Span, lower_re

_MARKER = re.compile(r"^\s*date (\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_SPAN = re.compile(r"\(\s*(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*)?(1[89]\d\d|20\d\d|\d{2,3})\s*[-–]\s*"
                   r"(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*)?(20\d\d)\s*\)")
# Known foundings a count of years is taken from (lower shadow), with their year.
_FOUNDINGS: tuple[tuple[str, int], ...] = (
    (r"(?:ngày\s+)?quốc tế phụ nữ", 1910), (r"(?:ngày\s+)?thành lập hội (?:lhpn|liên hiệp phụ nữ) việt nam", 1930),
    (r"(?:ngày\s+)?phụ nữ việt nam", 2010), (r"(?:ngày\s+)?khởi nghĩa hai bà trưng", 40),
    (r"cách mạng tháng tám", 1945), (r"(?:ngày\s+)?quốc khánh", 1945), (r"(?:ngày\s+)?giải phóng miền nam", 1975),
)
_TONED = {f: lower_re(f).pattern for f, _ in _FOUNDINGS}
_COUNT = lower_re(r"(?<![\d.])(\d{1,2}(?:\.\d{3})|\d{1,4})\s+(?:năm\s+)?(" + "|".join(f for f, _ in _FOUNDINGS) + r")")
_YEAR = re.compile(r"(?<![\d/.\-–])(19[5-9]\d|20[0-4]\d)(?![\d/])")
_NOT_A_SOURCE = lower_re(r"(giai đoạn|nhiệm kỳ|nhiệm kì|khóa|khoá|đến năm|tới năm|sẵn sàng|đạt chuẩn|phấn đấu|mục tiêu|tầm nhìn|"
                           r"kế hoạch|từ năm|sau năm|trước năm|năm học|niên khóa|\d\s*[-–]\s*)[^.;\n]{0,25}$")
_FULL_DATE = re.compile(r"(?<![\d/.])\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*((?:19|20)\d\d)(?!\d)")
_BODY_YEAR = lower_re(r"(?<![\w])năm\s+((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class YearContext:
    """The year, where it comes from (the labelling guide's names) and the text that gives it."""

    year: int
    source: str
    span: tuple[int, int]


def corpus_marker(doc: Document) -> tuple[date | None, YearContext | None]:
    """' date 2025-09-27' (a day: the publication date) or ' date 2022-03' (a year only) at the very top."""
    match = _MARKER.match(doc.text)
    if match is None:
        return None, None
    year, month = int(match.group(1)), int(match.group(2))
    context = YearContext(year, "corpus_marker", (match.start(1) - 5, match.end()))
    if match.group(3):
        try:
            return date(year, month, int(match.group(3))), context
        except ValueError:
            return None, context
    return None, context


def _counts(doc: Document) -> list[tuple[int, tuple[int, int]]]:
    out = []
    for match in _COUNT.finditer(doc.lower):
        count = int(match.group(1).replace(".", ""))
        base = next(y for f, y in _FOUNDINGS if re.fullmatch(_TONED[f], match.group(2)))
        year = base + count
        if 1990 <= year <= 2040:
            out.append((year, (match.start(), match.end())))
    return out


def _usable(doc: Document, start: int) -> bool:
    line_start = doc.text.rfind("\n", 0, start) + 1
    return not _NOT_A_SOURCE.search(doc.lower[max(line_start, start - 40):start])


def year_context(doc: Document, headline: Span | None) -> YearContext | None:
    """The first source in the order above that gives a year, or None."""
    _, marker = corpus_marker(doc)
    if marker is not None:
        return marker
    spans = [(int(m.group(2)), (m.start(), m.end())) for m in _SPAN.finditer(doc.text)
             if not m.group(1).isdigit() or int(m.group(1)) < int(m.group(2))]
    if spans:
        return YearContext(spans[0][0], "anniversary_span", spans[0][1])
    counts = _counts(doc)
    if counts and len({y for y, _ in counts}) == 1:
        return YearContext(counts[0][0], "anniversary_span", counts[0][1])
    if headline is not None:
        for match in _YEAR.finditer(doc.text, headline.start, headline.end):
            if _usable(doc, match.start()):
                return YearContext(int(match.group(1)), "title", (match.start(), match.end()))
    for pattern in (_FULL_DATE, _BODY_YEAR):
        for match in pattern.finditer(doc.lower):
            if _usable(doc, match.start()):
                return YearContext(int(match.group(1)), "body_year", (match.start(1), match.end(1)))
    return None
