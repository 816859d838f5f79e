"""Organisation mentions: union chapters at every level, Party committees, People's Committees and Councils.

Each mention is a head ("Hội LHPN", "HLHPN", "Huyện ủy", "Đảng ủy", "UBND", "HĐND", "Ủy ban MTTQ") and a
level word with or without a name, or a unit printed without its type word ("Hội LHPN Hà Nội", "Hội LHPN
TPHCM"); branches and lists of units under one head come from `org_lists`. Named ones take the unit of the place mention they contain;
unnamed ones ("Hội LHPN tỉnh", "Huyện ủy", "UBND thị xã") take the article's province or district,
as valid on the day the mention refers to. Plural or generic mentions ("Hội LHPN các xã",
"Hội LHPN huyện/thành phố") name no one body and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..reference.gazetteer import UnitRecord
from .normalize import Document, lower_re
from .org_lists import bare_unit, branch_items, listed_after
from .patterns import COMMITTEE_HEADS, TYPE_WORDS, looks_like_surname, lower_shadow, match_word, skip_spaces
from .places import PlaceFinder, PlaceMention

_UNION_HEADS = ("hội liên hiệp phụ nữ", "hội lhpn", "hlhpn", "hội phụ nữ", "hpn")
_PREFIXES = ("ban thường vụ", "ban chấp hành", "thường trực", "btv", "bch")
_GOVERNMENT = (("ủy ban nhân dân", "government"), ("ubnd", "government"), ("hội đồng nhân dân", "council"), ("hđnd", "council"),
               ("ủy ban mặt trận tổ quốc việt nam", "front"), ("ủy ban mặt trận tổ quốc", "front"), ("ủy ban mttq việt nam", "front"),
               ("ủy ban mttq", "front"), ("ub mttq", "front"), ("ubmttq", "front"), ("mttq", "front"),
               # other mass organisations: named in titles ('Chủ tịch Hội Nông dân xã'), never Women's Union chapters
               ("hội nông dân", "mass"), ("hội cựu chiến binh", "mass"), ("đoàn thanh niên", "mass"), ("công đoàn", "mass"),
               ("liên đoàn lao động", "mass"), ("hội người cao tuổi", "mass"), ("hội chữ thập đỏ", "mass"))
# Between a union's head and its level: an abbreviation in brackets, or the partner of a joint team.
_HEAD_TAIL = lower_re(r"(?:\s*\((?:lhpn|hlhpn)\))?(?:\s*[-–]\s*đoàn thanh niên(?: cộng sản hồ chí minh)?)?")
_LEVEL_OF_PREFIX = {"tỉnh": "province", "thành phố": None, "huyện": "district", "quận": "district", "thị xã": "district",
                    "xã": "commune", "phường": "commune", "thị trấn": "commune"}
_LEVEL_OF_UNIT = {"Province": "province", "District": "district", "Commune": "commune"}
_LEVEL_WORDS = sorted(TYPE_WORDS, key=len, reverse=True)


@dataclass
class OrgMention:
    """One printed organisation and, once resolved, the unit it serves."""

    start: int
    end: int
    head_start: int
    kind: str  # "union" | "party" | "government" | "council" | "branch" | "central"
    level_word: str | None  # official prefix of the printed level word ('huyện', 'thị xã'...)
    place: PlaceMention | None
    rule: str
    unit: UnitRecord | None = None
    level: str | None = None

    def text(self, doc: Document) -> str:
        return doc.text[self.start:self.end]

    def body_text(self, doc: Document) -> str:
        """The organisation's own name, without a leading 'Ban Thường vụ' / 'BTV'."""
        return doc.text[self.head_start:self.end]


def _level_word(doc: Document, index: int) -> tuple[int, str] | None:
    for word in _LEVEL_WORDS:
        end = match_word(doc, index, word, folded=True)
        if end is not None and (word not in ("tp", "tx", "h.", "q.", "tt.", "tp.", "tx.") or doc.text[index].isupper()):
            return end, TYPE_WORDS[word][1]
    return None


def _generic(doc: Document, index: int) -> bool:
    """'các xã', 'huyện/thành phố', 'xã, phường': a level word that names no single unit."""
    before = doc.lower[max(0, index - 4):index]
    return before.endswith("các ") or doc.text[index:index + 40].split(" ", 1)[0].count("/") > 0


