"""Events: a head word (hội thi, lễ kỷ niệm, họp mặt, đến thăm và làm việc, tập huấn…) used as an event.

A head counts when the text reports the event: it is organised ("tổ chức hội thi", "phối hợp tổ chức Lễ kỷ
niệm"), dated in its sentence ("Chiều 9-2, … họp mặt"), done by someone ("Câu lạc bộ … họp mặt", "đã đến thăm
và chúc mừng"), referred to ("Tại hội thi", "Dự buổi ra mắt", "Kết thúc Hội thi") or named in the headline.
Document titles and past results ("Dự thảo báo cáo chính trị Đại hội…", "kết quả Đại hội…") are not events.
An event without a written date is kept with none. The kind is read in the phrase the head opens, most specific
first (hội nghị biểu dương → Commendation, tọa đàm kỷ niệm → Seminar, lễ kỷ niệm → Anniversary, lễ → Ceremony).
Mentions of one kind merge into one event per date. Organiser: the organisation printed before the verb;
place: the first "tại …" phrase that names a unit, else the organiser's unit; participants: attendance only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..reference.gazetteer import UnitRecord
from .dates import DateMention
from .normalize import Document, Span, lower_re
from .orgs import OrgMention
from .patterns import PARTICIPANT_NOUNS, lower_shadow
from .places import PlaceMention

# (printed head, kind, rank): rank 0 specific, 1 anniversary, 2 generic; the lowest rank in a phrase wins.
EVENT_HEADS: tuple[tuple[str, str, int], ...] = (
    ("tọa đàm", "Seminar", 0), ("diễn đàn", "Forum", 0), ("hội thảo", "Workshop", 0), ("tập huấn", "Training", 0),
    ("lớp bồi dưỡng", "Training", 0), ("ra mắt", "Launch", 0), ("đại hội", "Congress", 0), ("phiên trù bị", "Congress", 0),
    ("phiên chính thức", "Congress", 0), ("hội thi", "Contest", 0), ("cuộc thi", "Contest", 0), ("giải bóng chuyền", "Contest", 0),
    ("giải bóng đá", "Contest", 0), ("tham quan học tập", "StudyVisit", 0), ("tham quan, học tập", "StudyVisit", 0),
    ("học tập kinh nghiệm", "StudyVisit", 0), ("giao lưu, học tập", "StudyVisit", 0), ("giao lưu học tập", "StudyVisit", 0),
    ("giao lưu - học tập", "StudyVisit", 0), ("giao lưu – học tập", "StudyVisit", 0), ("chuyến công tác", "StudyVisit", 0),
    ("giao lưu", "Exchange", 0), ("gặp gỡ trao đổi", "Exchange", 0), ("họp mặt", "Gathering", 0), ("ngày hội", "Festival", 0),
    ("họp báo", "PressBriefing", 0), ("biểu dương", "Commendation", 0), ("tuyên dương", "Commendation", 0),
    ("tôn vinh", "Commendation", 0), ("trao giải thưởng", "Commendation", 0), ("đến thăm và làm việc", "WorkingVisit", 0),
    ("thăm và làm việc", "WorkingVisit", 0), ("đến thăm và chúc mừng", "WorkingVisit", 0), ("thăm, chúc mừng", "WorkingVisit", 0),
    ("trao quà", "Donation", 0), ("trao tặng quà", "Donation", 0), ("tặng quà", "Donation", 0), ("trao mô hình", "Donation", 0),
    ("trao sinh kế", "Donation", 0), ("ra quân", "ActionDay", 0), ("phát động", "Ceremony", 2),
    ("kỷ niệm", "Anniversary", 1), ("mít tinh", "Ceremony", 2), ("mittinh", "Ceremony", 2), ("lễ", "Ceremony", 2),
    ("hội nghị", "Conference", 2),
)
EVENT_LABELS_EN: dict[str, str] = {
    "Launch": "Launch", "Training": "Training", "StudyVisit": "Study visit", "Congress": "Congress", "Forum": "Forum",
    "Seminar": "Seminar", "Workshop": "Workshop", "Conference": "Conference", "Ceremony": "Ceremony", "Contest": "Contest",
    "WorkingVisit": "Working visit", "Anniversary": "Anniversary", "Gathering": "Gathering", "Exchange": "Exchange",
    "Festival": "Festival", "Commendation": "Commendation", "Donation": "Donation", "ActionDay": "Action day",
    "PressBriefing": "Press briefing",
}
_HEADS = sorted(((lower_shadow(h), k, r) for h, k, r in EVENT_HEADS), key=lambda t: -len(t[0]))
_HEAD_PATTERN = lower_re(r"(?<![\w'])(" + "|".join(re.escape(h) for h, _, _ in _HEADS) + r")(?![\w'])")
_BY_HEAD = {h: (k, r) for h, k, r in _HEADS}
# Heads that are also ordinary words need an event context stronger than a date ('kỷ niệm', 'lễ', 'phát động'…).
_WEAK = frozenset(lower_shadow(h) for h in ("kỷ niệm", "lễ", "phát động", "tôn vinh", "biểu dương", "tuyên dương", "tặng quà",
                                            "giao lưu", "học tập kinh nghiệm", "mít tinh"))
_ORGANISED = lower_re(r"(?<![\w'])(?:tổ chức|tiến hành|khai mạc|long trọng tổ chức|phối hợp tổ chức)(?:\s+(?:buổi|lễ|chương trình|"
                      r"đoàn đi|đợt|cuộc|giải|các buổi|thành công|trang trọng|long trọng|hội nghị|01|1|một))*\s+$")
_REFERENCE = lower_re(r"(?<![\w'])(?:tại|trong|qua|kết thúc|tham gia|tham dự|về dự|dự|đến dự|sau|bế mạc|khai mạc|với)"
                      r"(?:\s+(?:buổi|các|lễ|chương trình))?\s+$")
_DONE = lower_re(r"(?<![\w'])(?:đã|vừa|cùng|đồng loạt|long trọng|sẽ)\s+$")
_NOT_EVENT = lower_re(r"(?<![\w'])(?:nghị quyết|dự thảo|báo cáo chính trị|kết quả|chuẩn bị|hướng tới|trước thềm|điều lệ|"
                      r"văn kiện|tinh thần|chào mừng|nhân dịp|nhân|thành công của|của|lần thứ|chỉ thị|các phong trào|phong trào)"
                      r"\s+(?:\S+\s+){0,2}$")
# After the head: the event took or will take place ('Đại hội … sẽ tổ chức vào ngày…', 'Ngày hội không chỉ là…').
_HAPPENS = lower_re(r"^[^.;:]{0,120}?(?<![\w'])(?:sẽ được tổ chức|sẽ tổ chức|dự kiến tổ chức|được tổ chức|sẽ diễn ra|đã diễn ra|"
                    r"diễn ra|kết thúc|thu hút|không chỉ là|là dịp|là sân chơi|còn là|tiến hành)(?![\w'])")
_AFTER_DATE = lower_re(r"(?<![\w'])vào\s+$")
_PLANNED = lower_re(r"(?<![\w'])(?:sẽ|dự kiến|theo kế hoạch|chuẩn bị)(?![\w'])")
_NAME_STOP = lower_re(r" tại | cho | với | nhằm | chào mừng | thu hút | nhân dịp | để | và (?:trao|tặng|vận động|bầu)|[,.;:(]")
_VERB = lower_re(r"(?<![\w'])(?:tổ chức|phối hợp)(?![\w'])")
_TAI = lower_re(r"(?<![\w'])tại\s+")
_COUNT = lower_re(r"(?<![\w.,])(?:(hơn|gần|khoảng|trên|tới|gần)\s+)?(\d{1,3}(?:\.\d{3})+|\d+)\s+(" +
                  "|".join(re.escape(lower_shadow(n)) for n in PARTICIPANT_NOUNS) + r")(?!\w)")
_NOT_ATTENDANCE = lower_re(r"(đại diện cho|tuyên dương|khen thưởng|biểu dương|trao|tặng|giúp|hỗ trợ|thành lập|vận động)"
                           r"\s*(hơn|gần|khoảng|trên)?\s*$")
_ATTENDANCE_CUES = lower_re(r"(?<!\w)(dự|có mặt|tham gia|gồm|tham dự)(?!\w)")


@dataclass
class EventMention:
    """One event and what the article says about it (the date may be missing: the event is still reported)."""

    kind: str
    kind_start: int
    name_end: int
    sentence: Span
    date: DateMention | None
    rule: str
    status: str = "held"
    organizer: OrgMention | None = None
    place_span: tuple[int, int] | None = None
    unit: UnitRecord | None = None
    place_rule: str | None = None
    participants: int | None = None
    participants_span: tuple[int, int] | None = None

    @property
    def day(self) -> date | None:
        return self.date.day if self.date is not None else None

    def name(self, doc: Document) -> str:
        return doc.text[self.kind_start:self.name_end].strip()


def _kind(doc: Document, start: int, head_end: int, limit: int) -> tuple[str, int, int]:
    """The kind of the phrase a head opens (most specific head inside it wins) and where the phrase ends."""
    stop = _NAME_STOP.search(doc.lower, head_end, limit)
    end = stop.start() if stop else limit
    found = [(_BY_HEAD[m.group(1)][1], m.start(), _BY_HEAD[m.group(1)][0]) for m in _HEAD_PATTERN.finditer(doc.lower, start, end)]
    rank, _, kind = min(found)
    return kind, end, rank


def _context(doc: Document, sentence: Span, start: int, head_end: int, head: str, dated: bool, in_headline: bool) -> str | None:
    """Why this head is an event ('organised', 'referred', 'done', 'scheduled', 'headline', 'dated'), or None.

    Heads that are also ordinary words ('kỷ niệm', 'tặng quà', 'giao lưu'…) count only when organised, or for
    'lễ' / 'mít tinh' when referred to ('Tại buổi lễ').
    """
    before = doc.lower[max(sentence.start, start - 60):start]
    if _NOT_EVENT.search(before):
        return None
    if _ORGANISED.search(before):
        return "organised"
    weak = head in _WEAK
    if _REFERENCE.search(before) and (not weak or head in ("lễ", "mít tinh")):
        return "referred"
    if weak:
        return None
    if _DONE.search(before):
        return "done"
    if _HAPPENS.search(doc.lower[head_end:sentence.end]):
        return "scheduled"
    if in_headline:
        return "headline"
    if dated:
        return "dated"
    return None


def _date_for(doc: Document, dates: list[DateMention], sentence: Span, start: int) -> DateMention | None:
    """The date that governs a head: the last one before it in its sentence, else one after it introduced by
    'vào' with no other head between ('Đại hội … sẽ diễn ra vào ngày 6/7/2021')."""
    before = [d for d in dates if sentence.start <= d.start < start]
    if before:
        return before[-1]
    for mention in dates:
        introduced = doc.lower.startswith("vào", mention.start) or _AFTER_DATE.search(doc.lower[max(start, mention.start - 8):mention.start])
        if start < mention.start < sentence.end and introduced:
            heads = [m for m in _HEAD_PATTERN.finditer(doc.lower, start + 1, mention.start)]
            return mention if len(heads) <= 1 else None
    return None


def find_events(doc: Document, dates: list[DateMention], headline: Span | None, skip: list[tuple[int, int]]) -> list[EventMention]:
    """Every reported event, one per kind and date; undated mentions join a dated event of their kind."""
    found: list[EventMention] = []
    covered = -1
    for match in _HEAD_PATTERN.finditer(doc.lower):
        if match.start() < covered or any(s <= match.start() < e for s, e in skip) or _quoted(doc, match.start()):
            continue
        sentence = doc.sentence_at(match.start())
        if sentence is None:
            continue
        in_headline = headline is not None and headline.start <= match.start() < headline.end
        when = _date_for(doc, dates, sentence, match.start())
        kind, end, _ = _kind(doc, match.start(), match.end(), max(sentence.end, match.end()))
        why = _context(doc, sentence, match.start(), match.end(), match.group(1), when is not None, in_headline)
        if why is None:
            continue
        covered = end
        status = "planned" if _PLANNED.search(doc.lower, sentence.start, end + 40) else "held"
        found.append(EventMention(kind, match.start(), end, sentence, when, f"event.{why}", status))
    body = [d for d in dates if headline is None or d.start >= headline.end]
    lead = body[0] if body and doc.sentence_at(body[0].start) == _first_body_sentence(doc, headline, skip) else None
    return _merge(found, lead)


def _first_body_sentence(doc: Document, headline: Span | None, skip: list[tuple[int, int]]) -> Span | None:
    for sentence in doc.sentences:
        if (headline is not None and sentence.start < headline.end) or any(s <= sentence.start < e for s, e in skip):
            continue
        if len(sentence.text) > 40:
            return sentence
    return None


def _quoted(doc: Document, index: int) -> bool:
    """A head inside quotes is a name's word ('“Ngày hội …”' as a title), not an event of its own."""
    line_start = doc.text.rfind("\n", 0, index) + 1
    before = doc.text[line_start:index]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


