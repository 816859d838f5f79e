"""People with their titles and organisations, in every order union reports print them.

Rules (each mention records the one that fired):
- person.honorific-title: "Đ/c Nguyễn Văn Thông, Phó Bí thư thường trực Huyện ủy Đắk G'long",
  "bà X - Chủ tịch Hội LHPN xã Y"; names joined by "và" share the title that follows them.
- person.elected: "Chị X tái đắc cử chức danh Chủ tịch Hội LHPN xã Y", "X được bầu làm Tổ trưởng".
- person.title-before: "Chủ tịch Hội LHPN thị xã Hoài Nhơn, bà X".
- person.title-org-name: "Phó Chủ tịch Hội LHPN tỉnh Nguyễn Thị A" (no honorific: the name must open
  with a known family name or an ethnic prefix).
- person.honorific-title-name: "Đồng chí Chủ tịch Hội LHPN Vi Thị Hạnh" (honorific, titles, then the name).
- person.honorific: a name after an honorific with no title ("Chị X, chủ cơ sở…"), names listed after
  "các đồng chí:" and contestants ("thí sinh: X").
Titles stack as printed ("TUV, Chủ tịch Hội LHPN tỉnh", "Phó Bí thư TT Huyện ủy - Chủ tịch HĐND huyện X"): a
`Chain` keeps each title with the organisation printed after it, and the whole title as written.
A title printed without its organisation ("Đồng chí X, Chủ tịch trình bày…") leaves `org` empty;
the pipeline then takes the organiser of the article's event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import Document, lower_re
from .orgs import OrgMention
from .places import PlaceMention
from .patterns import (
    NOT_PERSONS,
    Title,
    capital_tokens,
    looks_like_surname,
    lower_shadow,
    match_title,
    match_word,
    skip_spaces,
)

_HONORIFIC = lower_re(r"(?<![\w/])(?:các\s+)?(đồng chí|đ/c|bà|ông|chị|anh|cô|thí sinh)(?:\s*:)?\s+(?=[^\W\d_])")
_CHAIN_SEPARATOR = re.compile(r"\s*(?:,|-|–)\s*")
_BARE_UNION = re.compile(r" Hội(?![\w'])(?! (?:LHPN|Liên|liên|Phụ|phụ|HLHPN))")
_SEPARATOR = re.compile(r"\s*(?:,|-|–|:|\()\s*")
_ELECTED = lower_re(r"\s+(?:được bầu (?:làm|giữ chức(?: danh| vụ)?|vào chức(?: danh| vụ)?)|được bầu|tái đắc cử(?: chức danh| chức vụ)?"
                      r"|giữ chức(?: danh| vụ)?|đảm nhiệm(?: chức(?: danh| vụ)?)?)\s+")
_NOT_NAME_TAILS = frozenset(lower_shadow(w) for w in ("Phó", "Trưởng", "Chủ", "Bí", "Ủy", "Ảnh"))
_LEVEL_WORD = re.compile(r"(?:huyen|tinh|xa|phuong|thi xa|thi tran|quan|thanh pho)(?![\w'])")
_BODY_STOPS = frozenset(lower_shadow(w) for w in ("được", "đã", "làm", "và", "cho", "của", "tại", "với", "phát", "trao", "tặng",
                                                   "cùng", "là", "có", "dự", "chúc", "chỉ", "đến", "về", "kiêm", "nhận"))
_CLAUSE_OPENERS = re.compile(r"(?:[;:,(.\n]\s*|\b(?:có|và|cùng|dự|với)\s+)$")
CONFIDENCE = {"person.honorific-title": 0.9, "person.elected": 0.85, "person.title-before": 0.8,
              "person.title-org-name": 0.8, "person.honorific": 0.6, "person.honorific-title-name": 0.85,
              "person.known-name": 0.7}


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


@dataclass
class PersonMention:
    """One printed person: name span, title chain, organisation and the whole attribution span."""

    name_start: int
    name_end: int
    titles: tuple[Title, ...]
    title_start: int | None
    title_end: int | None
    org: OrgMention | None
    start: int
    end: int
    rule: str
    shared: bool = False
    chain: Chain | None = None

    def name(self, doc: Document) -> str:
        return doc.text[self.name_start:self.name_end]

    def title_text(self, doc: Document) -> str | None:
        return None if self.title_start is None or self.title_end is None else doc.text[self.title_start:self.title_end]

    def full_title(self, doc: Document) -> str | None:
        """The title as written: every stacked part with its separators, and the organisation printed with it."""
        if self.title_start is None or self.title_end is None:
            return None
        if self.chain is not None:
            return doc.text[self.chain.start:self.chain.end]
        end = self.org.end if self.org is not None and self.org.start >= self.title_end else self.title_end
        return doc.text[self.title_start:end]

    @property
    def segments(self) -> tuple[tuple[Title, OrgMention | None], ...]:
        """Each title with its own organisation (a title printed without one shares the next one printed)."""
        if self.chain is None:
            return tuple((t, self.org) for t in self.titles)
        pairs = list(self.chain.segments)
        for index in range(len(pairs) - 2, -1, -1):
            if pairs[index][1] is None and pairs[index][0].role is not None:
                pairs[index] = (pairs[index][0], pairs[index + 1][1])
        return tuple(pairs)

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule] - (0.1 if self.titles and self.org is None else 0.0)


class PersonFinder:
    """Finds people in one document, given its organisation mentions."""

    def __init__(self, doc: Document, orgs: list[OrgMention], places: list[PlaceMention] | None = None,
                 known: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.org_at = {**{o.head_start: o for o in orgs}, **{o.start: o for o in orgs}}
        self.place_at = {p.start: p for p in places or [] if p.type_word is not None}
        self.known = known or []
        self.orgs = orgs

    # --- pieces ---------------------------------------------------------------

    def _name(self, index: int, need_surname: bool) -> tuple[int, int] | None:
        """A personal name of 2–5 capitalised tokens at `index`, cut before any title word."""
        tokens = capital_tokens(self.doc, index, limit=5)
        kept: list[tuple[int, int]] = []
        for start, end in tokens:
            if match_title(self.doc, start) is not None or start in self.org_at:
                break
            kept.append((start, end))
        while kept and lower_shadow(self.doc.text[kept[-1][0]:kept[-1][1]]) in _NOT_NAME_TAILS:
            kept.pop()
        if len(kept) < 2 or (need_surname and not looks_like_surname(self.doc, *kept[0])):
            return None
        if self.doc.lower[kept[0][0]:kept[-1][1]] in NOT_PERSONS:
            return None
        return kept[0][0], kept[-1][1]

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
            if title.takes_name:
                t_end = self._body_name(t_end)
            org = self.org_at.get(skip_spaces(doc, t_end)) if doc.text[t_end:t_end + 1] == " " else None
            if org is None and title.takes_name:
                comma = re.match(r",\s*", doc.text[t_end:])
                follows = self.org_at.get(t_end + comma.end()) if comma else None
                org = follows if follows is not None and follows.kind in ("union", "central") else None
            if org is None:
                bare = _BARE_UNION.match(doc.text, t_end)
                if bare is not None and t_end + 1 not in self.org_at:
                    org = OrgMention(t_end + 1, bare.end(), t_end + 1, "union", None, None, "org.union.bare")
            place = self.place_at.get(t_end + 1) if org is None and doc.text[t_end:t_end + 1] == " " else None
            if place is not None and place.unit is not None:
                t_end = place.end  # 'PBT TTĐU xã Quảng Khê', 'Chủ tịch xã X': the unit is part of the title as written
            segments.append((title, org))
            if title_end is None and org is not None:
                title_end = t_end
            end = org.end if org is not None else t_end
            separator = _CHAIN_SEPARATOR.match(doc.text, end)
            if separator and separator.end() > end and match_title(doc, separator.end()) is not None:
                position = separator.end()
                continue
            break
        if not segments:
            return None
        return Chain(tuple(segments), index, title_end if title_end is not None else end, end)

    def _body_name(self, index: int) -> int:
        """After 'Trưởng ban' / 'Phó Trưởng Phòng' / 'Chi hội trưởng': the body's name ('Dân vận', 'Văn hóa - Thông tin
        huyện X', 'phụ nữ ấp'), up to an organisation, a person's name or punctuation."""
        doc = self.doc
        end = index
        for _ in range(7):
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
            if token[0].isupper() and looks_like_surname(doc, word_start, end + match.end()) and \
                    re.match(r" [^\W\d_]", doc.text[end + match.end():end + match.end() + 2]) and \
                    doc.text[end + match.end() + 1].isupper():
                break
            if lower_shadow(token) in _BODY_STOPS or (token.islower() and _LEVEL_WORD.match(doc.folded, word_start)):
                break  # a bare level word ('Trưởng phòng Dân tộc huyện') belongs to the organisation, not the body
            end += match.end()
        return end

    def _names_joined(self, start: int, end: int, plural: bool = False) -> tuple[list[tuple[int, int]], int]:
        """A name, then any '(và|,) [honorific] Name' that follows it directly (a shared title, or the list after
        'các đồng chí:' whose names need no known family name)."""
        names = [(start, end)]
        position = end
        while True:
            match = re.match(r"(?: và |, )(?P<honorific>(?:đồng chí|đ/c|bà|ông|chị|anh) )?", self.doc.lower[position:])
            if not match:
                break
            following = self._name(position + match.end(), need_surname=match.group("honorific") is None and not plural)
            if following is None:
                break
            names.append(following)
            position = following[1]
        return names, position

    # --- rules ----------------------------------------------------------------

    def _mention(self, name: tuple[int, int], chain: Chain | None, start: int, end: int, rule: str,
                 shared: bool = False) -> PersonMention:
        if chain is None:
            return PersonMention(name[0], name[1], (), None, None, None, start, end, rule, shared)
        return PersonMention(name[0], name[1], chain.titles, chain.start, chain.title_end, chain.org, start, end, rule,
                             shared, chain)

    def _after_honorific(self, honorific_start: int, name: tuple[int, int], plural: bool = False) -> list[PersonMention]:
        names, position = self._names_joined(*name, plural=plural)
        separator = _SEPARATOR.match(self.doc.text, position)
        if separator and separator.end() > position:
            chain = self.chain_at(separator.end())
            if chain is not None:
                return [self._mention((s, e), chain, honorific_start, chain.end, "person.honorific-title", len(names) > 1)
                        for s, e in names]
        elected = _ELECTED.match(self.doc.lower, position)
        if elected:
            chain = self.chain_at(elected.end())
            if chain is not None:
                return [self._mention(name, chain, honorific_start, chain.end, "person.elected")]
        before = self._chain_before(honorific_start)
        if before is not None:
            return [self._mention(name, before, before.start, name[1], "person.title-before")]
        return [self._mention((s, e), None, honorific_start, e, "person.honorific") for s, e in names]

    def _chain_before(self, honorific_start: int) -> Chain | None:
        """'Chủ tịch Hội LHPN thị xã Hoài Nhơn, bà X': a title and organisation ending in ', ' right before."""
        if not self.doc.text[:honorific_start].endswith(", "):
            return None
        comma = honorific_start - 2
        for org in self.orgs:
            if org.end == comma:
                line_start = self.doc.text.rfind("\n", 0, org.start) + 1
                for index in range(max(line_start, org.start - 40), org.start):
                    chain = self.chain_at(index)
                    if chain is not None and chain.end == org.end:
                        return chain
        return None

    def _title_then_name(self, index: int, claimed: list[tuple[int, int]]) -> PersonMention | None:
        """'Phó Chủ tịch UBND tỉnh Lâm Hải Giang', 'Đồng chí Chủ tịch Hội LHPN Triệu Thị Hợi': the name after the titles."""
        chain = self.chain_at(index)
        if chain is None or self.doc.text[chain.end:chain.end + 1] != " ":
            return None
        name = self._name(chain.end + 1, need_surname=True)
        if name is None or any(s <= name[0] < e for s, e in claimed):
            return None
        return self._mention(name, chain, chain.start, name[1], "person.title-org-name")

    def find(self) -> list[PersonMention]:
        """Every person mention, left to right (the same person may appear several times)."""
        out: list[PersonMention] = []
        claimed: list[tuple[int, int]] = []
        for match in _HONORIFIC.finditer(self.doc.lower):
            if match.group(1) in ("bà", "ông", "chị", "anh", "cô") and not self._lower_or_sentence_start(match.start()):
                continue
            name = self._name(match.end(), need_surname=match.group(1) == "thí sinh")
            if name is None:
                titled = self._title_then_name(match.end(), claimed)
                if titled is not None:
                    titled.rule = "person.honorific-title-name"
                    out.append(titled)
                    claimed.append((match.start(), titled.end))
                continue
            found = self._after_honorific(match.start(), name, plural=self.doc.lower.startswith("các", match.start()))
            out.extend(found)
            claimed.extend((m.start, m.end) for m in found)
        for index in range(len(self.doc.text)):
            if not self.doc.text[index].isupper() or (index and self.doc.text[index - 1].isalnum()):
                continue
            window = self.doc.text[max(0, index - 8):index]
            if any(s <= index < e for s, e in claimed) or not (index == 0 or _CLAUSE_OPENERS.search(window)):
                continue
            titled = self._title_then_name(index, claimed)
            if titled is not None:
                out.append(titled)
                claimed.append((titled.start, titled.end))
        for start, end in self.known:
            if not any(s < end and start < e for s, e in claimed):
                out.append(self._mention((start, end), None, start, end, "person.known-name"))
        return sorted(out, key=lambda m: m.start)

    def _lower_or_sentence_start(self, index: int) -> bool:
        """'bà', 'ông', 'chị' are honorifics in lower case, or capitalised at the start of a sentence or caption."""
        if self.doc.text[index].islower():
            return True
        before = self.doc.text[:index].rstrip(" ")
        return not before or before[-1] in ".!?\n:;,-–”\"("
