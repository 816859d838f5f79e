"""Events: a kind word (diễn đàn, hội nghị, tập huấn, ra mắt, lễ…) after a day word in one sentence.

The kind is read in the phrase the organising verb governs ("tổ chức Hội nghị tập huấn…" is a
training, "lễ ra mắt CLB" a launch). The organiser is the organisation printed before the verb;
the place is the first "tại …" phrase that names a unit, else a "tại …" in a headline about the same
kind of event, else the organiser's unit. The participant count is the first "N đại biểu / cán bộ /
hội viên…" in the event sentence or in an attendance sentence ("Tham dự có…", "Đoàn gồm…") that
follows it, never a membership total ("đại diện cho hơn 900 hội viên") or a club's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reference.gazetteer import UnitRecord
from .dates import DateMention
from .normalize import Document, Span
from .orgs import OrgMention
from .patterns import EVENT_KINDS, PARTICIPANT_NOUNS, lower_shadow, match_word
from .places import PlaceMention

_VERB = re.compile(r"(?<!\w)tổ chức(?!\w)")
_TAI = re.compile(r"(?<!\w)tại\s+")
_NAME_STOP = re.compile(r" tại | cho | với | nhằm | chào mừng | thu hút | nhân dịp | để |[,.;:(]")
_COUNT = re.compile(r"(?<![\w.,])(?:(hơn|gần|khoảng|trên|tới|gần)\s+)?(\d{1,3}(?:\.\d{3})+|\d+)\s+(" +
                    "|".join(re.escape(lower_shadow(n)) for n in PARTICIPANT_NOUNS) + r")(?!\w)")
_NOT_ATTENDANCE = re.compile(r"(đại diện cho|tuyên dương|khen thưởng|biểu dương|trao|tặng|giúp|hỗ trợ|thành lập|vận động)\s*(hơn|gần|khoảng|trên)?\s*$")
_ATTENDANCE_CUES = re.compile(r"(?<!\w)(dự|có mặt|tham gia|gồm)(?!\w)")
_KIND_KEYS = [(lower_shadow(k), c) for k, c in EVENT_KINDS]


@dataclass
class EventMention:
    """One dated event and what the article says about it."""

    kind: str
    kind_start: int
    name_end: int
    sentence: Span
    date: DateMention
    rule: str
    organizer: OrgMention | None = None
    place_span: tuple[int, int] | None = None
    unit: UnitRecord | None = None
    place_rule: str | None = None
    participants: int | None = None
    participants_span: tuple[int, int] | None = None

    def name(self, doc: Document) -> str:
        return doc.text[self.kind_start:self.name_end].strip()


def _kind_in(doc: Document, start: int, end: int) -> tuple[int, str] | None:
    """Where the first kind word of a stretch starts, and the kind of the phrase it opens.

    The phrase runs to the next stop word ("tại", "cho", a comma...); inside it the earliest-listed
    kind wins, so "Hội nghị tập huấn" is a training and "Lễ ra mắt" a launch.
    """
    def kinds(lo: int, hi: int) -> list[tuple[int, int, str]]:
        found = []
        for rank, (key, concept) in enumerate(_KIND_KEYS):
            for match in re.finditer(re.escape(key), doc.lower[lo:hi]):
                if match_word(doc, lo + match.start(), key) is not None:
                    found.append((rank, lo + match.start(), concept))
        return found

    first = kinds(start, end)
    if not first:
        return None
    opening = min(index for _, index, _ in first)
    stop = _NAME_STOP.search(doc.lower, opening + 1, max(end, opening + 1))
    phrase = kinds(opening, stop.start() if stop else end) or first
    return opening, min(phrase)[2]


def find_triggers(doc: Document, dates: list[DateMention], skip: tuple[int, int] | None = None) -> list[EventMention]:
    """Sentences with a day word followed by an event kind: one event per sentence."""
    out: list[EventMention] = []
    seen: set[tuple[str, object]] = set()
    for sentence in doc.sentences:
        if skip and skip[0] <= sentence.start < skip[1]:
            continue
        inside = [d for d in dates if sentence.start <= d.start < sentence.end]
        if not inside:
            continue
        first = inside[0]
        verb = _VERB.search(doc.lower, first.end, sentence.end)
        phrase_start = verb.end() if verb else first.end
        kind = _kind_in(doc, phrase_start, min(sentence.end, phrase_start + 80))
        if kind is None:
            continue
        kind_start, concept = kind
        stop = _NAME_STOP.search(doc.lower, kind_start + 1, sentence.end)
        name_end = stop.start() if stop else sentence.end
        if (concept, first.day) in seen:
            continue
        seen.add((concept, first.day))
        rule = "event.verb-kind" if verb else "event.date-kind"
        out.append(EventMention(concept, kind_start, name_end, sentence, first, rule))
    return out


def _phrase_end(doc: Document, start: int, limit: int) -> int:
    match = re.search(r"[,.;:]|\s(?:tổ chức|phối hợp)\s", doc.text[start:limit])
    return start + match.start() if match else limit


def attach(doc: Document, event: EventMention, orgs: list[OrgMention], places: list[PlaceMention],
           headline: Span | None, others: list[EventMention]) -> None:
    """Organiser, place and participant count of one event."""
    sentence = event.sentence
    tai_phrases = []
    for match in _TAI.finditer(doc.lower, sentence.start, sentence.end):
        tai_phrases.append((match.start(), match.end(), _phrase_end(doc, match.end(), sentence.end)))
    verb = _VERB.search(doc.lower, event.date.end, sentence.end)
    organiser_limit = verb.start() if verb and verb.start() < event.kind_start else event.kind_start
    for org in orgs:
        in_tai = any(s <= org.start < e for s, _, e in tai_phrases)
        if event.date.end <= org.start < organiser_limit and not in_tai:
            event.organizer = org
            break
    for _, phrase_start, phrase_end in tai_phrases:
        unit = _unit_in(phrase_start, phrase_end, orgs, places)
        if unit is not None:
            event.unit, event.place_span, event.place_rule = unit, (phrase_start, phrase_end), "event.place.tai"
            break
    headline_kind = _kind_in(doc, headline.start, headline.end) if headline is not None else None
    if event.unit is None and headline is not None and headline_kind is not None and headline_kind[1] == event.kind:
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
    for place in places:
        if start <= place.start < end and place.unit is not None:
            return place.unit
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
