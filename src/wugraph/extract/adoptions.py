"""Adoptions from text: a unit that launches, founds or replicates a named model (issue 16, read by curation).

A clause with a launch word (ra mắt, thành lập, trao mô hình, xây dựng mô hình, triển khai xây dựng, thí
điểm) or a replication word (nhân rộng, học tập … từ, học tập kinh nghiệm … rồi triển khai, áp dụng) and a
named model becomes a candidate: the model named after the word in that clause (else before it), the unit
that did it — the places of a "tại …" phrase (one adoption per village or commune), else a unit printed
with the model, else the chapter that is the clause's subject, else the event's unit — and the date: a day
printed in the sentence, else "(từ) năm 2022" or "tháng 3/2022" (year or month precision), else the day of
the event the sentence belongs to. Announcements ("sẽ nhân rộng", "thời gian tới", "để nhân rộng") are not
adoptions. Printings of one adoption (headline and body) merge, keeping the finest unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..reference.gazetteer import Gazetteer, UnitRecord
from .dates import DateMention
from .events import EventMention
from .models import ModelMention
from .normalize import Document, Span, lower_re
from .orgs import OrgMention
from .places import PlaceMention

_ORIGINATION = lower_re(r"(?<![\w'])(ra mắt|thành lập|trao mô hình|xây dựng mô hình|triển khai xây dựng|thí điểm|khởi xướng|"
                          r"xây dựng thí điểm|xây dựng và ra mắt|thành lập mới)(?![\w'])")
_REPLICATION = lower_re(r"(?<![\w'])(ra mắt nhân rộng|nhân rộng|học tập(?: kinh nghiệm)?(?:[^.;]{0,80}?)(?:rồi|và) triển khai|"
                          r"học tập(?: kinh nghiệm)?(?: mô hình)? (?:từ|của)|áp dụng mô hình)(?![\w'])")
_NOT_DONE = lower_re(r"(?<![\w'])(sẽ|thời gian tới|để nhân rộng|tiếp tục|dự kiến|kế hoạch|phấn đấu|cần|nhằm nhân rộng|đề nghị|"
                       r"hướng tới|mong muốn|chuẩn bị)(?![\w'])")
_LEARNED = lower_re(r"(?<![\w'])học tập(?: kinh nghiệm)?(?: (?:mô hình|cách làm)[^.;]{0,60}?)? (?:từ|của|tại)\s+")
_TAI = lower_re(r"(?<![\w'])(?:tại|ở)\s+")
_YEAR = lower_re(r"(?<![\w/])(?:từ |trong |vào )?(?:(tháng (\d{1,2})\s*[/.-]\s*|tháng (\d{1,2}) năm )|năm )(\d{4})(?!\d)")
_CLAUSE_BREAK = re.compile(r";|\.\s")
_BARE_HEAD = lower_re(r"\s+(?:các\s+|\d+\s+)?(mô hình|câu lạc bộ|clb)(?![\w'])(?!\s*[“\"'‘])(?!\s+[^\W\d_]*[A-ZĐ])")
_PASSIVE = lower_re(r"(?<![\w'])(?:được|đã được|vừa được|mới được)(?:\s+[^\W\d_]+){0,2}\s*$")
_PHRASE_END = lower_re(r"[.;:()]|\s(?:cho|với|nhằm|để|gồm|có|do|và tặng|và trao)\s")


@dataclass
class AdoptionMention:
    """One candidate adoption with the spans of its parts, so a reviewer sees each highlighted."""

    model: ModelMention
    kind: str  # "Origination" | "Replication"
    unit: UnitRecord | None
    unit_text: str
    unit_span: tuple[int, int]
    village: str | None
    sentence: Span
    rule: str
    day: date | None = None
    precision: str | None = None  # "day" | "month" | "year"
    date_span: tuple[int, int] | None = None
    learned_from: UnitRecord | None = None
    learned_text: str | None = None
    learned_span: tuple[int, int] | None = None
    model_span: tuple[int, int] = (0, 0)

    @property
    def date_text(self) -> str | None:
        """ISO date at its precision: '2024-05-28', '2022-03', '2022'."""
        if self.day is None:
            return None
        return {"day": self.day.isoformat(), "month": self.day.isoformat()[:7], "year": str(self.day.year)}[self.precision or "day"]


@dataclass
class _Context:
    doc: Document
    gaz: Gazetteer
    places: list[PlaceMention]
    orgs: list[OrgMention]
    dates: list[DateMention]
    events: list[EventMention]


def _announced(doc: Document, clause: tuple[int, int], start: int, end: int) -> bool:
    """'sẽ nhân rộng', 'để nhân rộng … thời gian tới': an intention in the comma-separated part around the cue."""
    before = max(clause[0], doc.text.rfind(",", clause[0], start) + 1)
    after = doc.text.find(",", end, clause[1])
    return bool(_NOT_DONE.search(doc.lower, before, after if after >= 0 else clause[1]))


def _clause(doc: Document, sentence: Span, index: int) -> tuple[int, int]:
    start = sentence.start
    for match in _CLAUSE_BREAK.finditer(doc.text, sentence.start, index):
        start = match.end()
    stop = _CLAUSE_BREAK.search(doc.text, index, sentence.end)
    return start, stop.start() if stop else sentence.end


def _models_for(doc: Document, models: list[ModelMention], cue: tuple[int, int],
                clause: tuple[int, int]) -> list[tuple[ModelMention, int, int]]:
    """The models a cue speaks of: those named after it in its clause ('ra mắt mô hình “A” và mô hình “B”'), else
    a bare head after it ('buổi ra mắt câu lạc bộ') when the article names one such model, else, for a passive
    ('“A” … được triển khai xây dựng'), the model named before it."""
    after = [(m, s, e) for m in models for s, e in m.mentions if cue[0] <= s < clause[1] and e > cue[1]]
    if after:
        first = min(s for _, s, _ in after)
        return sorted([(m, s, e) for m, s, e in after if s - first < 200], key=lambda t: t[1])
    bare = _BARE_HEAD.match(doc.lower, cue[1])
    if bare is not None:
        heads = {"mô hình": None, "câu lạc bộ": "Club", "clb": "Club"}
        wanted = heads[bare.group(1)]
        fitting = [m for m in models if wanted is None or m.model_type == wanted]
        if len(fitting) == 1:
            return [(fitting[0], bare.start(1), bare.end(1))]
        return []
    if _PASSIVE.search(doc.lower[max(clause[0], cue[0] - 30):cue[0]]):
        before = [(m, s, e) for m in models for s, e in m.mentions if clause[0] <= s < cue[0]]
        return sorted(before, key=lambda t: t[1])[-1:]
    return []


def _tai_units(ctx: _Context, start: int, limit: int) -> list[PlaceMention]:
    """The places (villages included) of the first 'tại …' phrase in a stretch; coarser ones go in `_merge`."""
    match = _TAI.search(ctx.doc.lower, start, limit)
    if match is None:
        return []
    stop = _PHRASE_END.search(ctx.doc.lower, match.end(), limit)
    end = stop.start() if stop else limit
    return [p for p in ctx.places if match.end() <= p.start < end and (p.unit is not None or p.level == "Village")]


def _listed_after(ctx: _Context, model: ModelMention, clause: tuple[int, int]) -> list[PlaceMention]:
    """Villages (or communes without villages) listed after the model in its clause: '… cho phụ nữ các bản: A, B, xã C'."""
    ends = [e for s, e in model.mentions if clause[0] <= s < clause[1]]
    if not ends:
        return []
    after = [p for p in ctx.places if ends[0] <= p.start < clause[1]]
    villages = [p for p in after if p.level == "Village"]
    if villages:
        return villages
    return [p for p in after if p.unit is not None and p.unit.level == "Commune" and p.type_word]


def _subject(ctx: _Context, clause_start: int, cue_start: int) -> OrgMention | None:
    """The chapter that opens the clause: the last one before the cue, preferring one whose unit is known."""
    subjects = [o for o in ctx.orgs if clause_start <= o.start < cue_start and o.kind in ("union", "branch")]
    known = [o for o in subjects if o.unit is not None]
    return (known or subjects or [None])[-1]


def _date_in(ctx: _Context, sentence: Span) -> tuple[date | None, str | None, tuple[int, int] | None]:
    for mention in ctx.dates:
        if sentence.start <= mention.start < sentence.end and mention.day is not None:
            return mention.day, "day", (mention.start, mention.end)
    match = _YEAR.search(ctx.doc.lower, sentence.start, sentence.end)
    if match is not None:
        year = int(match.group(4))
        month = match.group(2) or match.group(3)
        if 1900 < year < 2100 and (month is None or 1 <= int(month) <= 12):
            if month:
                return date(year, int(month), 1), "month", (match.start(), match.end())
            return date(year, 1, 1), "year", (match.start(), match.end())
    for event in ctx.events:
        if event.sentence.start <= sentence.start < event.sentence.end and event.date is not None and event.day is not None:
            return event.day, "day", (event.date.start, event.date.end)
    earlier = [e for e in ctx.events if e.sentence.start < sentence.start and e.date is not None and e.day is not None
               and e.kind == "Launch"]
    if earlier and earlier[-1].date is not None:
        return earlier[-1].day, "day", (earlier[-1].date.start, earlier[-1].date.end)
    return None, None, None


def _learned(ctx: _Context, clause: tuple[int, int]) -> tuple[UnitRecord | None, str | None, tuple[int, int] | None]:
    match = _LEARNED.search(ctx.doc.lower, clause[0], clause[1])
    if match is None:
        return None, None, None
    for org in ctx.orgs:
        if match.end() <= org.start <= match.end() + 40 and org.unit is not None:
            return org.unit, ctx.doc.text[org.start:org.end], (org.start, org.end)
    for place in ctx.places:
        if match.end() <= place.start <= match.end() + 40 and place.unit is not None:
            return place.unit, ctx.doc.text[place.start:place.end], (place.start, place.end)
    return None, None, None


def _units(ctx: _Context, model: ModelMention, clause: tuple[int, int], cue: tuple[int, int],
           sentence: Span) -> list[tuple[UnitRecord | None, str, tuple[int, int], str | None, str]]:
    """(unit, text, span, village, rule) of each unit that adopts, in the order of the rules above."""
    tai = _tai_units(ctx, cue[1], clause[1]) or _tai_units(ctx, clause[0], clause[1])
    if tai:
        return [(p.unit or p.parent, ctx.doc.text[p.start:p.end], (p.start, p.end),
                 ctx.doc.text[p.start:p.end] if p.level == "Village" else None, "adoption.unit.tai") for p in tai]
    listed = _listed_after(ctx, model, clause)
    if listed:
        return [(p.unit or p.parent, ctx.doc.text[p.start:p.end], (p.start, p.end),
                 ctx.doc.text[p.start:p.end] if p.level == "Village" else None, "adoption.unit.listed") for p in listed]
    named_here = any(clause[0] <= s < clause[1] for s, _ in model.mentions)
    printed = [u for u in model.units if u.rule in ("model.units.after", "model.units.name-place", "model.units.apposition")
               and (clause[0] <= u.start < clause[1] or not named_here)]
    if printed:
        return [(u.unit, u.text, (u.start, u.end), None, "adoption.unit.with-model") for u in printed]
    subject = _subject(ctx, clause[0], cue[0])
    if subject is not None:
        return [(subject.unit, ctx.doc.text[subject.head_start:subject.end], (subject.start, subject.end), None,
                 "adoption.unit.subject")]
    opening = [p for p in ctx.places if clause[0] <= p.start < cue[0] and p.unit is not None and p.unit.level != "Province"]
    if opening:
        place = opening[-1]
        return [(place.unit, ctx.doc.text[place.start:place.end], (place.start, place.end), None, "adoption.unit.subject-place")]
    for event in ctx.events:
        if event.sentence.start <= sentence.start < event.sentence.end and event.unit is not None:
            return [(event.unit, event.unit.name, (event.sentence.start, event.sentence.end), None, "adoption.unit.event")]
    return []


def _inside(gaz: Gazetteer, inner: UnitRecord, outer: UnitRecord) -> bool:
    return any(a.iri == outer.iri for a in gaz.ancestors(inner.iri))


def _merge(gaz: Gazetteer, found: list[AdoptionMention]) -> list[AdoptionMention]:
    """One adoption per model and unit; a coarser unit that contains another adopter of the same model goes."""
    kept: list[AdoptionMention] = []
    for item in found:
        same = next((k for k in kept if k.model is item.model and k.kind == item.kind
                     and (k.unit is None or item.unit is None or k.unit.iri == item.unit.iri) and k.village == item.village
                     and (k.unit is not None or item.unit is not None or k.unit_text == item.unit_text)), None)
        if same is not None:
            if same.day is None and item.day is not None:  # the dated printing is the better evidence
                same.day, same.precision, same.date_span = item.day, item.precision, item.date_span
                same.sentence, same.rule, same.model_span = item.sentence, item.rule, item.model_span
            if same.unit is None and item.unit is not None:
                same.unit, same.unit_text, same.unit_span = item.unit, item.unit_text, item.unit_span
            same.learned_from = same.learned_from or item.learned_from
            continue
        kept.append(item)
    out = []
    for item in kept:
        finer = [k for k in kept if k is not item and k.model is item.model and _finer(gaz, k, item)]
        for k in finer:
            if k.day is None and item.day is not None:
                k.day, k.precision, k.date_span = item.day, item.precision, item.date_span
        if not finer:
            out.append(item)
    return out


def _finer(gaz: Gazetteer, candidate: AdoptionMention, other: AdoptionMention) -> bool:
    """A village of the other's commune, or a unit inside the other's unit."""
    if candidate.unit is None or other.unit is None:
        return False
    if candidate.village and not other.village:
        return candidate.unit.iri == other.unit.iri or _inside(gaz, candidate.unit, other.unit)
    return candidate.unit.iri != other.unit.iri and _inside(gaz, candidate.unit, other.unit)


def find_adoptions(doc: Document, gaz: Gazetteer, models: list[ModelMention], places: list[PlaceMention],
                   orgs: list[OrgMention], dates: list[DateMention], events: list[EventMention]) -> list[AdoptionMention]:
    """Every candidate adoption in the article; sets each adopted model's `action` (launch or replication)."""
    if not models:
        return []
    ctx = _Context(doc, gaz, places, orgs, dates, events)
    found: list[AdoptionMention] = []
    for sentence in doc.sentences:
        cues = [(m, "Replication") for m in _REPLICATION.finditer(doc.lower, sentence.start, sentence.end)]
        taken = [(m.start(), m.end()) for m, _ in cues]
        cues += [(m, "Origination") for m in _ORIGINATION.finditer(doc.lower, sentence.start, sentence.end)
                 if not any(s <= m.start() < e for s, e in taken)]
        for cue, kind in sorted(cues, key=lambda c: c[0].start()):
            clause = _clause(doc, sentence, cue.start())
            if _announced(doc, clause, cue.start(), cue.end()):
                continue
            for model, model_start, model_end in _models_for(doc, models, (cue.start(), cue.end()), clause):
                day, precision, date_span = _date_in(ctx, sentence)
                learned = _learned(ctx, clause) if kind == "Replication" else (None, None, None)
                for unit, text, span, village, rule in _units(ctx, model, clause, (cue.start(), cue.end()), sentence):
                    found.append(AdoptionMention(model, kind, unit, text, span, village, sentence,
                                                 f"adoption.{kind.lower()}+{rule}", day, precision, date_span,
                                                 learned[0], learned[1], learned[2], (model_start, model_end)))
    adoptions = _merge(gaz, found)
    for adoption in adoptions:
        adoption.model.action = "replication" if adoption.kind == "Replication" else "launch"
    return adoptions
