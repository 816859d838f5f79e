"""Article text and its same-length shadows, so rules match spelling variants yet quote the source exactly.

Evidence offsets index `Document.text`: the article reduced to plain text (HTML boilerplate dropped),
NFC-normalised, with LF line ends. Two shadows of exactly the same length let patterns ignore the
variants union websites mix freely: `lower` (lower case, old and new tone placement unified —
Hoà = Hòa, uỷ = ủy — and one apostrophe) and `folded` (lower without diacritics, đ → d), which also
matches text typed without diacritics. A match in a shadow is a match at the same offsets in the text.
"""

from __future__ import annotations

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
_DROP_BLOCKS = re.compile(r"<(script|style|nav|footer|header|aside|noscript|form|head|template)\b.*?</\1\s*>",
                          re.IGNORECASE | re.DOTALL)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_BREAKS = re.compile(r"<\s*(br|/p|/div|/h[1-6]|/li|/tr|/section|/article|/figcaption|/blockquote)\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_BLANK_RUNS = re.compile(r"\n[ \t]*(\n[ \t]*)+")
_ABBREVIATIONS_BEFORE_DOT = {"tp", "tx", "h", "q", "tt", "p", "ths", "ts", "pgs", "gs", "bs", "đ/c", "ks"}

# Abbreviations that union reports use, expanded for comparing names (not for matching offsets).
ABBREVIATIONS: dict[str, str] = {
    "hlhpn": "hội liên hiệp phụ nữ", "lhpn": "liên hiệp phụ nữ", "hpn": "hội phụ nữ", "hvpn": "hội viên phụ nữ",
    "dtts": "dân tộc thiểu số", "clb": "câu lạc bộ", "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân",
    "btv": "ban thường vụ", "bch": "ban chấp hành", "pct": "phó chủ tịch", "ct": "chủ tịch",
    "tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "q": "quận", "mttq": "mặt trận tổ quốc",
}


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


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page: boilerplate blocks dropped, one line per block element."""
    body = _COMMENTS.sub("", markup)
    body = _DROP_BLOCKS.sub("\n", body)
    body = _BREAKS.sub("\n", body)
    body = re.sub(r"<\s*(p|div|h[1-6]|li|tr|section|article|figcaption|blockquote)\b[^>]*>", "\n", body, flags=re.IGNORECASE)
    body = html.unescape(_TAGS.sub("", body))
    lines = [" ".join(line.split()) for line in body.replace("\r", "\n").split("\n")]
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

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence containing a text offset."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def line_at(self, offset: int) -> Span | None:
        """The line (paragraph) containing a text offset."""
        for line in self.lines:
            if line.start <= offset < line.end:
                return line
        return None