_GENERIC = frozenset({"Ceremony", "Conference"})


def _merge(found: list[EventMention], lead: DateMention | None) -> list[EventMention]:
    """One event per kind and date; undated mentions join a dated one of their kind; a generic undated mention
    ('Tại buổi lễ', 'Dự hội nghị') is the article's other event when there is one; the lead's date, when no event
    of its sentence took it, goes to the undated events (the article's day)."""
    dated: dict[tuple[str, date | None], EventMention] = {}
    out: list[EventMention] = []
    for event in found:
        if event.day is not None and (event.kind, event.day) not in dated:
            dated[(event.kind, event.day)] = event
            out.append(event)
    undated: list[EventMention] = []
    for event in found:
        if event.day is None and not any(e.kind == event.kind for e in out + undated):
            undated.append(event)
    specific = [e for e in out + undated if e.kind not in _GENERIC]
    undated = [e for e in undated if e.kind not in _GENERIC or not specific or e.rule == "event.organised"]
    if lead is not None and lead.day is not None and not any(e.day == lead.day for e in out):
        for event in undated:
            if event.rule != "event.scheduled" and (event.kind, lead.day) not in dated:
                event.date = lead
                dated[(event.kind, lead.day)] = event
    return sorted(out + undated, key=lambda e: e.kind_start)


