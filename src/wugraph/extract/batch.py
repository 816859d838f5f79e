"""Many articles at once: files, folders and .jsonl records in, one result (or one clear error) per article out.

A PATH is a file, a folder (its `.txt`, `.html` and `.htm` files, recursively, in name order) or a `.jsonl`
file of records `{url?, date?, title?, text | html}`. Each article is checked before extraction: over the
size limit, binary, not UTF-8, empty once the markup is gone, too long for an article, or not Vietnamese —
each a reason in Vietnamese and English, and the other articles go on. Nothing here touches a store.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ParseError, TooLargeError, WugraphError
from ..reference.gazetteer import Gazetteer
from ..text import fold
from . import Extraction, KnownNames, extract
from .normalize import Document

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
MAX_ARTICLE_CHARS = 300_000  # visible text; a news article is a few thousand characters
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_VIETNAMESE_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
_COMMON_WORDS = frozenset({"va", "cua", "cac", "nhung", "la", "co", "duoc", "trong", "cho", "voi", "nam", "ngay", "hoi", "phu",
                           "nu", "xa", "huyen", "tinh", "dong", "chi", "thi", "mot", "nay", "tai", "den", "nguoi", "da", "khong"})


@dataclass(frozen=True)
class ArticleInput:
    """One article to extract: where it came from, its id, its text (or why it cannot be read)."""

    source: str  # the path, or the record's url, or path:line
    doc_id: str
    raw: str | None
    is_html: bool | None
    published: date | None = None
    error: WugraphError | None = None


@dataclass(frozen=True)
class ArticleResult:
    """An extraction, or the error that stopped this one article."""

    input: ArticleInput
    extraction: Extraction | None
    error: WugraphError | None


def _refuse(name: str, reason: str, vi: str, en: str, **details: object) -> ParseError:
    return ParseError(f"{name}: {vi}", f"{name}: {en}", reason=reason, source=name, **details)


def too_large(name: str, size: int, limit: int) -> TooLargeError:
    return TooLargeError(f"{name}: {size:,} byte vượt giới hạn {limit:,} byte.", f"{name}: {size:,} bytes exceeds the limit of {limit:,} bytes.",
                         reason="too_large", source=name, limit=limit, size=size)


def decode_article(name: str, data: bytes, limit: int) -> str:
    """UTF-8 text (a BOM dropped; UTF-16 with a BOM accepted) or a clear error: too large, binary, undecodable."""
    if len(data) > limit:
        raise too_large(name, len(data), limit)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise _refuse(name, "binary", "tệp nhị phân (có byte NUL), không phải bài viết.", "a binary file (NUL bytes), not an article.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _refuse(name, "not_utf8", f"dòng {line}: không phải UTF-8 (byte 0x{data[exc.start]:02x}); hãy lưu lại với mã hóa UTF-8.",
                      f"line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8.", line=line) from None
    return text.removeprefix("\ufeff")


def check_text(name: str, raw: str, is_html: bool | None) -> None:
    """Refuse what is not a Vietnamese article: control-character soup, nothing visible, too long, another language."""
    sample = raw[:20_000]
    if sample and len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise _refuse(name, "binary", "tệp chứa nhiều ký tự điều khiển, không phải văn bản.", "the file is full of control characters, not text.")
    text = Document.from_source(raw, is_html).text
    letters = [c for c in text[:50_000] if c.isalpha()]
    if not letters:
        raise _refuse(name, "empty", "không có chữ nào để đọc (tệp rỗng hoặc chỉ có mã HTML).",
                      "there is no text to read (an empty file, or markup only).")
    if len(text) > MAX_ARTICLE_CHARS:
        raise _refuse(name, "too_long", f"{len(text):,} ký tự chữ, quá dài cho một bài báo (tối đa {MAX_ARTICLE_CHARS:,}).",
                      f"{len(text):,} characters of text, too long for a news article (at most {MAX_ARTICLE_CHARS:,}).")
    if not looks_vietnamese(text[:50_000]):
        raise _refuse(name, "not_vietnamese", "văn bản không phải tiếng Việt.", "the text is not Vietnamese.")


def looks_vietnamese(text: str) -> bool:
    """Letters with Vietnamese diacritics, or (for text typed without them) common Vietnamese words."""
    letters = [c for c in text if c.isalpha()]
    marked = sum(1 for c in letters if c in _VIETNAMESE_LETTERS or _tone_marked(c))
    if letters and marked / len(letters) >= 0.05:
        return True
    words = fold(text).split()
    return len(words) >= 3 and sum(w in _COMMON_WORDS for w in words) / len(words) >= 0.15


def _tone_marked(char: str) -> bool:
    decomposed = unicodedata.normalize("NFD", char)
    return len(decomposed) > 1 and any(unicodedata.combining(c) for c in decomposed[1:])


def _doc_id(stem: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", fold(stem) or "article").strip("-")[:100] or "article"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _record(path: Path, number: int, line: str, used: set[str], limit: int) -> ArticleInput:
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return ArticleInput(where, _doc_id(f"{path.stem}-{number}", used), None, None,
                            error=_refuse(where, "bad_record", f"dòng JSON hỏng ({exc.msg}).", f"broken JSON line ({exc.msg})."))
    if not isinstance(record, dict) or not isinstance(record.get("text") or record.get("html"), str):
        return ArticleInput(where, _doc_id(f"{path.stem}-{number}", used), None, None,
                            error=_refuse(where, "bad_record", "bản ghi cần trường \"text\" hoặc \"html\".",
                                          "a record needs a \"text\" or \"html\" field."))
    source = record.get("url") if isinstance(record.get("url"), str) and record.get("url") else where
    body, is_html = (record["html"], True) if isinstance(record.get("html"), str) else (record["text"], False)
    title = record.get("title") if isinstance(record.get("title"), str) else None
    if title and is_html:
        body = f"<h1>{_escape(title)}</h1>\n{body}"
    elif title:
        body = f"{title}\n\n{body}"
    published = None
    if isinstance(record.get("date"), str):
        try:
            published = date.fromisoformat(record["date"][:10])
        except ValueError:
            published = None
    stem = record.get("id") if isinstance(record.get("id"), str) else f"{path.stem}-{number}"
    size = len(body.encode("utf-8"))
    if size > limit:
        return ArticleInput(source, _doc_id(stem, used), None, is_html, error=too_large(source, size, limit))
    return ArticleInput(source, _doc_id(stem, used), body, is_html, published)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _expand(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield path


def read_inputs(paths: Iterable[Path], limit: int) -> Iterator[ArticleInput]:
    """Every article named by the paths, in order; unreadable ones carry their error instead of text."""
    used: set[str] = set()
    for path in _expand(paths):
        name = str(path)
        if path.suffix.lower() == ".jsonl":
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                yield ArticleInput(name, _doc_id(path.stem, used), None, None,
                                   error=_refuse(name, "unreadable", f"không đọc được ({exc}).", f"cannot be read ({exc})."))
                continue
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield _record(path, number, line, used, limit)
            continue
        is_html = True if path.suffix.lower() in (".html", ".htm") else None
        try:
            size = path.stat().st_size
            if size > limit:
                raise too_large(name, size, limit)  # before reading it
            raw = decode_article(name, path.read_bytes(), limit)
        except OSError as exc:
            yield ArticleInput(name, _doc_id(path.stem, used), None, is_html,
                               error=_refuse(name, "unreadable", f"không đọc được ({exc.strerror}).", f"cannot be read ({exc.strerror})."))
            continue
        except WugraphError as error:
            yield ArticleInput(name, _doc_id(path.stem, used), None, is_html, error=error)
            continue
        yield ArticleInput(name, _doc_id(path.stem, used), raw, is_html)


def run_one(item: ArticleInput, gazetteer: Gazetteer, known: KnownNames | None = None) -> ArticleResult:
    """Check and extract one article; a refusal is its result, never an exception."""
    if item.error is not None or item.raw is None:
        return ArticleResult(item, None, item.error)
    try:
        check_text(item.source, item.raw, item.is_html)
    except WugraphError as error:
        return ArticleResult(item, None, error)
    extraction = extract(item.raw, gazetteer, doc_id=item.doc_id, is_html=item.is_html, published=item.published, known=known)
    return ArticleResult(item, extraction, None)
