"""Replicable models and clubs: mô hình “…”, CLB “…”, câu lạc bộ “…”, tổ “…”, tổ hợp tác “…”, nhóm “…”.

Only a quoted name right after one of those words counts, so slogans (phương châm “…”), campaigns
(phong trào “…”) and event titles (Diễn đàn “…”) are left out. Who runs or replicates a model:
the unit printed right after it ("… ở xã Ia Tiêm", "… của Hội LHPN xã Xuân Hồng"), the chapter
that opens the clause ("Hội LHPN xã Nâm Nung chia sẻ kinh nghiệm duy trì CLB “…”"), and places
named in a sentence about replicating it ("sẽ được nhân rộng ra xã Nam Dong và xã Đắk Wil").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reference.gazetteer import UnitRecord
from .normalize import Document, canonical
from .orgs import OrgMention
from .patterns import MODEL_HEADS, lower_shadow, match_word
from .places import PlaceMention

_QUOTES = re.compile(r"[“\"]([^”\"\n]{3,90})[”\"]")
_AFTER = re.compile(r"\s+(?:ở|tại|của)\s+")
_JOIN = re.compile(r"(?:,\s*|\s+và\s+)")
_REPLICATE = re.compile(r"(?<!\w)(nhân rộng|thí điểm|đăng ký thực hiện|triển khai thực hiện)(?!\w)")
_HEADS = sorted(((lower_shadow(h), t) for h, t in MODEL_HEADS), key=lambda kv: -len(kv[0]))
_LIVELIHOOD = ("nuôi", "trồng", "sản xuất", "chế biến", "kinh tế", "khởi nghiệp", "homestay", "du lịch", "nước mắm", "dệt",
               "thêu", "nghề", "rượu", "hồ tiêu", "cà phê")
_ONLINE = ("online", "livestream", "số", "mạng", "zalo", "facebook", "4.0", "trực tuyến")
_ETHNIC = ("dtts", "dân tộc", "mông", "khmer", "jrai", "m'nông", "dao", "mường", "ê đê", "ba na", "thái", "tày", "nùng")


@dataclass
class UnitRef:
    """A unit that runs or replicates a model, with the text that names it."""

    text: str
    unit: UnitRecord | None
    start: int
    end: int
    rule: str


@dataclass
class ModelMention:
    """A named model (first mention) and the units tied to it anywhere in the article."""

    name: str
    head: str
    model_type: str
    start: int
    end: int
    rule: str
    units: list[UnitRef] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return canonical(self.name)


def model_type(head: str, declared: str | None, name: str) -> str:
    """wu:ModelTypeScheme concept from the word before the name, else from the name itself."""
    low = lower_shadow(name)
    if "tiết kiệm" in low:
        return "SavingsGroup"
    if declared:
        return declared
    if low.startswith("tổ hợp tác"):
        return "CooperativeGroup"
    if low.startswith(("câu lạc bộ", "clb")):
        return "Club"
    if low.startswith(("tổ ", "nhóm ")):
        return "InterestGroup"
    words = set(re.findall(r"[\w'.]+", low))
    if any(w in words for w in _ONLINE if " " not in w):
        return "OnlineOutreach"
    if any(w in low for w in _LIVELIHOOD):
        return "LivelihoodModel"
    return "WorkingPractice"


def is_ethnic(name: str) -> bool:
    low = lower_shadow(name)
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", low) for w in _ETHNIC)


def _head_before(doc: Document, quote: int) -> tuple[int, str, str | None] | None:
    before = quote
    while before > 0 and doc.text[before - 1] == " ":
        before -= 1
    for key, declared in _HEADS:
        start = before - len(key)
        if start >= 0 and match_word(doc, start, key) == before:
            return start, key, declared
    return None


def _unit_ref(place: PlaceMention | None, org: OrgMention | None, doc: Document, rule: str) -> UnitRef | None:
    if place is not None:
        return UnitRef(doc.text[place.start:place.end], place.unit, place.start, place.end, rule)
    if org is not None and org.unit is not None:
        text = doc.text[org.place.start:org.place.end] if org.place else org.unit.name
        return UnitRef(text, org.unit, org.start, org.end, rule)
    return None


def find_models(doc: Document, places: list[PlaceMention], orgs: list[OrgMention]) -> list[ModelMention]:
    """Named models, merged by name, with the units that run or replicate them."""
    place_at = {p.start: p for p in places}
    org_at = {o.start: o for o in orgs}
    found: dict[str, ModelMention] = {}
    order: list[tuple[int, ModelMention]] = []
    for match in _QUOTES.finditer(doc.text):
        head = _head_before(doc, match.start())
        if head is None:
            continue
        head_start, key, declared = head
        name = match.group(1).strip()
        mention = ModelMention(name, key, model_type(key, declared, name), head_start, match.end(), "model.quoted-name")
        model = found.setdefault(mention.key, mention)
        model.mentions.append((head_start, match.end()))
        order.append((head_start, model))
        _units_after(doc, model, match.end(), place_at, org_at)
        _clause_subject(doc, model, head_start, orgs, places)
    for sentence in doc.sentences:
        keyword = _REPLICATE.search(doc.lower, sentence.start, sentence.end)
        if keyword is None:
            continue
        replicated = _replicated(doc, order, sentence.start, sentence.end, keyword.start())
        if replicated is None:
            continue
        clause_end = doc.text.find(";", keyword.end(), sentence.end)
        clause_end = sentence.end if clause_end < 0 else clause_end
        for place in places:
            if keyword.end() <= place.start < clause_end:
                _add(replicated, _unit_ref(place, None, doc, "model.units.replication"))
    return list(found.values())


def _replicated(doc: Document, order: list[tuple[int, ModelMention]], start: int, end: int, keyword: int) -> ModelMention | None:
    """The model a replication keyword speaks of: the nearest one before it in its clause or sentence,
    else the first after it in the sentence, else the last one named before the sentence."""
    clause_start = max(start, doc.text.rfind(";", start, keyword) + 1)
    for lower in (clause_start, start):
        before = [m for s, m in order if lower <= s < keyword]
        if before:
            return before[-1]
    after = [m for s, m in order if keyword <= s < end]
    if after:
        return after[0]
    earlier = [m for s, m in order if s < start]
    return earlier[-1] if earlier else None


def _add(model: ModelMention, ref: UnitRef | None) -> None:
    if ref is None:
        return
    key = ref.unit.iri if ref.unit is not None else canonical(ref.text)
    if all((u.unit.iri if u.unit is not None else canonical(u.text)) != key for u in model.units):
        model.units.append(ref)


def _units_after(doc: Document, model: ModelMention, index: int, place_at: dict[int, PlaceMention],
                 org_at: dict[int, OrgMention]) -> None:
    """'… ở xã Châu Lăng, xã Lê Trì và thị trấn Ba Chúc', '… của Hội LHPN xã Xuân Hồng'."""
    match = _AFTER.match(doc.lower, index)
    if not match:
        return
    position = match.end()
    while True:
        place, org = place_at.get(position), org_at.get(position)
        ref = _unit_ref(place, org if place is None else None, doc, "model.units.after")
        if ref is None:
            return
        _add(model, ref)
        joined = _JOIN.match(doc.lower, ref.end)
        if not joined:
            return
        position = joined.end()


def _clause_start(doc: Document, index: int) -> int:
    sentence = doc.sentence_at(index)
    start = sentence.start if sentence else 0
    return max(start, doc.text.rfind(";", start, index) + 1)


def _clause_subject(doc: Document, model: ModelMention, head_start: int, orgs: list[OrgMention],
                    places: list[PlaceMention]) -> None:
    """The chapter that is the subject of the clause naming the model, else a place printed in that clause."""
    clause_start = _clause_start(doc, head_start)
    subjects = [o for o in orgs if clause_start <= o.start < head_start and o.kind in ("union", "branch") and o.unit is not None
                and re.match(r" [^\W\d_A-ZĐ]", doc.text[o.end:o.end + 2])]
    if subjects and not re.search(r"[”\"]", doc.text[subjects[-1].end:head_start]):
        _add(model, _unit_ref(None, subjects[-1], doc, "model.units.subject"))
        return
    nearby = [p for p in places if clause_start <= p.start < head_start and p.unit is not None and p.unit.level == "Commune"]
    if nearby and not re.search(r"[”\"]", doc.text[clause_start:head_start]):
        _add(model, _unit_ref(nearby[-1], None, doc, "model.units.clause-place"))
