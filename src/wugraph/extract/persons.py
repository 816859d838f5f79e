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
  "các đồng chí:" and contestants ("thí sinh: X"); ranks and prefixes count as honorifics (Thượng tá, ThS.).
- person.name-title: a name then its titles without an honorific ("Giàng Thị Mỷ, Phó Chủ tịch …", "Lù Văn Cường
  Phó Bí thư …"), a caption note between them skipped ("(giữa)").
- person.name: a name whose shape alone says it is a person's (`person_names`), with no title.
Titles stack as printed ("TUV, Chủ tịch Hội LHPN tỉnh", "Phó Bí thư TT Huyện ủy - Chủ tịch HĐND huyện X"): a
`titles.Chain` keeps each title with the organisation printed after it, and the whole title as written.
A title printed without its organisation ("Đồng chí X, Chủ tịch trình bày…") leaves `org` empty;
the pipeline then takes the organiser of the article's event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .normalize import Document, lower_re
from .orgs import OrgMention
from .patterns import Title, capital_tokens, lower_shadow, match_title
from .person_names import COMMON_HONORIFICS, HONORIFIC_PATTERN, excluded, name_like_tokens, opens_name, strong_shape
from .places import PlaceMention
from .titles import Chain, TitleReader

# Between a name and its title: punctuation, or a space before a capitalised title ('Lù Văn Cường Phó Bí thư…').
_SEPARATOR = re.compile(r"\s*(?:[,\-–:(]\s*|(?= [A-ZĐ]) )")
# A name, then within its clause a verb of office ('tiếp tục được tín nhiệm bầu giữ chức Chủ tịch …').
_CAPTION_NOTE = lower_re(r"\s*\((?:[^()\n]{0,20}(?:giữa|trái|phải|bìa|thứ|đứng|ngồi|sn|sinh năm)[^()\n]{0,20})\)")
_ELECTED = lower_re(r"[^.;:!?\n]{0,60}?(?<![\w'])(?:được bầu (?:làm|giữ chức(?: danh| vụ)?|vào chức(?: danh| vụ)?)|"
                    r"bầu (?:làm|giữ chức(?: danh| vụ)?)|được bầu|tái đắc cử(?: chức danh| chức vụ)?|đắc cử(?: chức danh| chức vụ)?|"
                    r"giữ chức(?: danh| vụ)?|đảm nhiệm(?: chức(?: danh| vụ)?)?|được bổ nhiệm(?: làm| giữ chức(?: vụ)?)?)\s+")
_NOT_NAME_TAILS = frozenset(lower_shadow(w) for w in ("Phó", "Trưởng", "Chủ", "Bí", "Ủy", "Ảnh"))
_CLAUSE_OPENERS = re.compile(r"(?:[;:,(.\n]\s*|\b(?:có|và|cùng|dự|với|của|cho|do|gồm)\s+)$")
_WORD_START = re.compile(r"(?<![\w'’/.])[^\W\d_]")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’]*) $")
CONFIDENCE = {"person.honorific-title": 0.9, "person.elected": 0.85, "person.title-before": 0.8,
              "person.title-org-name": 0.8, "person.honorific": 0.6, "person.honorific-title-name": 0.85,
              "person.known-name": 0.7, "person.name-title": 0.8, "person.name": 0.6}


