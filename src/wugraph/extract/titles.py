"""Titles as a grammar: a role, then the body it serves, stacked as printed, so unseen titles read like known ones.

A segment is a role word from `patterns.TITLES` ('Phó Chủ tịch', 'Trưởng ban', 'UVBTV', 'nguyên Bí thư') and what
follows it: an organisation the finder knows ('Hội LHPN xã X', 'Huyện ủy', 'UBND tỉnh'), a department named by its
head ('Sở Văn hóa, Thể thao và Du lịch', 'Công an huyện', 'Ban Dân vận Huyện ủy'), other capitalised words that are
neither a person nor a place ('Chính ủy Trung tâm'), a unit ('Chủ tịch xã X') or a bare level word ('Chủ tịch xã').
Segments stack with commas and dashes ('TUV, Chủ tịch Hội LHPN tỉnh'); a larger unit printed after the body stays
in the title as written ('…, phường An Hội'); a title cut by the end of the page drops its stub.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..reference.gazetteer import UnitRecord
from .normalize import Document, lower_re
from .orgs import OrgMention
from .patterns import DEPARTMENT_HEAD, Title, lower_shadow, match_title, skip_spaces
from .person_names import HONORIFIC_PATTERN
from .places import PlaceMention

_BARE_LEVEL = re.compile(r" (?:huyện|xã|tỉnh|thị xã|thị trấn|phường|quận|thành phố|thôn|ấp|bản|khu phố)(?![\w'])(?! hội)")
_BODY_NUMBER = re.compile(r" \d{1,3}[A-Z]?(?![\w/.,]\d)(?![\w])")
_MINISTRY_LIST = re.compile(r", [A-ZĐ][\w']*(?: [a-zđà-ỹ][\w']*){0,3}(?:, [A-ZĐ][\w']*(?: [a-zđà-ỹ][\w']*){0,3})* và [A-ZĐ][\w']*(?: [a-zđà-ỹ][\w']*){0,3}")
# A department head in lower case before its capitalised name ('Hiệu trưởng trường Mầm non Hoa Sen').
_LOWER_DEPARTMENT = re.compile(r" (?:trường|ban|phòng|sở|công an|ngân hàng|bệnh viện|trung tâm|hợp tác xã|chi bộ|đoàn|tổ) (?=[A-ZĐ\d])")
_FORMER = lower_re(r"\s*\(cũ\)")
_LOCATION_JOIN = re.compile(r",\s*|\s*\(\s*")
_RANK = {"Commune": 1, "District": 2, "Province": 3}
_LAST_LEVEL = lower_re(r" (huyện|quận|thị xã|tỉnh|xã|phường|thị trấn)(?![\w'])(?! hội)(?!.* (?:huyện|quận|thị xã|tỉnh|xã|phường|thị trấn) )")
_LEVEL_OF_WORD = {lower_shadow(k): v for k, v in {"huyện": "district", "quận": "district", "thị xã": "district", "tỉnh": "province",
                                                  "xã": "commune", "phường": "commune", "thị trấn": "commune"}.items()}
_LEVEL_OF_UNIT = {"Province": "province", "District": "district", "Commune": "commune"}
_SOCIETY = lower_re(r"xã hội(?![\w'])")
_CHAIN_SEPARATOR = re.compile(r"\s*(?:,|-|–)\s*")
_BARE_UNION = re.compile(r" Hội(?![\w'])(?! (?:LHPN|Liên|liên|Phụ|phụ|HLHPN))")
_LEVEL_WORD = re.compile(r"(?:huyen|tinh|xa|phuong|thi xa|thi tran|quan|thanh pho)(?![\w'])")
_BODY_STOPS = frozenset(lower_shadow(w) for w in ("được", "đã", "làm", "và", "cho", "của", "tại", "với", "phát", "trao", "tặng",
                                                   "cùng", "là", "có", "dự", "chúc", "chỉ", "đến", "về", "kiêm", "nhận"))


@dataclass(frozen=True)
class Chain:
    """Stacked titles as printed: each title with the organisation printed after it, and where the chain ends."""

    segments: tuple[tuple[Title, OrgMention | None], ...]
    start: int
    title_end: int  # end of the titles before the first organisation (the 'position' of issue 7)
    end: int  # end of everything, organisations and separators included

    @property
    def titles(self) -> tuple[Title, ...]:
        return tuple(t for t, _ in self.segments)

    @property
    def org(self) -> OrgMention | None:
        return next((o for _, o in self.segments if o is not None), None)


class TitleReader:
    """Reads stacked titles at a position, given the document's organisations, places and a name reader."""

    def __init__(self, doc: Document, orgs: list[OrgMention], places: list[PlaceMention],
                 name_at: Callable[[int, bool], tuple[int, int] | None]) -> None:
        self.doc = doc
        self.org_at = {**{o.head_start: o for o in orgs}, **{o.start: o for o in orgs}}
        self.place_at = {p.start: p for p in places if p.type_word is not None}
        self.any_place_at = {p.start: p for p in places}
        self._name = name_at

    def chain_at(self, index: int) -> Chain | None:
        """Stacked titles at `index` ('Phó Bí thư Thường trực Huyện ủy - Chủ tịch HĐND huyện Tuy Phong', 'TUV, Chủ tịch
        Hội LHPN tỉnh'), each followed by its organisation when one is printed."""
        doc = self.doc
        segments: list[tuple[Title, OrgMention | None]] = []
        position, title_end, end = index, None, index
        while True:
            found = match_title(doc, position)
            if found is None:
                break
            t_end, title = found
            department = DEPARTMENT_HEAD.match(doc.text, t_end) is not None or _LOWER_DEPARTMENT.match(doc.text, t_end) is not None \
                or self._capitalised_body(t_end)
            if title.needs_body and not department and skip_spaces(doc, t_end) not in self.org_at:
                break  # 'trưởng', 'ủy viên' alone are not titles
            body_start = t_end + 1
            if title.takes_name or department:
                t_end = self._body_name(t_end)
            org = self.org_at.get(skip_spaces(doc, t_end)) if doc.text[t_end:t_end + 1] == " " else None
            if org is None and (title.takes_name or department):
                comma = re.match(r"\s*[,\-–]\s*", doc.text[t_end:])  # 'Phó ban Gia đình và Xã hội - Trung ương Hội …'

                follows = self.org_at.get(t_end + comma.end()) if comma else None
                org = follows if follows is not None and follows.kind in ("union", "central") else None
            if org is None:
                bare = _BARE_UNION.match(doc.text, t_end)
                if bare is not None and t_end + 1 not in self.org_at:
                    org = OrgMention(t_end + 1, bare.end(), t_end + 1, "union", None, None, "org.union.bare")
            place = self.place_at.get(t_end + 1) if org is None and doc.text[t_end:t_end + 1] == " " else None
            if place is not None and place.unit is not None:
                t_end = place.end  # 'PBT TTĐU xã Quảng Khê', 'Chủ tịch xã X': the unit is part of the title as written
            elif place is not None:
                t_end = place.end
            elif org is None:
                level = _BARE_LEVEL.match(doc.text, t_end)
                t_end = level.end() if level is not None else t_end  # 'Phó Trưởng Công an huyện', 'Chủ tịch xã'
            if org is None and department and t_end > body_start:
                org = self._department(body_start, t_end, place)
            segments.append((title, org))
            if title_end is None and org is not None:
                title_end = t_end
            end = org.end if org is not None else t_end
            own = org.kind == "branch" if org is not None else False  # a branch's unit is the commune printed after it
            end = self._location_after(end, None if own else org.unit if org is not None else place.unit if place is not None else None)
            separator = _CHAIN_SEPARATOR.match(doc.text, end)
            if separator and separator.end() > end and match_title(doc, separator.end()) is not None:
                position = separator.end()
                continue
            break
        if not segments:
            return None
        if end >= len(doc.text.rstrip()) and doc.text.rfind(" ", index, end) > index:
            end = doc.text.rfind(" ", index, end)  # the page is cut inside the title ('… Phó Chủ tịch Hội LH'): drop the stub
            title_end = min(title_end, end) if title_end is not None else None
        return Chain(tuple(segments), index, title_end if title_end is not None else end, end)

    def _location_after(self, end: int, unit: UnitRecord | None) -> int:
        """'… Chi hội phụ nữ khu vực 3, phường An Hội', '… thị trấn Kiên Lương (Kiên Lương)': a larger unit printed
        after the body stays in the title as written."""
        former = _FORMER.match(self.doc.lower, end)
        if former is not None:
            return former.end()  # 'Chủ tịch Hội LHPN phường An Khánh (cũ)'
        match = _LOCATION_JOIN.match(self.doc.text, end)
        place = self.any_place_at.get(match.end()) if match else None
        if match is None or place is None or (place.unit is None and place.type_word is None):
            return end
        level = place.unit.level if place.unit is not None else place.level
        if unit is not None and _RANK.get(level or "", 0) <= _RANK.get(unit.level, 0):
            return end  # another unit of the same level: a list, not a location
        if match.group(0).strip() == "(":
            return place.end + 1 if self.doc.text[place.end:place.end + 1] == ")" else end
        return place.end

    def _capitalised_body(self, index: int) -> bool:
        """'Chính ủy Trung tâm', 'Phó Chủ nhiệm Chính trị Bộ Tham mưu': capitalised words after a title that are neither
        a known organisation, a place, a union ('Hội'), a rank nor a person's name are the body it serves."""
        doc = self.doc
        if not re.match(r" [A-ZĐ]", doc.text[index:index + 2]) or index + 1 in self.org_at or index + 1 in self.place_at:
            return False
        if _BARE_UNION.match(doc.text, index) or match_title(doc, index + 1) is not None:
            return False
        return HONORIFIC_PATTERN.match(doc.lower, index + 1) is None and self._name(index + 1, need_surname=True) is None

    def _department(self, start: int, end: int, place: PlaceMention | None) -> OrgMention:
        """A body printed in a title that the organisation finder does not know ('Sở Y tế', 'Công an huyện')."""
        org = OrgMention(start, end, start, "department", None, place, "org.department")
        if place is not None and place.unit is not None:
            org.unit, org.level = place.unit, _LEVEL_OF_UNIT.get(place.unit.level)
        else:
            word = _LAST_LEVEL.search(self.doc.lower, start, end)
            org.level = _LEVEL_OF_WORD.get(word.group(1)) if word else None
        return org

    def _body_name(self, index: int) -> int:
        """After 'Trưởng ban' / 'Phó Trưởng Phòng' / 'Chi hội trưởng': the body's name ('Dân vận', 'Văn hóa - Thông tin
        huyện X', 'phụ nữ ấp'), up to an organisation, a person's name or punctuation."""
        doc = self.doc
        end = index
        for _ in range(10):
            match = re.match(r"(?: | - | – )([^\W\d_][\w']*)", doc.text[end:])
            if not match:
                break
            word_start = end + match.start(1)
            if word_start in self.org_at or word_start in self.place_at:
                place = self.place_at.get(word_start)
                if place is not None and end > index:
                    end = place.end
                break
            token = doc.text[word_start:end + match.end()]
            if token[0].isupper() and self._name(word_start, need_surname=True) is not None:
                break
            joins = lower_shadow(token) == "và" and re.match(r" [A-ZĐ]", doc.text[end + match.end():end + match.end() + 2]) \
                and match_title(doc, end + match.end() + 1) is None and self._name(end + match.end() + 1, True) is None \
                and HONORIFIC_PATTERN.match(doc.lower, end + match.end() + 1) is None
            if (lower_shadow(token) in _BODY_STOPS and not joins) or \
                    (token.islower() and _LEVEL_WORD.match(doc.folded, word_start) and not _SOCIETY.match(doc.lower, word_start)):
                break  # a bare level word ('Trưởng phòng Dân tộc huyện') belongs to the organisation, not the body
            end += match.end()
        number = _BODY_NUMBER.match(doc.text, end)
        if number is not None and end > index:
            end = number.end()  # 'Chi hội phụ nữ khu vực 3'
        listed = _MINISTRY_LIST.match(doc.text, end)
        if listed is not None and end > index and match_title(doc, end + 2) is None and self._name(end + 2, True) is None:
            words = doc.text[end:listed.end()].split(" ")
            while words and lower_shadow(words[-1]) in _BODY_STOPS:
                words.pop()
            end += len(" ".join(words))  # 'Sở Văn hóa, Thể thao và Du lịch'
        return end
