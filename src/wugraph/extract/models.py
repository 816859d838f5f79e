"""Replicable models and clubs: mô hình “…”, CLB “…”, câu lạc bộ “…”, tổ “…”, tổ hợp tác “…”, nhóm “…”.

The names come from `names.find_named` (quoted or not, after a model head); slogans (phương châm “…”),
programmes (phong trào “…”) and event titles (Diễn đàn “…”) are left out, and a name that is also a
programme's is never a model. Two printings of one model ('mô hình “1+1”', 'Mô hình"1+1"') are one. Who runs or replicates a model:
the unit printed right after it ("… ở xã Ia Tiêm", "… của Hội LHPN xã Xuân Hồng"), the chapter
that opens the clause ("Hội LHPN xã Nâm Nung chia sẻ kinh nghiệm duy trì CLB “…”"), and places
named in a sentence about replicating it ("sẽ được nhân rộng ra xã Nam Dong và xã Đắk Wil").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reference.gazetteer import UnitRecord
from .names import NamedMention, quoted_spans
from .normalize import Document, canonical, lower_re
from .orgs import OrgMention
from .patterns import lower_shadow
from .places import PlaceMention

_WRAPPER = re.compile(r"^(?:mo hinh|cau lac bo|clb)\s+")
_AFTER = lower_re(r"\s+(?:ở|tại|của)\s+")
_JOIN = lower_re(r"(?:,\s*|\s+và\s+)")
_REPLICATE = lower_re(r"(?<!\w)(nhân rộng|thí điểm|đăng ký thực hiện|triển khai thực hiện)(?!\w)")
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
    written: str = ""
    units: list[UnitRef] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    action: str = "mention"  # launch | replication | operation | mention

    @property
    def key(self) -> str:
        return merge_key(self.name)


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


def _unit_ref(place: PlaceMention | None, org: OrgMention | None, doc: Document, rule: str) -> UnitRef | None:
    if place is not None:
        return UnitRef(doc.text[place.start:place.end], place.unit, place.start, place.end, rule)
    if org is not None and org.unit is not None:
        text = doc.text[org.place.start:org.place.end] if org.place else org.unit.name
        return UnitRef(text, org.unit, org.start, org.end, rule)
    return None


def merge_key(name: str) -> str:
    """The key two printings of one model share: folded, wrapper words ('mô hình', 'CLB', 'Câu lạc bộ') dropped."""
    return _WRAPPER.sub("", canonical(name)) or canonical(name)


def _trailing_place(named: NamedMention, places: list[PlaceMention]) -> PlaceMention | None:
    """'Câu lạc bộ 20/10 TPHCM': a place printed at the end of an unquoted name belongs to the units, not the name."""
    if named.quoted:
        return None
    for place in places:
        if named.name_start < place.start and place.end == named.name_end:
            return place
    return None


def find_models(doc: Document, places: list[PlaceMention], orgs: list[OrgMention], named: list[NamedMention],
                programme_keys: set[str]) -> list[ModelMention]:
    """Named models, merged by name, with the units that run or replicate them (never a programme's name)."""
    place_at = {p.start: p for p in places}
    org_at = {o.start: o for o in orgs}
    found: dict[str, ModelMention] = {}
    order: list[tuple[int, ModelMention]] = []
    for item in named:
        if item.head.category != "model":
            continue
        name_end = item.name_end
        trailing = _trailing_place(item, places)
        if trailing is not None:
            name_end = trailing.start
            while name_end > item.name_start and doc.text[name_end - 1] in " -–,":
                name_end -= 1
        name = doc.text[item.name_start:name_end]
        key = merge_key(name)
        if len(key) < 2 or key in programme_keys:
            continue
        head = lower_shadow(item.head.text)
        mention = ModelMention(name, head, model_type(head, item.head.model_type, name), item.start, item.end,
                               "model." + item.rule.removeprefix("name."), written=doc.text[item.start:item.end])
        model = found.setdefault(key, mention)
        model.mentions.append((item.start, item.end))
        order.append((item.start, model))
        if trailing is not None:
            _add(model, _unit_ref(trailing, None, doc, "model.units.name-place"))
        _units_after(doc, model, item.end, place_at, org_at)
        _clause_subject(doc, model, item.start, orgs, places)
    for start, end in quoted_spans(doc):
        model = found.get(merge_key(doc.text[start:end]))
        if model is not None and all(not (s <= start < e) for s, e in model.mentions):
            model.mentions.append((start - 1, end + 1))
            order.append((start - 1, model))
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
    """'… ở xã Châu Lăng, xã Lê Trì và thị trấn Ba Chúc', '… của Hội LHPN xã Xuân Hồng', or printed right after
    the name ('CLB “…” ấp Bình Đông Trung, xã Bình Nhì')."""
    match = _AFTER.match(doc.lower, index)
    rule = "model.units.after"
    if not match:
        match = re.compile(r"\s+").match(doc.lower, index)
        if not match or match.end() not in place_at:
            return
        rule = "model.units.apposition"
    position = match.end()
    while True:
        place, org = place_at.get(position), org_at.get(position)
        ref = _unit_ref(place, org if place is None else None, doc, rule)
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
