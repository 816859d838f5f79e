"""Several bodies under one word: "Hội LHPN các xã A, B và C", "chi hội Đông, Tây và Bắc", "cụm phụ nữ A, B".

Each list item becomes its own organisation: a union chapter for every unit named after a chapter (with
or without its type word, resolved inside the district or province of the first item; "Thị trấn" alone is
the district's town), a branch for every name or number after "chi hội" / "cụm phụ nữ". Unnamed plurals
("Hội LHPN các xã, thị trấn", "17 chi hội thôn") give nothing.
"""

from __future__ import annotations

import re

from ..reference.gazetteer import UnitRecord
from .normalize import Document, lower_re
from .patterns import capital_tokens
from .places import PlaceFinder, PlaceMention
from .villages import TAIL

_BRANCH_HEAD = lower_re(r"(?:chi hội(?: phụ nữ)?|cụm phụ nữ)(?: (?:thôn|ấp|bon|buôn|bản|tổ dân phố|khu phố|tổ|làng|xóm|khối|khu))?\s+")
_ITEM_JOIN = lower_re(r"\s*(?:,\s*(?:và\s+)?|\s+và\s+|\s*-\s*)")
_NUMBER = re.compile(r"\d{1,3}(?:\s*,\s*\d{1,3})?[A-Za-z]?(?:\s*-\s*(?=[^\W\d_]))?")
_TOWN = lower_re(r"thị trấn(?![\w'])")


def _branch_name(doc: Document, index: int) -> tuple[int, int] | None:
    """A branch's name: a number ('3', '1,2-Hồng Hà'), capitalised words, or a number and words ('8 Đà Sơn')."""
    end = index
    number = _NUMBER.match(doc.text, index)
    if number is not None and number.end() > index:
        end = number.end()
        after = end + 1 if doc.text[end:end + 1] == " " else end
        tokens = capital_tokens(doc, after, limit=4)
        return (index, tokens[-1][1]) if tokens else (index, number.end())
    tokens = capital_tokens(doc, index, limit=4)
    if not tokens:
        return None
    stop = len(tokens)
    for position, (start, _) in enumerate(tokens):
        if doc.lower.startswith(("xã", "phường", "huyện", "thị trấn", "quận"), start) and position > 0:
            stop = position
            break
    tail = TAIL.match(doc.text, tokens[stop - 1][1])
    return index, tail.end() if tail else tokens[stop - 1][1]


def branch_head(doc: Document, index: int) -> int | None:
    """Where the name starts in a branch mention printed at `index`."""
    head = _BRANCH_HEAD.match(doc.lower, index)
    return head.end() if head is not None else None


def branch_items(doc: Document, index: int) -> list[tuple[int, int, int]]:
    """(mention start, mention end, name start) of each branch a 'chi hội …' printed at `index` names."""
    head = _BRANCH_HEAD.match(doc.lower, index)
    if head is None:
        return []
    name = _branch_name(doc, head.end())
    if name is None:
        return []
    items = [(index, name[1], name[0])]
    position = name[1]
    while True:
        join = _ITEM_JOIN.match(doc.lower, position)
        if join is None or join.end() == position:
            break
        following = _branch_name(doc, join.end())
        if following is None or doc.lower.startswith(("xã", "phường", "huyện", "thị"), join.end()):
            break
        items.append((following[0], following[1], following[0]))
        position = following[1]
    return items


def bare_unit(finder: PlaceFinder, start: int, parent: UnitRecord | None, level: str) -> tuple[int, UnitRecord] | None:
    """A unit printed without its type word, inside `parent`: ('Hương Minh' → the commune of the district)."""
    doc = finder.doc
    if parent is None:
        return None
    if _TOWN.match(doc.lower, start) and not doc.text[start + len("thị trấn"):start + len("thị trấn") + 2].strip()[:1].isupper():
        towns = [r for r in finder.gaz.records.values() if r.parent == parent.iri and r.name.startswith("Thị trấn")]
        return (start + len("thị trấn"), towns[0]) if len(towns) == 1 else None
    tokens = capital_tokens(doc, start, limit=4)
    for count in range(len(tokens), 0, -1):
        end = tokens[count - 1][1]
        found = finder.gaz.lookup(doc.text[start:end], level=level, within=parent.iri)
        if len(found) == 1:
            return end, found[0]
    return None


def listed_after(finder: PlaceFinder, place: PlaceMention, end: int, by_start: dict[int, PlaceMention]) -> list[tuple[int, int, PlaceMention | None, UnitRecord]]:
    """Units listed after a chapter's unit ('Hội LHPN xã A, xã B và C'): (start, end, place mention or None, unit)."""
    doc = finder.doc
    unit = place.unit
    if unit is None:
        return []
    parent = finder.gaz.get(unit.parent) if unit.parent else None
    out: list[tuple[int, int, PlaceMention | None, UnitRecord]] = []
    position = end
    while True:
        join = _ITEM_JOIN.match(doc.lower, position)
        if join is None or join.end() == position or doc.text[position:join.end()].strip() == "-":
            break
        start = join.end()
        mention = by_start.get(start)
        if mention is not None and mention.unit is not None and mention.unit.level == unit.level:
            out.append((start, mention.end, mention, mention.unit))
            position = mention.end
            continue
        bare = bare_unit(finder, start, parent, unit.level)
        if bare is None:
            break
        out.append((start, bare[0], None, bare[1]))
        position = bare[0]
    return out
