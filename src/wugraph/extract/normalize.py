"""Article text and its same-length shadows, so rules match spelling variants yet quote the source exactly.

Evidence offsets index `Document.text`: the article reduced to plain text (HTML boilerplate dropped),
NFC-normalised, with LF line ends. Two shadows of exactly the same length let patterns ignore the
variants union websites mix freely: `lower` (lower case, old and new tone placement unified —
Hoà = Hòa, uỷ = ủy — and one apostrophe) and `folded` (lower without diacritics, đ → d), which also
matches text typed without diacritics. A match in a shadow is a match at the same offsets in the text.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from ..text import nfc

# Old-style tone placement → new style, pairwise so that lengths never change.
_TONE_PAIRS: dict[str, str] = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE = re.compile("|".join(_TONE_PAIRS))
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"}
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}
# Elements whose content is page furniture or code, never article text.
_SKIPPED = frozenset({"script", "style", "nav", "footer", "header", "aside", "noscript", "form", "head", "template",
                      "iframe", "svg", "object", "embed", "select", "button", "canvas", "math"})
# Elements that start and end a line of text.
_BLOCKS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "figcaption",
                     "blockquote", "ul", "ol", "table", "td", "th", "dd", "dt", "pre", "hr", "main", "figure", "caption"})
_RAW_TEXT = ("script", "style", "textarea", "xmp", "noscript", "template", "title")
_COMMENT = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?[^>]*>", re.DOTALL)
_RAW_OPEN = re.compile(r"<(" + "|".join(_RAW_TEXT) + r")(?![\w:-])[^>]*>", re.IGNORECASE)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "base", "col", "embed", "param", "track"})
_KEPT_NAMES = "|".join(sorted(_SKIPPED | _BLOCKS, key=len, reverse=True))
_INLINE_TAG = re.compile(r"</?(?!(?:" + _KEPT_NAMES + r")(?![\w:-]))[A-Za-z][\w:-]*[^>]*>", re.IGNORECASE)
_STRUCTURE_TAG = re.compile(r"<(/?)(" + _KEPT_NAMES + r")(?![\w:-])([^>]*)>", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"\n[ \t]*(\n[ \t]*)+")
_ABBREVIATIONS_BEFORE_DOT = {"tp", "tx", "h", "q", "tt", "p", "ths", "ts", "pgs", "gs", "bs", "đ/c", "ks"}

# Abbreviations that union reports use, expanded for comparing names (not for matching offsets).
ABBREVIATIONS: dict[str, str] = {
    "hlhpn": "hội liên hiệp phụ nữ", "lhpn": "liên hiệp phụ nữ", "hpn": "hội phụ nữ", "hvpn": "hội viên phụ nữ",
    "dtts": "dân tộc thiểu số", "clb": "câu lạc bộ", "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân",
    "btv": "ban thường vụ", "bch": "ban chấp hành", "pct": "phó chủ tịch", "ct": "chủ tịch",
    "tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "q": "quận", "mttq": "mặt trận tổ quốc",
}


def lower_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern for the `lower` shadow: its Vietnamese words get the shadow's tone placement ('hoạt' → 'họat')."""
    return re.compile(_TONE.sub(lambda m: _TONE_PAIRS[m.group(0)], pattern), flags)


def _fold_char(ch: str) -> str:
    """One character folded to one character: lower case, no diacritics, đ → d."""
    low = ch.lower() if len(ch.lower()) == 1 else ch
    if low == "đ":
        return "d"
    base = unicodedata.normalize("NFD", low)[0]
    return base if base.isascii() or not base.isalpha() else low


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def lower_shadow(text: str) -> str:
    """Lower case with tone placement and apostrophes unified; always len(result) == len(text)."""
    low = "".join(_APOSTROPHES.get(c, _lower_char(c)) for c in text)
    return _TONE.sub(lambda m: _TONE_PAIRS[m.group(0)], low)


def folded_shadow(text: str) -> str:
    """Lower case without diacritics ('Đắk G'long' → "dak g'long"); always len(result) == len(text)."""
    return "".join(_APOSTROPHES.get(c, _fold_char(c)) for c in text)


_FOLDED_ABBREVIATIONS: dict[str, str] = {folded_shadow(k): folded_shadow(v) for k, v in ABBREVIATIONS.items()}


def canonical(value: str) -> str:
    """A comparison key for names and titles: folded, abbreviations expanded, punctuation dropped."""
    words = re.findall(r"[0-9a-z]+", folded_shadow(nfc(value)).replace("'", ""))
    return " ".join(_FOLDED_ABBREVIATIONS.get(w, w) for w in words)


