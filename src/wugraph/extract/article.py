"""Article metadata: the headline and the author line ("Phan Thị Minh - Hội Liên hiệp Phụ nữ tỉnh").

Author lines sit at the very end ("Tin, ảnh: Thu Trang", "Minh Thư (Hội LHPN huyện Cư Jút)",
"K'Loan - Hội LHPN huyện Di Linh", "PV") or, with a label, at the top ("Tác giả: Lê Hà"). Page
furniture after them ("Bản đồ") and photo captions before them are passed over: an author name
is one to four capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import Dateline
from .normalize import Document, Span

_LABEL = re.compile(r"^(?:tin(?:,| và)? ảnh|bài(?:,| và)? ảnh|tin|bài|tác giả|thực hiện|nhóm pv|t\s*/\s*h|tổng hợp|nhóm phóng viên)"
                    r"\s*:\s*", re.IGNORECASE)
_NAME = r"(?:[^\W\d_][\w]*(?:['’][\w]+)*\.?)"
_PARTS = re.compile(r"\s*(?:[-–,;]|\s và\s)\s*")
_INITIAL = re.compile(r"^[A-ZĐ]\.\s?[A-ZĐÀ-Ỹ][\w]+$")
_HONORIFICS = ("bà", "ông", "chị", "anh", "cô", "đồng", "đ/c", "ảnh", "nguồn", "theo")
_BYLINE_CODE = re.compile(r"^[A-ZĐ]{2,4}\.?$")
_AFFILIATION = re.compile(r"^\(?(?:Hội|HLHPN|UBND|Báo|Đài|Trung tâm|Ban|Phòng|Văn phòng|Huyện|Tỉnh|Thành|Xã|Phường|Đoàn|CTV|PV)\b")
# Page furniture in capitals that is never a byline.
_NOT_NAMES = frozenset({"HỘI PHỤ NỮ", "TIN TỨC", "CHÍNH TRỊ", "XÃ HỘI", "VĂN HÓA", "KINH TẾ", "THỜI SỰ", "CHIA SẺ", "BẢN ĐỒ",
                        "TRANG CHỦ", "GIỚI THIỆU", "LIÊN HỆ", "TIN ẢNH", "HOẠT ĐỘNG", "SỰ KIỆN"})


@dataclass(frozen=True)
class AuthorLine:
    """The authors' names as printed (in order), the organisation after them (if any) and the whole line."""

    name: str
    name_span: Span
    affiliation: str | None
    line: Span
    rule: str
    names: tuple[str, ...] = ()
    name_spans: tuple[Span, ...] = ()


def _is_name(part: str, alone: bool) -> bool:
    """One to four capitalised words ('Minh Thư', 'VĂN TỐ', "K'Loan") or an initial and a name ('N.MINH')."""
    if _INITIAL.match(part):
        return True
    words = part.split()
    if not 1 <= len(words) <= 4 or part.upper() in _NOT_NAMES or not re.fullmatch(_NAME + r"(?: " + _NAME + r")*", part):
        return False
    if not all(w[0].isupper() for w in words) or words[0].lower() in _HONORIFICS:
        return False
    return len(words) > 1 or not alone or "'" in part or "’" in part


def _names_in(doc: Document, line: Span, offset: int) -> tuple[list[Span], str | None]:
    """The names a byline lists ('NGỌC ÁNH - ĐINH NGỌC', 'Kim Thoa – Công Đại.') and the affiliation after them."""
    text = line.text[offset:].rstrip(".")
    parenthesis = re.match(r"^(.+?)\s*\((.+)\)$", text)
    affiliation = None
    if parenthesis:
        text, affiliation = parenthesis.group(1), parenthesis.group(2)
    spans: list[Span] = []
    position = 0
    pieces = []
    for match in _PARTS.finditer(text):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(text)))
    for number, (start, end) in enumerate(pieces):
        part = text[start:end].strip()
        if not part:
            continue
        if _AFFILIATION.match(part) or (spans and not _is_name(part, alone=False)):
            affiliation = affiliation or text[start:].strip()
            break
        if not _is_name(part, alone=len(pieces) == 1):
            return [], None
        begin = line.start + offset + start + (len(text[start:end]) - len(text[start:end].lstrip()))
        spans.append(doc.span(begin, begin + len(part)))
    return spans, affiliation


