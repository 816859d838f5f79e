"""Place names → GSO units, despite spelling variants, abbreviations and an unnamed province.

A place is a type word (tỉnh, TP., huyện, H., TX., xã, phường, thị trấn…) followed by capitalised
name tokens, or the name after a Party committee ("Huyện ủy Đắk G'long"), or a headline that opens
with a name ("Cư Jút: …"), or a name in brackets after a place ("xã Văn Xá (Kim Bảng)"), or a province's
name alone ("tại Hà Nội"). Places below the commune come from `villages`. The longest run of tokens that the gazetteer knows wins, so a person's
name printed right after a place ("Đảng ủy xã Pà Cò Vàng A Dế") is left alone. Lookups use the day
the mention refers to, so codes come from the unit version valid then. The article's province is
often implicit ("Hội LHPN tỉnh"): it is inferred by votes of the named units, and names that several
provinces share are then resolved inside it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..reference.gazetteer import Gazetteer, UnitRecord
from ..text import fold
from .normalize import Document, lower_re
from .patterns import (
    CAPITALISED_TYPE_WORDS,
    COMMITTEE_HEADS,
    TYPE_WORDS,
    at_word_start,
    capital_tokens,
    folded_shadow,
    lower_shadow,
)

REFORM_DAY = date(2025, 7, 1)
_TYPE_PATTERN = re.compile(r"(?<![\w'])(" + "|".join(re.escape(folded_shadow(w)) for w in sorted(TYPE_WORDS, key=len, reverse=True))
                           + r")(?= |\n(?=[^\W\d_])|(?<=\.)(?=[^\W\d_]))")
_COMMITTEE_PATTERN = re.compile(r"(?<![\w'])(" + "|".join(re.escape(lower_shadow(w)) for w in COMMITTEE_HEADS) + r") (?=\S)")
_FOLDED_TYPES = {folded_shadow(w): w for w in TYPE_WORDS}
# Short forms of unit names that are not spellings of the name ("TP.HCM").
_ALIASES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?<![\w'])TP\.? ?HCM(?!\w)"), "Hồ Chí Minh", "Province"),
)
_LOWER_COMMITTEES = {lower_shadow(w): w for w in COMMITTEE_HEADS}
_PROVINCE_PREFIX = re.compile(r"^(?:Tỉnh|Thành phố)\s+")
_DISTRICT_WORDS = lower_re(r"(?<![\w'])(?:huyện|quận|thị xã|huyện ủy|quận ủy|thị ủy)(?![\w'])")
_PARENTHESIS = re.compile(r"\s?\(([^()\n]{2,30})\)")


@lru_cache(maxsize=4)
def _province_pattern(gazetteer: Gazetteer) -> re.Pattern[str]:
    """The short names of every province of both eras, as one pattern over the lower shadow."""
    names = {lower_shadow(_PROVINCE_PREFIX.sub("", r.name)) for r in gazetteer.records.values() if r.level == "Province"}
    names = {n for n in names if " " in n and n != lower_shadow("Hồ Chí Minh")}
    return re.compile(r"(?<![\w'])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w'])")


def era_of(day: date | None) -> str | None:
    return None if day is None else ("2025" if day >= REFORM_DAY else "pre2025")


def era_of_iri(iri: str) -> str:
    return "2025" if "/2025/" in iri else "pre2025"


@dataclass
class PlaceMention:
    """A printed place name, its gazetteer candidates and (after `resolve_all`) the unit chosen."""

    start: int
    end: int
    name_start: int
    type_word: str | None
    level: str | None
    prefix: str | None
    rule: str
    day: date | None
    candidates: tuple[UnitRecord, ...]
    unit: UnitRecord | None = None
    note: str = ""
    parent: UnitRecord | None = None  # a village's commune, when the text names it


class PlaceFinder:
    """Finds and links place mentions for one document with one gazetteer."""

    def __init__(self, gazetteer: Gazetteer, doc: Document, day_of: Callable[[int], date | None]) -> None:
        self.gaz = gazetteer
        self.doc = doc
        self.day_of = day_of
        self.provinces: dict[str, UnitRecord] = {}
        self.focus_district: UnitRecord | None = None
        self.focus_commune: UnitRecord | None = None
        self.era: str | None = None  # the era of an undated article, from its units

    # --- finding -------------------------------------------------------------

    def _lookup(self, name: str, level: str | None) -> tuple[UnitRecord, ...]:
        """Every version of every unit so named (both eras): the day and province narrow them later."""
        found = self.gaz.lookup(name, on=None, level=level)
        if level is None:
            found = [r for r in found if r.level != "Commune"]
        return tuple(found)

    def parse_name(self, index: int, level: str | None, prefix: str | None, rule: str, start: int,
                   type_word: str | None) -> PlaceMention | None:
        """The longest run of capitalised tokens from `index` that names a known unit."""
        tokens = capital_tokens(self.doc, index, limit=5)
        day = self.day_of(index)
        for count in range(len(tokens), 0, -1):
            end = tokens[count - 1][1]
            found = self._lookup(self.doc.text[index:end], level)
            if found:
                return PlaceMention(start, end, index, type_word, level, prefix, rule, day, found)
        return None

    def find(self, headline: tuple[int, int] | None = None) -> list[PlaceMention]:
        """Every place mention in the document, left to right."""
        out: list[PlaceMention] = []
        for match in _TYPE_PATTERN.finditer(self.doc.folded):
            word = _FOLDED_TYPES[match.group(1)]
            printed = self.doc.text[match.start():match.end()]
            if word in CAPITALISED_TYPE_WORDS and not printed[:1].isupper():
                continue
            lowered = self.doc.lower[match.start():match.end()]
            if lowered != lower_shadow(word) and lowered != self.doc.folded[match.start():match.end()]:
                continue  # 'huyền', 'tình', 'quan' are other words, not type words typed without diacritics
            if word == "xã" and self.doc.lower[max(0, match.start() - 8):match.start()].endswith("hợp tác "):
                continue  # a cooperative (hợp tác xã), not a commune
            level, prefix = TYPE_WORDS[word]
            name_start = match.end() + (1 if self.doc.text[match.end():match.end() + 1] in (" ", "\n") else 0)
            found = self.parse_name(name_start, level, prefix, "place.type-word", match.start(), word)
            if found:
                out.append(found)
        for match in _COMMITTEE_PATTERN.finditer(self.doc.lower):
            head = _LOWER_COMMITTEES[match.group(1)]
            level, prefix = COMMITTEE_HEADS[head]
            found = self.parse_name(match.end(), level, prefix, "place.committee-name", match.end(), None)
            if found:
                out.append(found)
        for pattern, name, level in _ALIASES:
            for match in pattern.finditer(self.doc.text):
                found_alias = self._lookup(name, level)
                if found_alias:
                    out.append(PlaceMention(match.start(), match.end(), match.start(), None, level, None, "place.alias",
                                            self.day_of(match.start()), found_alias))
        ends = {m.end for m in out}
        for match in _PARENTHESIS.finditer(self.doc.text):
            if match.start() not in ends or not match.group(1)[:1].isupper():
                continue
            found = self.parse_name(match.start(1), None, None, "place.parenthesis", match.start(1), None)
            if found is not None and found.end == match.end(1):
                out.append(found)
        out.extend(self._bare_provinces())
        if headline is not None:
            line = self.doc.text[headline[0]:headline[1]]
            colon = line.find(":")
            if 0 < colon <= 30 and at_word_start(self.doc, headline[0]):
                found = self.parse_name(headline[0], None, None, "place.headline", headline[0], None)
                if found and found.end == headline[0] + colon:
                    out.append(found)
        return self._without_overlaps(out)

    def _bare_provinces(self) -> list[PlaceMention]:
        """Province names printed without a type word ('tại Hà Nội', 'Bình Dương có 1 đại biểu'), not inside a name."""
        out = []
        for match in _province_pattern(self.gaz).finditer(self.doc.lower):
            start = match.start()
            if not self.doc.text[start].isupper():
                continue
            before = re.search(r"([^\W\d_][\w']*)\s+$", self.doc.text[max(0, start - 20):start])
            if before is not None and before.group(1)[0].isupper() and not before.group(1).isupper():
                continue
            found = self._lookup(self.doc.text[start:match.end()], "Province")
            if found:
                out.append(PlaceMention(start, match.end(), start, None, "Province", None, "place.province-name",
                                        self.day_of(start), found))
        return out

    @staticmethod
    def _without_overlaps(mentions: list[PlaceMention]) -> list[PlaceMention]:
        kept: list[PlaceMention] = []
        for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept

    # --- linking -------------------------------------------------------------

    def province_of(self, record: UnitRecord) -> UnitRecord:
        if record.level == "Province":
            return record
        ancestors = self.gaz.ancestors(record.iri)
        return ancestors[-1] if ancestors else record

    def infer_provinces(self, mentions: list[PlaceMention]) -> dict[str, UnitRecord]:
        """The article's province in each era, by votes: each mention splits one vote among its provinces."""
        votes: dict[str, dict[str, float]] = {}
        for mention in mentions:
            provinces = {self.province_of(c).iri for c in mention.candidates}
            if not provinces:
                continue
            weight = 2.0 if mention.level == "Province" else 1.0
            for iri in provinces:
                era_votes = votes.setdefault(era_of_iri(iri), {})
                era_votes[iri] = era_votes.get(iri, 0.0) + weight / len(provinces)
        chosen: dict[str, UnitRecord] = {}
        for era, counter in votes.items():
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            if ranked and ranked[0][1] >= 1.0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                record = self.gaz.get(ranked[0][0])
                if record is not None:
                    chosen[era] = record
        self.provinces = chosen
        return chosen

    def province_for(self, day: date | None) -> UnitRecord | None:
        era = era_of(day)
        if era is not None:
            return self.provinces.get(era)
        return self.provinces.get("pre2025") or self.provinces.get("2025")

    def _narrow(self, mention: PlaceMention, candidates: list[UnitRecord]) -> list[UnitRecord]:
        """Inside the article's province first (whatever the era), then valid on the day, then by type and district."""
        if mention.level != "Province" and self.provinces:
            inside = [c for c in candidates if any(self.province_of(c).iri == p.iri for p in self.provinces.values())]
            candidates = inside or candidates
        if mention.day is not None:
            on_day = [c for c in candidates if c.valid_on(mention.day)]
            candidates = on_day or candidates
        elif self.era is not None and len(candidates) > 1:
            in_era = [c for c in candidates if era_of_iri(c.iri) == self.era]
            candidates = in_era or candidates
        if mention.prefix and len(candidates) > 1:
            typed = [c for c in candidates if fold(c.name).startswith(fold(mention.prefix) + " ")]
            candidates = typed or candidates
        if self.focus_district is not None and len(candidates) > 1:
            near = [c for c in candidates if c.parent == self.focus_district.iri or c.iri == self.focus_district.iri]
            candidates = near or candidates
        if mention.level is None and len(candidates) > 1:
            districts = [c for c in candidates if c.level == "District"]
            candidates = districts if len(districts) == 1 else candidates
        return candidates

    def resolve(self, mention: PlaceMention) -> UnitRecord | None:
        candidates = self._narrow(mention, list(mention.candidates))
        if len(candidates) == 1:
            mention.unit = candidates[0]
            mention.note = ""
        else:
            mention.unit = None
            mention.note = f"{len(candidates)} candidates"
        return mention.unit

    def infer_era(self, mentions: list[PlaceMention]) -> str:
        """The era of an article whose mentions carry no day: districts (abolished in 2025) or names that exist in one era only."""
        dated = [era_of(m.day) for m in mentions if m.day is not None]
        if dated:
            return Counter(dated).most_common(1)[0][0]  # type: ignore[return-value]
        if _DISTRICT_WORDS.search(self.doc.lower):
            return "pre2025"
        votes: Counter[str] = Counter()
        for mention in mentions:
            eras = {era_of_iri(c.iri) for c in mention.candidates}
            if len(eras) == 1:
                votes[eras.pop()] += 1
        return "2025" if votes["2025"] > votes["pre2025"] else "pre2025"

    def resolve_all(self, mentions: list[PlaceMention]) -> None:
        """Infer the era and province, link every mention (a unit printed right after another one contains it:
        'xã Quản Bạ, huyện Quản Bạ'), then pick the district the article is about."""
        self.era = self.infer_era(mentions)
        self.infer_provinces(mentions)
        for mention, following in reversed(list(zip(mentions, [*mentions[1:], None]))):
            if following is not None and following.unit is not None and re.fullmatch(r"[\s,\-–(]{0,4}", self.doc.text[mention.end:following.start]):
                inside = [c for c in mention.candidates if any(a.iri == following.unit.iri for a in self.gaz.ancestors(c.iri))]
                if inside:
                    mention.candidates = tuple(inside)
            self.resolve(mention)
        counts: Counter[str] = Counter()
        for mention in mentions:
            unit = mention.unit
            if unit is None:
                continue
            if unit.level == "District":
                counts[unit.iri] += 1
            elif unit.level == "Commune" and unit.parent:
                counts[unit.parent] += 1
        if counts:
            best = counts.most_common(1)[0][0]
            self.focus_district = self.gaz.get(best)
            for mention in mentions:
                if mention.unit is None:
                    self.resolve(mention)
        communes = Counter(m.unit.iri for m in mentions if m.unit is not None and m.unit.level == "Commune").most_common(2)
        if communes and (len(communes) == 1 or communes[0][1] > communes[1][1]):
            self.focus_commune = self.gaz.get(communes[0][0])

    def commune_like(self, prefix: str, day: date | None) -> UnitRecord | None:
        """The commune the article is about, when its official type fits the printed one ('xã', 'phường', 'thị trấn')."""
        focus = self.focus_commune
        if focus is None or (day is not None and not focus.valid_on(day)):
            return None
        return focus if fold(focus.name).startswith(fold(prefix) + " ") else None

    def district_like(self, prefix: str, day: date | None) -> UnitRecord | None:
        """The district the article is about, when its official type fits the printed one ('thị xã', 'huyện')."""
        focus = self.focus_district
        if focus is None or (day is not None and not focus.valid_on(day)):
            return None
        kind = fold(focus.name)
        if prefix in ("huyện", "quận") and not kind.startswith(("thanh pho", "thi xa")):
            return focus
        return focus if kind.startswith(fold(prefix) + " ") else None