def _without_comments(markup: str) -> str:
    """Comments dropped; an unclosed one swallows the rest, as in a browser (so no comment scan runs twice)."""
    last = markup.rfind("-->")
    unclosed = markup.find("<!--", last + 3 if last >= 0 else 0)
    if unclosed >= 0:
        markup = markup[:unclosed]
    return _COMMENT.sub("", markup)


def _without_raw_text(markup: str) -> str:
    """<script>, <style>… with their content dropped; each closing tag is looked for once."""
    lower = markup.lower()
    out: list[str] = []
    position = 0
    for match in _RAW_OPEN.finditer(markup):
        if match.start() < position:
            continue
        out.append(markup[position:match.start()])
        close = lower.find(f"</{match.group(1).lower()}", match.end())
        if close < 0:
            return "".join(out)
        end = lower.find(">", close)
        position = len(markup) if end < 0 else end + 1
    out.append(markup[position:])
    return "".join(out)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page: furniture and code dropped, one line per block element.

    Linear whatever the input: comments and code go first, inline tags in one substitution, and only block and
    furniture tags are walked (no backtracking, no recursion), so 10 MB of markup or 1,000 nested tags are safe.
    """
    body = _INLINE_TAG.sub("", _without_raw_text(_without_comments(markup)))
    parts: list[str] = []
    skipping: list[str] = []
    position = 0
    for match in _STRUCTURE_TAG.finditer(body):
        if not skipping and match.start() > position:
            parts.append(body[position:match.start()])
        position = match.end()
        name = match.group(2).lower()
        closing, self_closing = bool(match.group(1)), match.group(3).rstrip().endswith("/")
        if name in _SKIPPED:
            if closing and name in skipping:
                while skipping.pop() != name:
                    pass
            elif not closing and not self_closing and name not in _VOID:
                skipping.append(name)
        elif not skipping:
            parts.append("\n")
    if not skipping:
        parts.append(body[position:])
    text = html.unescape("".join(parts))
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def looks_like_html(raw: str) -> bool:
    """True for markup (a doctype or an <html>, <body>, <p> or <article> tag near the start)."""
    head = raw[:2000].lower()
    return "<!doctype html" in head or bool(re.search(r"<(html|body|article|p)[\s>]", head))


@dataclass(frozen=True)
class Span:
    """A stretch of the document text: [start, end) with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """The article text that every offset refers to, with its shadows, lines and sentences."""

    text: str
    is_html: bool = False
    lower: str = field(init=False)
    folded: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", lower_shadow(self.text))
        object.__setattr__(self, "folded", folded_shadow(self.text))

    @classmethod
    def from_source(cls, raw: str, is_html: bool | None = None) -> "Document":
        """Plain text or HTML → the canonical article text (NFC, LF, no-break spaces as spaces)."""
        markup = looks_like_html(raw) if is_html is None else is_html
        text = html_to_text(raw) if markup else raw
        text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
        text = "".join(_SPACES.get(c, c) for c in text)
        return cls(text, markup)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    @cached_property
    def lines(self) -> list[Span]:
        """Non-empty lines, stripped."""
        out: list[Span] = []
        for match in re.finditer(r"[^\n]+", self.text):
            stripped = match.group(0).strip()
            if stripped:
                start = match.start() + match.group(0).index(stripped)
                out.append(Span(start, start + len(stripped), stripped))
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences: lines split at '.', '!' or '?' followed by a capital, except after abbreviations (TP., TX., H.)."""
        out: list[Span] = []
        for line in self.lines:
            start = line.start
            for match in re.finditer(r"[.!?](?=\s+[\"“(]?[^\W\d_])", line.text):
                stop = line.start + match.start()
                word = re.search(r"([\w/]+)$", self.text[start:stop])
                if word and word.group(1).lower() in _ABBREVIATIONS_BEFORE_DOT:
                    continue
                out.append(self._trimmed(start, stop + 1))
                start = stop + 1
            if start < line.end:
                out.append(self._trimmed(start, line.end))
        return [s for s in out if s.text]

    def _trimmed(self, start: int, end: int) -> Span:
        while start < end and self.text[start].isspace():
            start += 1
        return Span(start, end, self.text[start:end])

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence containing a text offset."""
        return _containing(self.sentences, self._sentence_starts, offset)

    def line_at(self, offset: int) -> Span | None:
        """The line (paragraph) containing a text offset."""
        return _containing(self.lines, self._line_starts, offset)


def _containing(spans: list[Span], starts: list[int], offset: int) -> Span | None:
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and spans[index].start <= offset < spans[index].end:
        return spans[index]
    return None
