"""Places below the commune: thôn, ấp, bản, buôn, bon, làng, xóm, khối, tổ dân phố, khu phố, tổ (with a number).

Villages have no GSO code; each is kept with its commune (`parent`) when the text names it: the commune
printed right after it ("ấp Bình Đông Trung, xã Bình Nhì", "thôn Hà Roi- xã Sông Hinh"), else the one
commune the article is about. A list under one type word gives one village per item ("các bản: Xía Nọi,
Mùa Xuân, xã Sơn Thủy và bản Ché Lầu" → Xía Nọi, Mùa Xuân, Ché Lầu). Words that only look like a type word
('bản sắc', 'khối thi đua', 'làng nghề') are passed over: the name must be capitalised or a number.
"""

from __future__ import annotations

import re

from ..reference.gazetteer import UnitRecord
from .normalize import Document
from .patterns import capital_tokens, lower_shadow
from .places import PlaceMention

_TYPES = ("tổ dân phố", "khu phố", "thôn", "ấp", "bản", "buôn", "bon", "làng", "xóm", "khối", "tổ", "khu dân cư")
_TYPE_PATTERN = re.compile(r"(?<![\w'])(?:(các)\s+)?(" + "|".join(re.escape(lower_shadow(t)) for t in sorted(set(_TYPES), key=len, reverse=True))
                           + r")(?:\s*:)?\s+(?=\S)")
_NUMBER = re.compile(r"(?:số\s+)?(\d{1,3}[a-zA-Z]?|[IVX]{1,4})(?![\w'])(?![/.,]\d)")
_NOT_NAMES = frozenset(lower_shadow(w) for w in ("Dân vận", "Thi đua", "Văn hóa", "Nghề", "Trẻ", "Phụ nữ", "Hội", "Đảng", "Chi"))
_NUMBER_ONLY = frozenset({"tổ", "khối", "khu dân cư"})
_LIST_JOIN = re.compile(r"\s*(?:,|và|;)\s*")
_AND = re.compile(r"\s+và\s+(?=[^\W\d_])")
TAIL = re.compile(r" (?:\d{1,3}|[A-ZĐ])(?![\w'/]|[.,]\d)")
_CAPITAL_ANYWHERE = frozenset(lower_shadow(w) for w in ("thôn", "ấp", "xóm", "buôn", "bon", "tổ dân phố", "khu phố"))
_LEADING_NUMBER = re.compile(r"^[\d\s,]+[-–]?\s*")


def _name_at(doc: Document, index: int, word: str, type_starts: set[int]) -> tuple[int, int] | None:
    """A village's name: a number ('xóm 7'), or capitalised words with an optional number ('Đắc Nhơn 2', 'Tân Ninh B')."""
    number = _NUMBER.match(doc.text, index)
    if number is not None:
        return index, number.end()
    if word in _NUMBER_ONLY:
        return None
    tokens = capital_tokens(doc, index, limit=4)
    kept = []
    for start, end in tokens:
        if start in type_starts or lower_shadow(doc.text[start:end]) in ("xã", "phường", "thị", "huyện", "tỉnh", "thôn", "ấp"):
            break
        kept.append((start, end))
    if not kept:
        return None
    if lower_shadow(doc.text[kept[0][0]:kept[-1][1]]) in _NOT_NAMES or lower_shadow(doc.text[kept[0][0]:kept[0][1]]) in _NOT_NAMES:
        return None
    end = kept[-1][1]
    tail = TAIL.match(doc.text, end)
    return kept[0][0], tail.end() if tail else end


def _only_names_between(doc: Document, start: int, end: int) -> bool:
    """Every word between a village and a commune is a capitalised name, a type word or 'và'."""
    if re.search(r"[.;\n()]", doc.text[start:end]):
        return False
    words = re.findall(r"[^\W\d_][\w']*", doc.text[start:end])
    return all(w[0].isupper() or lower_shadow(w) in ("thôn", "ấp", "bản", "buôn", "xóm", "làng", "bon", "và") for w in words)


def branch_villages(doc: Document, branches: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """A branch named after its village ('chi hội Đại Thuận', 'Chi hội Phụ nữ 8 Đà Sơn', 'cụm phụ nữ Phúc La') names the village."""
    out = []
    for start, end in branches:
        name = doc.text[start:end]
        lead = _LEADING_NUMBER.match(name)
        name_start = start + (lead.end() if lead else 0)
        if name_start >= end or not doc.text[name_start].isupper() or any(s <= name_start < e for s, e in taken):
            continue
        out.append(PlaceMention(name_start, end, name_start, None, "Village", None, "place.village.branch", None, ()))
    return out


def find_villages(doc: Document, places: list[PlaceMention], focus_commune: UnitRecord | None,
                  branches: list[tuple[int, int]] | None = None) -> list[PlaceMention]:
    """Village mentions, each with its commune when the text names it; none overlaps a unit mention."""
    taken = [(p.start, p.end) for p in places]
    communes = sorted((p for p in places if p.unit is not None and p.unit.level == "Commune"), key=lambda p: p.start)
    type_starts = {p.start for p in places}
    out: list[PlaceMention] = []
    for match in _TYPE_PATTERN.finditer(doc.lower):
        word = match.group(2)
        if any(s <= match.start(2) < e for s, e in taken):
            continue
        if doc.text[match.start(2)].isupper() and match.start(2) > 0 and word not in _CAPITAL_ANYWHERE \
                and doc.text[:match.start(2)].rstrip(" ")[-1:] not in "\n.:;,(“\"-":
            continue
        position = match.end()
        listed = bool(match.group(1)) or ":" in doc.text[match.end(2):match.end()]
        first = True
        while True:
            name = _name_at(doc, position, word, type_starts)
            if name is None:
                break
            out.append(PlaceMention(match.start(2) if first else name[0], name[1], name[0], word, "Village", None,
                                    "place.village", None, ()))
            taken.append((name[0], name[1]))
            first = False
            joined = _LIST_JOIN.match(doc.text, name[1])
            if not joined or not listed:
                joined = _AND.match(doc.text, name[1])
                if not joined or doc.lower.startswith(("xã", "phường", "thị"), joined.end()):
                    break
            position = joined.end()
            if any(p.start == position for p in places):
                nxt = next(p for p in places if p.start == position)
                after = _LIST_JOIN.match(doc.text, nxt.end)
                if not after:
                    break
                position = after.end()
    out.extend(branch_villages(doc, branches or [], taken))
    for village in out:
        following = [c for c in communes if 0 <= c.start - village.end <= 60 and _only_names_between(doc, village.end, c.start)]
        sentence = doc.sentence_at(village.start)
        earlier = [c for c in communes if sentence is not None and sentence.start <= c.start < village.start]
        village.parent = following[0].unit if following else earlier[-1].unit if earlier else focus_commune
    return out