class OrgFinder:
    """Finds organisation mentions, reusing the document's place mentions for their names."""

    def __init__(self, doc: Document, places: PlaceFinder, mentions: list[PlaceMention]) -> None:
        self.doc = doc
        self.places = places
        self.by_start = {m.start: m for m in mentions}
        self.by_name_start = {m.name_start: m for m in mentions}
        self.extra_places: list[PlaceMention] = []  # units printed without a type word after a chapter's head

    def _place_at(self, index: int) -> PlaceMention | None:
        return self.by_start.get(index)

    def _bare(self, start: int, head_start: int, index: int, kind: str, rule: str) -> OrgMention | None:
        """A unit printed without a type word after the head: 'Hội LHPN Hà Nội', 'Hội LHPN TPHCM', 'Hội LHPN Đức Bồng'."""
        place = self._place_at(index)
        if place is not None and place.type_word is None and place.unit is not None:
            return OrgMention(start, place.end, head_start, kind, None, place, rule + ".named")
        if not self.doc.text[index:index + 1].isupper():
            return None
        found = self.places.parse_name(index, None, None, "place.after-head", index, None)
        if found is not None and self.places.resolve(found) is not None:
            self.extra_places.append(found)
            return OrgMention(start, found.end, head_start, kind, None, found, rule + ".named")
        bare = bare_unit(self.places, index, self.places.focus_district, "Commune")
        if bare is not None:
            mention = PlaceMention(index, bare[0], index, None, "Commune", None, "place.after-head", None, (bare[1],), bare[1])
            self.extra_places.append(mention)
            return OrgMention(start, bare[0], head_start, kind, None, mention, rule + ".named")
        return None

    def _levelled(self, start: int, head_start: int, index: int, kind: str, rule: str) -> OrgMention | None:
        """Head already read up to `index`: read a level word and an optional name (or a unit without its type word)."""
        index = skip_spaces(self.doc, index)
        if self.doc.lower.startswith("các ", index):
            index += 4
        found = _level_word(self.doc, index)
        if found is not None and _generic(self.doc, index) and self.doc.lower[max(0, index - 4):index] == "các " \
                and self._place_at(index) is not None:
            place = self._place_at(index)
            return OrgMention(start, place.end, head_start, kind, found[1], place, rule + ".named")  # 'các xã A, B và C'
        if found is None or _generic(self.doc, index):
            if found is not None or kind not in ("union", "front"):
                return None
            bare = self._bare(start, head_start, index, kind, rule)
            if bare is None and kind == "union" and self.doc.text[index:index + 1].isupper():
                head_end = len(self.doc.text[:index].rstrip())
                token = re.match(r"[^\W\d_]+", self.doc.text[index:])
                if token and looks_like_surname(self.doc, index, index + token.end()):
                    return OrgMention(start, head_end, head_start, kind, None, None, rule + ".bare")  # 'Hội LHPN Vi Thị Hạnh'
            return bare
        end, level_word = found
        place = self._place_at(index)
        if place is not None:
            return OrgMention(start, place.end, head_start, kind, level_word, place, rule + ".named")
        # No known place follows: the level is implicit, and capitalised words after it belong to
        # whatever comes next (a person: 'Chủ tịch Hội LHPN huyện Ksor H'Bơ Khăp').
        return OrgMention(start, end, head_start, kind, level_word, None, rule + ".implicit")

    def parse_at(self, index: int) -> OrgMention | None:
        """An organisation printed at `index`, or None."""
        doc = self.doc
        start = index
        for prefix in _PREFIXES:
            end = match_word(doc, index, prefix)
            if end is not None and doc.text[index].isupper():
                nxt = skip_spaces(doc, end)
                if any(match_word(doc, nxt, head) for head in _UNION_HEADS):
                    index = nxt
                break
        head_start = index
        if match_word(doc, index, "trung ương hội") and doc.text[index].isupper():
            end = index + len("trung ương hội")
            for tail in (" lhpn việt nam", " liên hiệp phụ nữ việt nam"):
                if doc.lower.startswith(tail, end):
                    end += len(tail)
            return OrgMention(start, end, head_start, "central", None, None, "org.central")
        for head in _UNION_HEADS:
            end = match_word(doc, index, head)
            if end is None or not doc.text[index].isupper():
                continue
            end = _HEAD_TAIL.match(doc.lower, end).end()  # type: ignore[union-attr]
            after = skip_spaces(doc, end)
            national = match_word(doc, after, "việt nam")
            if national is not None:
                return OrgMention(start, national, head_start, "central", None, None, "org.central")
            return self._levelled(start, head_start, end, "union", "org.union")
        for head, (level, prefix) in COMMITTEE_HEADS.items():
            end = match_word(doc, index, head)
            if end is None or not doc.text[index].isupper():
                continue
            place = self.by_name_start.get(end + 1)
            if place is not None and place.rule == "place.committee-name":
                return OrgMention(start, place.end, head_start, "party", prefix, place, "org.party.named")
            return OrgMention(start, end, head_start, "party", prefix, None, "org.party.implicit")
        end = match_word(doc, index, "đảng ủy")
        if end is not None and doc.text[index].isupper():
            levelled = self._levelled(start, head_start, end, "party", "org.party")
            if levelled is None and (end >= len(doc.text) or not doc.text[skip_spaces(doc, end):][:1].isalpha()):
                return OrgMention(start, end, head_start, "party", None, None, "org.party.bare")
            return levelled
        for head, kind in _GOVERNMENT:
            end = match_word(doc, index, head)
            if end is not None and (doc.text[index].isupper() or head.startswith("ủy")):
                return self._levelled(start, head_start, end, kind, "org." + kind)
        return None

    def _branches(self, index: int) -> list[OrgMention]:
        """'chi hội Đại Thuận, Đại Sơn và Tú Dương', 'Chi hội Phụ nữ thôn X, xã Y': one branch per name."""
        items = branch_items(self.doc, index)
        out = []
        for start, end, _ in items:
            place = None
            after = self.doc.text[end:end + 2]
            if after == ", " and self._place_at(end + 2) is not None:
                place = self._place_at(end + 2)
            out.append(OrgMention(start, end, start, "branch", None, place, "org.branch" if start == index else "org.branch.listed"))
        return out

    def _listed(self, org: OrgMention) -> list[OrgMention]:
        """Chapters of the units listed after a named chapter ('Hội LHPN xã Vĩnh Hiệp và thị trấn Vĩnh Thạnh')."""
        if org.kind != "union" or org.place is None:
            return []
        out = []
        for start, end, place, unit in listed_after(self.places, org.place, org.end, self.by_start):
            if place is None:
                place = PlaceMention(start, end, start, None, unit.level, None, "place.listed", None, (unit,), unit)
                self.extra_places.append(place)
            out.append(OrgMention(start, end, start, "union", org.level_word, place, "org.union.listed"))
        return out

    def find(self) -> list[OrgMention]:
        """Every organisation mention, left to right, without overlaps."""
        out: list[OrgMention] = []
        index = 0
        text = self.doc.text
        while index < len(text):
            if (index == 0 or not text[index - 1].isalnum()) and text[index].isalpha():
                found = self.parse_at(index)
                if found is not None:
                    listed = self._listed(found)
                    out.extend([found, *listed])
                    index = listed[-1].end if listed else found.end
                    continue
                branches = self._branches(index)
                if branches:
                    out.extend(branches)
                    index = branches[-1].end
                    continue
            index += 1
        return out

    def resolve(self, mention: OrgMention, day: date | None) -> None:
        """The unit a mention serves: its named place, else the article's province or district."""
        places = self.places
        if mention.kind == "central":
            mention.level = "central"
            return
        if mention.kind == "branch":
            mention.level = "branch"
            mention.unit = mention.place.unit if mention.place else None
            return
        if mention.place is not None:
            mention.unit = mention.place.unit
        elif mention.level_word == "tỉnh":
            mention.unit = places.province_for(day)
        elif mention.level_word in ("huyện", "quận", "thị xã"):
            mention.unit = places.district_like(mention.level_word, day)
        elif mention.level_word in ("xã", "phường", "thị trấn"):
            mention.unit = places.commune_like(mention.level_word, day)
        elif mention.rule == "org.party.bare" and places.focus_commune is not None:
            focus = places.focus_commune
            mention.unit = focus if day is None or focus.valid_on(day) else None  # 'Đảng ủy' of the commune reported on
        elif mention.level_word == "thành phố":
            mention.unit = places.district_like("thành phố", day)
            province = places.province_for(day)
            if mention.unit is None and province is not None and lower_shadow(province.name).startswith("thành phố"):
                mention.unit = province
        if mention.unit is not None:
            mention.level = _LEVEL_OF_UNIT[mention.unit.level]
        elif mention.level_word is not None:
            mention.level = _LEVEL_OF_PREFIX.get(mention.level_word)