def _author_in(doc: Document, line: Span, labelled_only: bool, several_only: bool = False) -> AuthorLine | None:
    text = line.text
    label = _LABEL.match(text)
    if labelled_only and not label:
        return None
    offset = label.end() if label else 0
    rest = text[offset:]
    if _BYLINE_CODE.match(rest) and not labelled_only and rest.rstrip(".").upper() not in _NOT_NAMES:
        start = line.start + offset
        code = doc.span(start, start + len(rest.rstrip(".")))
        return AuthorLine(code.text, code, None, line, "article.author.code", (code.text,), (code,))
    if len(rest) > 90:
        return None
    spans, affiliation = _names_in(doc, line, offset)
    if not spans or (several_only and (len(spans) < 2 or any(s.text.isupper() or len(s.text.split()) < 2 for s in spans))):
        return None
    if affiliation is not None and not affiliation[0].isupper():
        return None
    rule = "article.author.labelled" if label else "article.author.top" if several_only else "article.author.last-line"
    return AuthorLine(spans[0].text, spans[0], affiliation, line, rule, tuple(s.text for s in spans), tuple(spans))


_DATE_PARTS = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{1,2}\s*(?::|giờ|h)\s*\d{2}(?::\d{2})?(?:\s*(?:SA|CH|AM|PM))?|"
                         r"(?:Thứ\s+\w+|Chủ\s+nhật)|GMT\s*[+-]\s*\d+|[()|,]")


def _beside_dateline(doc: Document, dateline: Dateline) -> AuthorLine | None:
    """'Minh Anh - 14:58 29/08/2025': authors printed on the dateline itself (full names only)."""
    line = dateline.span
    rest = _DATE_PARTS.sub(lambda m: " " * len(m.group(0)), line.text)
    match = re.search(r"[^\W\d_][^\d]*[^\W\d_]", rest)
    if match is None:
        return None
    part = Span(line.start + match.start(), line.start + match.end(), line.text[match.start():match.end()])
    found = _author_in(doc, part, labelled_only=False)
    if found is None or any(len(n.split()) < 2 or n.isupper() for n in found.names):
        return None
    return AuthorLine(found.name, found.name_span, found.affiliation, line, "article.author.dateline", found.names, found.name_spans)


def find_author(doc: Document, dateline: Dateline | None) -> AuthorLine | None:
    """A labelled line near the top or bottom, else the last of the final three lines that reads as a byline, else
    co-authors printed next to the dateline ('Thùy Linh- Mạnh Thường')."""
    for line in [*doc.lines[:3], *doc.lines[-3:]]:
        found = _author_in(doc, line, labelled_only=True)
        if found is not None:
            return found
    for line in reversed(doc.lines[-3:]):
        if dateline is not None and line.start == dateline.span.start:
            continue
        found = _author_in(doc, line, labelled_only=False)
        if found is not None:
            return found
    if dateline is not None:
        beside = _beside_dateline(doc, dateline)
        if beside is not None:
            return beside
        index = next((i for i, line in enumerate(doc.lines[:5]) if line.start == dateline.span.start), None)
        for near in ([index - 1, index + 1] if index is not None else []):
            if 0 <= near < len(doc.lines):
                found = _author_in(doc, doc.lines[near], labelled_only=False, several_only=True)
                if found is not None:
                    return found
    return None


def find_headline(doc: Document, dateline: Dateline | None, author: AuthorLine | None) -> Span | None:
    """The first short line that is neither the dateline nor a byline and does not end a sentence."""
    for line in doc.lines[:4]:
        if dateline is not None and line.start == dateline.span.start:
            continue
        if author is not None and line.start == author.line.start:
            continue
        if len(line.text) <= 200 and not line.text.endswith((".", "!", "?")) and len(line.text.split()) >= 3:
            return line
        return None
    return None