def _token_count(doc: Document, name: tuple[int, int]) -> int:
    return len(doc.text[name[0]:name[1]].split())


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
                 known: list[tuple[int, int]] | None = None, unit_name: Callable[[str], bool] | None = None) -> None:
        self.doc = doc
        self.unit_name = unit_name
        self.org_at = {**{o.head_start: o for o in orgs}, **{o.start: o for o in orgs}}
        self.place_at = {p.start: p for p in places or [] if p.type_word is not None}
        self.any_place_at = {p.start: p for p in places or []}
        self.known = known or []
        self.orgs = orgs
        self.titles = TitleReader(doc, orgs, places or [], self._name)
        self.chain_at = self.titles.chain_at

    # --- pieces ---------------------------------------------------------------

    def _name(self, index: int, need_surname: bool) -> tuple[int, int] | None:
        """A personal name of 2–5 capitalised tokens at `index`, cut before any title word."""
        tokens = capital_tokens(self.doc, index, limit=5)
        kept: list[tuple[int, int]] = []
        for start, end in tokens:
            if match_title(self.doc, start) is not None or start in self.org_at:
                break
            kept.append((start, end))
        kept = name_like_tokens(self.doc, kept)
        while kept and lower_shadow(self.doc.text[kept[-1][0]:kept[-1][1]]) in _NOT_NAME_TAILS:
            kept.pop()
        if len(kept) < 2 or (need_surname and not opens_name(self.doc, kept)):
            return None
        return kept[0][0], kept[-1][1]

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

    def _title_after(self, position: int) -> tuple[Chain, str] | None:
        """The titles printed after a name: right after a separator, or after a verb of office in its clause."""
        caption = _CAPTION_NOTE.match(self.doc.lower, position)
        position = caption.end() if caption else position  # 'Bà X (giữa) Chủ tịch …', 'chị Y (SN 1985), …'
        separator = _SEPARATOR.match(self.doc.text, position)
        if separator and separator.end() > position:
            chain = self.chain_at(separator.end())
            if chain is not None:
                return chain, "title"
        elected = _ELECTED.match(self.doc.lower, position)
        if elected:
            chain = self.chain_at(elected.end())
            if chain is not None:
                return chain, "elected"
        return None

    def _after_honorific(self, honorific_start: int, name: tuple[int, int], plural: bool = False) -> list[PersonMention]:
        names, position = self._names_joined(*name, plural=plural)
        after = self._title_after(position)
        if after is not None and after[1] == "title":
            return [self._mention((s, e), after[0], honorific_start, after[0].end, "person.honorific-title", len(names) > 1)
                    for s, e in names]
        if after is not None:
            return [self._mention(name, after[0], honorific_start, after[0].end, "person.elected")]
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
        for match in HONORIFIC_PATTERN.finditer(self.doc.lower):
            capitalised_inside = match.group(1) in COMMON_HONORIFICS and not self._lower_or_sentence_start(match.start())
            name = self._name(match.end(), need_surname=match.group(1) == "thí sinh" or capitalised_inside)
            if capitalised_inside and name is None:
                continue  # 'Bà', 'Chị' inside a sentence: an honorific only before a full name ('do Bà Nguyễn Thị Kim Thông')
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
        out.extend(self._name_first(claimed))
        for start, end in self.known:
            if not any(s < end and start < e for s, e in claimed):
                out.append(self._mention((start, end), None, start, end, "person.known-name"))
        return sorted(out, key=lambda m: m.start)

    def _name_first(self, claimed: list[tuple[int, int]]) -> list[PersonMention]:
        """'Nguyễn Thị Lan, Chủ tịch Hội LHPN xã' or 'Lê Minh Hoan (Bí thư Tỉnh ủy)': a name, then its titles; else a
        name whose shape alone says it is a person's ('Giàng Thị Mỷ nhận giấy khen')."""
        doc = self.doc
        out: list[PersonMention] = []
        for match in _WORD_START.finditer(doc.text):
            start = match.start()
            if not doc.text[start].isupper() or any(s <= start < e for s, e in claimed):
                continue
            previous = _PREVIOUS_WORD.search(doc.text, max(0, start - 40), start)
            if previous is not None and previous.group(1)[0].isupper():
                continue  # inside a longer proper noun ('Trường Tiểu học Nguyễn Du', 'Bí thư Huyện ủy Lê…' is another rule)
            name = self._name(start, need_surname=True)
            if name is None or excluded(doc, name[0], name[1]):
                continue
            after = self._title_after(name[1])
            if after is not None:
                rule = "person.name-title" if after[1] == "title" else "person.elected"
                mention = self._mention(name, after[0], name[0], after[0].end, rule)
            elif strong_shape(doc, capital_tokens(doc, name[0], limit=5)[:_token_count(doc, name)]) and \
                    not excluded(doc, name[0], name[1], self.unit_name):
                mention = self._mention(name, None, name[0], name[1], "person.name")
            else:
                continue
            out.append(mention)
            claimed.append((mention.start, mention.end))
        return out

    def _lower_or_sentence_start(self, index: int) -> bool:
        """'bà', 'ông', 'chị' are honorifics in lower case, or capitalised at the start of a sentence or caption."""
        if self.doc.text[index].islower():
            return True
        before = self.doc.text[:index].rstrip(" ")
        return not before or before[-1] in ".!?\n:;,-–”\"("
