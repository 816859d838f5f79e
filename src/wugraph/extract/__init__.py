"""From a Vietnamese news article (plain text or HTML) to candidate facts with evidence.

`extract(raw, gazetteer)` runs deterministic rules in a fixed order — dateline, byline and the year from
context, dates, events, places (with the implicit province and era inferred), organisations, people,
villages, models and programmes, adoptions — and
returns an `Extraction` whose every item carries the rule that produced it and the character
offsets of its evidence in `Extraction.doc.text`. `summary.to_summary` turns it into the JSON the
issue specifies; `to_rdf.to_dataset` into a document graph ready for `wugraph ingest`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..reference.gazetteer import Gazetteer, gazetteer_for, gazetteer_from_lists
from .adoptions import AdoptionMention, find_adoptions
from .article import AuthorLine, find_author, find_headline
from .dates import Dateline, DateMention, find_dateline, find_dates
from .events import EventMention, attach, find_events
from .known import KnownNames
from .models import ModelMention, find_models
from .names import find_named
from .normalize import Document, Span
from .org_lists import branch_head
from .orgs import OrgFinder, OrgMention
from .persons import PersonFinder, PersonMention
from .places import PlaceFinder, PlaceMention
from .programmes import ProgrammeMention, find_programmes
from .villages import find_villages
from .years import YearContext, corpus_marker, year_context

VERSION = "0.2.0"  # 0.2: issue 20 (batches, no store, new event kinds, villages, adoptions)
EXTRACTOR_NAME = f"wugraph-extract {VERSION}"
def _branch_name_span(doc: Document, org: OrgMention) -> tuple[int, int]:
    """The name part of a branch mention ('chi hội Phụ nữ thôn Đại Thuận' → 'Đại Thuận')."""
    head = branch_head(doc, org.start)
    return (head, org.end) if head is not None else (org.end, org.end)


def day_of(events: list[EventMention], published: date | None, offset: int) -> date | None:
    """The day a mention refers to: its event's date, else the publication date, else the first event date."""
    for event in events:
        if event.sentence.start <= offset < event.sentence.end and event.day is not None:
            return event.day
    if published is not None:
        return published
    dated = [e.day for e in events if e.day is not None]
    return dated[0] if dated else None


@dataclass
class Extraction:
    """Everything found in one article, with the document its offsets refer to."""

    doc: Document
    doc_id: str
    dateline: Dateline | None
    author: AuthorLine | None
    headline: Span | None
    dates: list[DateMention]
    places: list[PlaceMention]
    orgs: list[OrgMention]
    persons: list[PersonMention]
    events: list[EventMention]
    models: list[ModelMention]
    finder: PlaceFinder
    programmes: list[ProgrammeMention]
    adoptions: list[AdoptionMention]
    published: date | None = None  # the dateline's day, else a corpus marker's, else the day given with the article
    year: YearContext | None = None  # where undated days take their year from, when nothing gives the publication day

    def implicit_org(self) -> OrgMention | None:
        """The organisation a title printed without one refers to: the organiser of the first event."""
        for event in self.events:
            if event.organizer is not None and event.organizer.unit is not None:
                return event.organizer
        return None


def extract(raw: str, gazetteer: Gazetteer, *, doc_id: str = "article", is_html: bool | None = None,
            published: date | None = None, known: KnownNames | None = None) -> Extraction:
    """Run every rule over one article; deterministic for the same text, gazetteer and known names.

    `published` is the publication day known from outside the text (a record's date), used when no dateline is
    printed; `known` holds the people a store already names.
    """
    doc = Document.from_source(raw, is_html)
    dateline = find_dateline(doc)
    author = find_author(doc, dateline)
    headline = find_headline(doc, dateline, author)
    marked, _ = corpus_marker(doc)
    published = dateline.day if dateline else marked or published
    context = None if published else year_context(doc, headline)
    dates = find_dates(doc, published, context.year if context else None)
    skip = [(s.start, s.end) for s in (dateline.span if dateline else None, author.line if author else None) if s is not None]
    triggers = find_events(doc, dates, headline, skip)
    finder = PlaceFinder(gazetteer, doc, lambda offset: day_of(triggers, published, offset))
    places = finder.find((headline.start, headline.end) if headline else None)
    finder.resolve_all(places)
    org_finder = OrgFinder(doc, finder, places)
    orgs = org_finder.find()
    places = sorted(places + org_finder.extra_places, key=lambda p: p.start)
    for org in orgs:
        org_finder.resolve(org, day_of(triggers, published, org.start))
    persons = PersonFinder(doc, orgs, places, known.spans(doc) if known else None).find()
    if author is not None:
        persons = [p for p in persons if not (author.line.start <= p.start < author.line.end)]
    for event in triggers:
        attach(doc, event, orgs, places, headline, triggers)
    branches = [(o.start, o.end) if o.rule == "org.branch.listed" else _branch_name_span(doc, o) for o in orgs if o.kind == "branch"]
    places = sorted(places + find_villages(doc, places, finder.focus_commune, branches), key=lambda p: p.start)
    named = find_named(doc)
    programmes = find_programmes(named)
    models = find_models(doc, places, orgs, named, {p.key for p in programmes})
    adoptions = find_adoptions(doc, gazetteer, models, places, orgs, dates, triggers)
    return Extraction(doc, doc_id, dateline, author, headline, dates, places, orgs, persons, triggers, models, finder,
                      programmes, adoptions, published, context)


__all__ = ["EXTRACTOR_NAME", "VERSION", "Extraction", "KnownNames", "extract", "gazetteer_for", "gazetteer_from_lists"]