def _phrase_end(doc: Document, start: int, limit: int) -> int:
    match = re.search(r"[,.;:]|\s(?:tổ chức|phối hợp)\s", doc.text[start:limit])
    return start + match.start() if match else limit


def attach(doc: Document, event: EventMention, orgs: list[OrgMention], places: list[PlaceMention],
           headline: Span | None, others: list[EventMention]) -> None:
    """Organiser, place and participant count of one event."""
    sentence = event.sentence
    tai_phrases = [(m.start(), m.end(), _phrase_end(doc, m.end(), sentence.end)) for m in _TAI.finditer(doc.lower, sentence.start, sentence.end)]
    verb = _VERB.search(doc.lower, event.date.end if event.date is not None and event.date.end < event.kind_start else sentence.start,
                        event.kind_start)
    organiser_limit = verb.start() if verb else event.kind_start
    lower = event.date.end if event.date is not None and event.date.end <= organiser_limit else sentence.start
    candidates = [o for o in orgs if lower <= o.start < organiser_limit and not any(s <= o.start < e for s, _, e in tai_phrases)
                  and o.kind in ("union", "central", "branch", "government", "party", "council")]
    if candidates:
        event.organizer = candidates[0]
    for _, phrase_start, phrase_end in tai_phrases:
        unit = _unit_in(phrase_start, phrase_end, orgs, places)
        if unit is not None:
            event.unit, event.place_span, event.place_rule = unit, (phrase_start, phrase_end), "event.place.tai"
            break
    if event.unit is None and headline is not None:
        for match in _TAI.finditer(doc.lower, headline.start, headline.end):
            end = _phrase_end(doc, match.end(), headline.end)
            unit = _unit_in(match.end(), end, orgs, places)
            if unit is not None:
                event.unit, event.place_span, event.place_rule = unit, (match.end(), end), "event.place.headline"
                break
    if event.unit is None and event.organizer is not None and event.organizer.unit is not None:
        event.unit, event.place_rule = event.organizer.unit, "event.place.organizer"
    _count(doc, event, others)


