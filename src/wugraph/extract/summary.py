"""An `Extraction` as the JSON summary the issue fixes, so results can be scored against gold files.

Top-level keys are article, events, persons, organizations, models and places (issue 7), then programmes
and adoptions (issues 20 and 16); each item has its fields plus `evidence` ({quote, start, end, rule}:
offsets into the article text the summary was made from), `spans` where it has parts a reviewer wants
highlighted (an event's trigger, date, place, organiser; a person's name, title, organisation; an
adoption's model, unit, date and source) and `confidence` (a fixed value per rule, lowered when part of
the item had to be inferred). The same person, organisation, model or place printed several times is one item.
"""

from __future__ import annotations

from typing import Any

from . import Extraction
from .normalize import canonical
from .orgs import OrgMention
from .persons import PersonMention

SUMMARY_KEYS = ("article", "events", "persons", "organizations", "models", "places", "programmes", "adoptions")
_EVENT_CONFIDENCE = {"event.organised": 0.85, "event.dated": 0.75, "event.done": 0.8, "event.referred": 0.7, "event.headline": 0.7,
                     "event.scheduled": 0.75}
_ORG_CONFIDENCE = {"named": 0.9, "implicit": 0.7, "central": 0.9, "branch": 0.7}


def evidence(ex: Extraction, start: int, end: int, rule: str) -> dict[str, Any]:
    return {"quote": ex.doc.text[start:end], "start": start, "end": end, "rule": rule}


def org_text(ex: Extraction, org: OrgMention | None) -> str | None:
    return None if org is None else org.body_text(ex.doc)


def person_groups(ex: Extraction) -> list[PersonMention]:
    """One mention per person: the one with a title and organisation, the most titles and the longest title as
    written (the guide's rule), else the first with a title, else the first."""
    groups: dict[str, list[PersonMention]] = {}
    for mention in ex.persons:
        groups.setdefault(canonical(mention.name(ex.doc)), []).append(mention)
    chosen = []
    for mentions in groups.values():
        ranked = sorted(mentions, key=lambda m: (not m.titles, m.org is None, -len(m.titles),
                                                 -len(m.full_title(ex.doc) or ""), m.start))
        chosen.append(ranked[0])
    return sorted(chosen, key=lambda m: min(x.start for x in ex.persons if canonical(x.name(ex.doc)) == canonical(m.name(ex.doc))))


def person_org(ex: Extraction, mention: PersonMention) -> tuple[OrgMention | None, bool]:
    """The organisation of a title: printed, or the organiser of the article's event for an office
    (Chủ tịch, Bí thư…) printed without one; a group's title (Tổ trưởng, Chủ nhiệm) names no organiser."""
    if mention.org is not None:
        return mention.org, False
    if mention.titles and all(t.role is not None for t in mention.titles):
        return ex.implicit_org(), True
    return None, False


def org_groups(ex: Extraction) -> list[OrgMention]:
    """Distinct organisations with a known level: one per (kind, unit), else per printed name."""
    seen: dict[tuple[str, str], OrgMention] = {}
    for org in ex.orgs:
        if org.level is None:
            continue
        key = (org.kind, org.unit.iri if org.unit is not None else canonical(org.body_text(ex.doc)))
        if org.kind == "central":
            key = ("central", "")
        current = seen.get(key)
        if current is None or (current.place is None and org.place is not None):
            seen[key] = org
    return sorted(seen.values(), key=lambda o: o.start)


def _article(ex: Extraction) -> dict[str, Any]:
    date_ev = evidence(ex, ex.dateline.span.start, ex.dateline.span.end, "article.dateline") if ex.dateline else None
    author = ex.author
    author_ev = evidence(ex, author.line.start, author.line.end, author.rule) if author else None
    names = [evidence(ex, s.start, s.end, author.rule) for s in author.name_spans or (author.name_span,)] if author else []
    return {"date": ex.published.isoformat() if ex.published else None, "author": author.name if author else None,
            "authors": list(author.names or (author.name,)) if author else [],
            "evidence": {"date": date_ev, "author": author_ev, "authors": names},
            "confidence": 0.95 if ex.dateline and author else 0.8 if ex.dateline or author else 0.0}


def _events(ex: Extraction) -> list[dict[str, Any]]:
    out = []
    for event in ex.events:
        confidence = _EVENT_CONFIDENCE[event.rule] - (0.1 if event.place_rule != "event.place.tai" else 0.0)
        rule = f"{event.rule}+{event.date.rule if event.date else 'date.none'}+{event.place_rule or 'event.place.none'}"
        place_text = ex.doc.text[event.place_span[0]:event.place_span[1]] if event.place_span else None
        out.append({
            "type": event.kind, "date": event.day.isoformat() if event.day else None, "status": event.status,
            "place_text": place_text, "unit_code": event.unit.code if event.unit else None,
            "organizer_text": event.organizer.text(ex.doc) if event.organizer else None,
            "participants_count": event.participants,
            "spans": {"trigger": [event.kind_start, event.name_end],
                      "date": [event.date.start, event.date.end] if event.date else None, "place": _span(event.place_span),
                      "organizer": [event.organizer.start, event.organizer.end] if event.organizer else None,
                      "participants": _span(event.participants_span)},
            "evidence": evidence(ex, event.sentence.start, event.sentence.end, rule),
            "confidence": round(max(confidence, 0.3), 2),
        })
    return out


