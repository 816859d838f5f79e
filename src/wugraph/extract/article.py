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

_LABEL = re.compile(r"^(?:tin(?:,| và)? ảnh|bài(?:,| và)? ảnh|tin|bài|tác giả|thực hiện|nhóm pv)\s*:\s*", re.IGNORECASE)
_NAME = r"(?:[^\W\d_][\w]*(?:['’][\w]+)*)"
_AUTHOR = re.compile(r"^(" + _NAME + r"(?: " + _NAME + r"){0,3})(?:\s*[-–,]\s*(.+?)|\s*\((.+?)\))?\.?$")
_HONORIFICS = ("bà", "ông", "chị", "anh", "cô", "đồng", "đ/c")
_BYLINE_CODE = re.compile(r"^[A-ZĐ]{2,4}\.?$")


@dataclass(frozen=True)
class AuthorLine:
    """The author's name as printed, the organisation after it (if any) and the whole line."""

    name: str
    name_span: Span
    affiliation: str | None
    line: Span
    rule: str


def _author_in(doc: Document, line: Span, labelled_only: bool) -> AuthorLine | None:
    text = line.text
    label = _LABEL.match(text)
    if labelled_only and not label:
        return None
    offset = label.end() if label else 0
    rest = text[offset:]
    if _BYLINE_CODE.match(rest) and not labelled_only:
        start = line.start + offset
        return AuthorLine(rest.rstrip("."), doc.span(start, start + len(rest.rstrip("."))), None, line, "article.author.code")
    match = _AUTHOR.match(rest)
    if not match or len(rest) > 90:
        return None
    name = match.group(1)
    affiliation = match.group(2) or match.group(3)
    if not all(word[0].isupper() for word in name.split()) or name.split()[0].lower() in _HONORIFICS:
        return None
    if affiliation is not None and not affiliation[0].isupper():
        return None
    if len(name.split()) == 1 and "'" not in name and "’" not in name and not label:
        return None
    start = line.start + offset
    rule = "article.author.labelled" if label else "article.author.last-line"
    return AuthorLine(name, doc.span(start, start + len(name)), affiliation, line, rule)


def find_author(doc: Document, dateline: Dateline | None) -> AuthorLine | None:
    """A labelled line near the top, else the last of the final three lines that reads as a byline."""
    for line in doc.lines[:3]:
        found = _author_in(doc, line, labelled_only=True)
        if found is not None:
            return found
    for line in reversed(doc.lines[-3:]):
        if dateline is not None and line.start == dateline.span.start:
            continue
        found = _author_in(doc, line, labelled_only=False)
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