def _unit_in(start: int, end: int, orgs: list[OrgMention], places: list[PlaceMention]) -> UnitRecord | None:
    inside = [p.unit or p.parent for p in places if start <= p.start < end and (p.unit or p.parent) is not None]
    if inside:
        return inside[0]
    for org in orgs:
        if start <= org.start < end and org.unit is not None:
            return org.unit
    return None


def _count(doc: Document, event: EventMention, others: list[EventMention]) -> None:
    """The first attendance count in the event sentence or the attendance sentences right after it."""
    line = doc.line_at(event.sentence.start)
    if line is None:
        return
    index = doc.lines.index(line)
    limit = doc.lines[index + 1].end if index + 1 < len(doc.lines) else line.end
    later = [o.sentence.start for o in others if o.sentence.start > event.sentence.start]
    if later:
        limit = min(limit, min(later))
    for sentence in doc.sentences:
        if sentence.start < event.sentence.start or sentence.start >= limit:
            continue
        is_event = sentence.start == event.sentence.start
        if not is_event and not _ATTENDANCE_CUES.search(doc.lower, sentence.start, sentence.end):
            continue
        begin = event.kind_start if is_event else sentence.start
        for match in _COUNT.finditer(doc.lower, begin, sentence.end):
            if _NOT_ATTENDANCE.search(doc.lower[max(sentence.start, match.start() - 20):match.start()]):
                continue
            event.participants = int(match.group(2).replace(".", ""))
            event.participants_span = (match.start(), match.end())
            return