def _positions(ex: Extraction, mention: PersonMention, org: OrgMention | None) -> list[dict[str, Any]]:
    """One office per title: the role (abbreviations expanded), its organisation as printed and that body's level."""
    out = []
    for title, own in mention.segments:
        body = own if own is not None else (org if len(mention.titles) == 1 else None)
        level = body.level if body is not None else title.level
        out.append({"role": title.text, "organization_text": org_text(ex, body), "level": level})
    return out


def _persons(ex: Extraction) -> list[dict[str, Any]]:
    out = []
    for mention in person_groups(ex):
        org, inferred = person_org(ex, mention)
        rule = mention.rule + ("+org.from-event-organizer" if inferred and org is not None else "")
        out.append({
            "name": mention.name(ex.doc), "position_text": mention.title_text(ex.doc), "organization_text": org_text(ex, org),
            "title_text": mention.full_title(ex.doc), "positions": _positions(ex, mention, org),
            "spans": {"name": [mention.name_start, mention.name_end],
                      "title": [mention.title_start, mention.chain.end if mention.chain else mention.title_end]
                      if mention.title_start is not None else None,
                      "organization": [org.start, org.end] if org is not None and not inferred else None},
            "evidence": evidence(ex, mention.start, mention.end, rule),
            "confidence": round(mention.confidence, 2),
        })
    return out


def _organizations(ex: Extraction) -> list[dict[str, Any]]:
    out = []
    for org in org_groups(ex):
        how = "central" if org.kind == "central" else "branch" if org.kind == "branch" else org.rule.rsplit(".", 1)[-1]
        out.append({
            "name_text": org.body_text(ex.doc), "kind": org.kind, "level": org.level, "unit_code": org.unit.code if org.unit else None,
            "evidence": evidence(ex, org.start, org.end, org.rule),
            "confidence": _ORG_CONFIDENCE.get(how, 0.7) if org.unit is not None or org.kind == "central" else 0.4,
        })
    return out


def _models(ex: Extraction) -> list[dict[str, Any]]:
    return [{"name": m.name, "units_text": [u.text for u in m.units],
             "written": m.written, "model_type": m.model_type, "action": m.action,
             "spans": {"mentions": [list(span) for span in m.mentions], "units": [[u.start, u.end] for u in m.units]},
             "unit_codes": sorted({u.unit.code for u in m.units if u.unit is not None}),
             "evidence": evidence(ex, m.start, m.end, m.rule + "".join(sorted({"+" + u.rule for u in m.units}))),
             "confidence": 0.9 if m.rule == "model.quoted" else 0.75} for m in ex.models]


def _programmes(ex: Extraction) -> list[dict[str, Any]]:
    return [{"name": p.name, "kind": p.kind, "evidence": evidence(ex, p.start, p.end, p.rule), "confidence": 0.8}
            for p in ex.programmes]


def _span(value: tuple[int, int] | None) -> list[int] | None:
    return list(value) if value else None


def _adoptions(ex: Extraction) -> list[dict[str, Any]]:
    """Candidate adoptions (issue 16): model, unit, kind, date and precision, learned_from, each part's span."""
    out = []
    for a in ex.adoptions:
        out.append({
            "model": a.model.name, "unit_text": a.unit_text, "unit_code": a.unit.code if a.unit else None,
            "village": a.village, "kind": a.kind, "date": a.date_text, "date_precision": a.precision,
            "learned_from": a.learned_text, "learned_from_code": a.learned_from.code if a.learned_from else None,
            "spans": {"model": _span(a.model_span), "unit": _span(a.unit_span), "date": _span(a.date_span),
                      "learned_from": _span(a.learned_span)},
            "evidence": evidence(ex, a.sentence.start, a.sentence.end, a.rule),
            "confidence": round(0.8 - (0.2 if a.unit is None else 0.0) - (0.1 if a.day is None else 0.0), 2),
        })
    return out


_PLACE_LEVELS = {"Province": "province", "District": "district", "Commune": "commune", "Village": "village"}


def _places(ex: Extraction) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for place in ex.places:
        name = canonical(ex.doc.text[place.name_start:place.end])
        key = place.unit.iri if place.unit is not None else ("v:" if place.level == "Village" else "?") + name
        if key in seen:
            continue
        seen.add(key)
        rule = place.rule + ("" if place.unit is not None or place.level == "Village" else f"+unresolved({place.note})")
        level = _PLACE_LEVELS.get(place.unit.level if place.unit else place.level or "", None)
        out.append({"text": ex.doc.text[place.start:place.end], "unit_code": place.unit.code if place.unit else None,
                    "level": level, "parent_code": place.parent.code if place.parent else None,
                    "evidence": evidence(ex, place.start, place.end, rule),
                    "confidence": (0.9 if place.type_word else 0.75) if place.unit is not None else
                    0.7 if place.level == "Village" else 0.3})
    return out


def to_summary(ex: Extraction) -> dict[str, Any]:
    """The issue's JSON shape, every item with evidence and confidence."""
    return {"article": _article(ex), "events": _events(ex), "persons": _persons(ex),
            "organizations": _organizations(ex), "models": _models(ex), "places": _places(ex),
            "programmes": _programmes(ex), "adoptions": _adoptions(ex)}
