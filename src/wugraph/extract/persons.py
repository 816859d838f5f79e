"""People with their titles and organisations, in every order union reports print them.

Rules (each mention records the one that fired):
- person.honorific-title: "Đ/c Nguyễn Văn Thông, Phó Bí thư thường trực Huyện ủy Đắk G'long",
  "bà X - Chủ tịch Hội LHPN xã Y"; names joined by "và" share the title that follows them.
- person.elected: "Chị X tái đắc cử chức danh Chủ tịch Hội LHPN xã Y", "X được bầu làm Tổ trưởng".
- person.title-before: "Chủ tịch Hội LHPN thị xã Hoài Nhơn, bà X".
- person.title-org-name: "Phó Chủ tịch Hội LHPN tỉnh Nguyễn Thị A" (no honorific: the name must open
  with a known family name or an ethnic prefix).
- person.honorific: a name after an honorific with no title ("Chị X, chủ cơ sở…").
A title printed without its organisation ("Đồng chí X, Chủ tịch trình bày…") leaves `org` empty;
the pipeline then takes the organiser of the article's event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import Document
from .orgs import OrgMention
from .patterns import (
    NOT_PERSONS,
    Title,
    capital_tokens,
    looks_like_surname,
    match_title,
    match_word,
    skip_spaces,
)

_HONORIFIC = re.compile(r"(?<![\w/])(?:các\s+)?(đồng chí|đ/c|bà|ông|chị|anh|cô)\s+(?=[^\W\d_])")
_SEPARATOR = re.compile(r"\s*(?:,|-|–|:|\()\s*")
_ELECTED = re.compile(r"\s+(?:được bầu (?:làm|giữ chức(?: danh| vụ)?|vào chức(?: danh| vụ)?)|được bầu|tái đắc cử(?: chức danh| chức vụ)?"
                      r"|giữ chức(?: danh| vụ)?|đảm nhiệm(?: chức(?: danh| vụ)?)?)\s+")
_CLAUSE_OPENERS = re.compile(r"(?:[;:,(.\n]\s*|\b(?:có|và|cùng|dự|với)\s+)$")
CONFIDENCE = {"person.honorific-title": 0.9, "person.elected": 0.85, "person.title-before": 0.8,
              "person.title-org-name": 0.8, "person.honorific": 0.6}


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

    def name(self, doc: Document) -> str:
        return doc.text[self.name_start:self.name_end]

    def title_text(self, doc: Document) -> str | None:
        return None if self.title_start is None or self.title_end is None else doc.text[self.title_start:self.title_end]

    def full_title(self, doc: Document) -> str | None:
        """The title as written: every stacked part with its separators, and the organisation printed with it."""
        if self.title_start is None or self.title_end is None:
            return None
        end = self.org.end if self.org is not None and self.org.start >= self.title_end else self.title_end
        return doc.text[self.title_start:end]

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule] - (0.1 if self.titles and self.org is None else 0.0)


class PersonFinder:
    """Finds people in one document, given its organisation mentions."""

    def __init__(self, doc: Document, orgs: list[OrgMention]) -> None:
        self.doc = doc
        self.org_at = {**{o.head_start: o for o in orgs}, **{o.start: o for o in orgs}}
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
        if len(kept) < 2 or (need_surname and not looks_like_surname(self.doc, *kept[0])):
            return None
        if self.doc.lower[kept[0][0]:kept[-1][1]] in NOT_PERSONS:
            return None
        return kept[0][0], kept[-1][1]

    def _title_chain(self, index: int) -> tuple[tuple[Title, ...], int, int, OrgMention | None] | None:
        """Titles at `index` ('Ủy viên BTV, Trưởng ban Dân vận'), then the organisation right after them."""
        titles: list[Title] = []
        position = index
        end = index
        while True:
            found = match_title(self.doc, position)
            if found is None:
                break
            end, title = found
            titles.append(title)
            if title.takes_name:
                end = self._body_name(end)
            more = re.match(r",\s*", self.doc.text[end:])
            if more and match_title(self.doc, end + more.end()) is not None:
                position = end + more.end()
                continue
            break
        if not titles:
            return None
        org = self.org_at.get(skip_spaces(self.doc, end)) if self.doc.text[end:end + 1] == " " else None
        return tuple(titles), index, end, org

    def _body_name(self, index: int) -> int:
        """After 'Trưởng ban' / 'Trưởng phòng': the body's name ('Dân vận'), up to the organisation."""
        end = index
        for _ in range(3):
            match = re.match(r" ([^\W\d_]+)", self.doc.text[end:])
            if not match or (end + 1) in self.org_at or match_word(self.doc, end + 1, "huyện", folded=True) \
                    or match_word(self.doc, end + 1, "tỉnh", folded=True) or match_word(self.doc, end + 1, "xã", folded=True):
                break
            end += match.end()
        return end

    def _names_joined(self, start: int, end: int) -> tuple[list[tuple[int, int]], int]:
        """A name, then any '(và|,) [honorific] Name' that follows it directly (a shared title)."""
        names = [(start, end)]
        position = end
        while True:
            match = re.match(r"(?: và |, )(?P<honorific>(?:đồng chí|đ/c|bà|ông|chị|anh) )?", self.doc.lower[position:])
            if not match:
                break
            following = self._name(position + match.end(), need_surname=match.group("honorific") is None)
            if following is None:
                break
            names.append(following)
            position = following[1]
        return names, position

    # --- rules ----------------------------------------------------------------

    def _after_honorific(self, honorific_start: int, name: tuple[int, int]) -> list[PersonMention]:
        names, position = self._names_joined(*name)
        separator = _SEPARATOR.match(self.doc.text, position)
        if separator and separator.end() > position:
            chain = self._title_chain(separator.end())
            if chain is not None:
                titles, t_start, t_end, org = chain
                end = org.end if org else t_end
                return [PersonMention(s, e, titles, t_start, t_end, org, honorific_start, end, "person.honorific-title",
                                      shared=len(names) > 1) for s, e in names]
        elected = _ELECTED.match(self.doc.lower, position)
        if elected:
            chain = self._title_chain(elected.end())
            if chain is not None:
                titles, t_start, t_end, org = chain
                return [PersonMention(name[0], name[1], titles, t_start, t_end, org, honorific_start,
                                      org.end if org else t_end, "person.elected")]
        before = self._title_before(honorific_start)
        if before is not None:
            return [PersonMention(name[0], name[1], before[0], before[1], before[2], before[3], before[1], name[1],
                                  "person.title-before")]
        return [PersonMention(s, e, (), None, None, None, honorific_start, e, "person.honorific") for s, e in names]

    def _title_before(self, honorific_start: int) -> tuple[tuple[Title, ...], int, int, OrgMention] | None:
        """'Chủ tịch Hội LHPN thị xã Hoài Nhơn, bà X': a title and organisation ending in ', ' right before."""
        if not self.doc.text[:honorific_start].endswith(", "):
            return None
        comma = honorific_start - 2
        for org in self.orgs:
            if org.end == comma:
                line_start = self.doc.text.rfind("\n", 0, org.start) + 1
                for index in range(max(line_start, org.start - 40), org.start):
                    chain = self._title_chain(index)
                    if chain is not None and chain[3] is org:
                        return chain[0], chain[1], chain[2], org
        return None

    def find(self) -> list[PersonMention]:
        """Every person mention, left to right (the same person may appear several times)."""
        out: list[PersonMention] = []
        claimed: list[tuple[int, int]] = []
        for match in _HONORIFIC.finditer(self.doc.lower):
            if match.group(1) in ("bà", "ông", "chị", "anh", "cô") and not self._lower_or_sentence_start(match.start()):
                continue
            name = self._name(match.end(), need_surname=False)
            if name is None:
                continue
            found = self._after_honorific(match.start(), name)
            out.extend(found)
            claimed.extend((m.start, m.end) for m in found)
        for index in range(len(self.doc.text)):
            if not self.doc.text[index].isupper() or (index and self.doc.text[index - 1].isalnum()):
                continue
            window = self.doc.text[max(0, index - 8):index]
            if any(s <= index < e for s, e in claimed) or not (index == 0 or _CLAUSE_OPENERS.search(window)):
                continue
            chain = self._title_chain(index)
            if chain is None:
                continue
            titles, t_start, t_end, org = chain
            after = org.end if org else t_end
            if self.doc.text[after:after + 1] != " ":
                continue
            name = self._name(after + 1, need_surname=True)
            if name is None or any(s <= name[0] < e for s, e in claimed):
                continue
            out.append(PersonMention(name[0], name[1], titles, t_start, t_end, org, t_start, name[1], "person.title-org-name"))
            claimed.append((t_start, name[1]))
        return sorted(out, key=lambda m: m.start)

    def _lower_or_sentence_start(self, index: int) -> bool:
        """'bà', 'ông', 'chị' are honorifics in lower case, or capitalised at the start of a sentence or caption."""
        if self.doc.text[index].islower():
            return True
        before = self.doc.text[:index].rstrip(" ")
        return not before or before[-1] in ".!?\n:;,"
