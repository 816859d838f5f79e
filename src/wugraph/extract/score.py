"""Precision and recall per field of summaries against gold files in the same JSON shape.

Items are compared as sets per article and counts are summed over articles (micro-average).
Texts are compared by `canonical` (folded, abbreviations expanded: PCT = Phó Chủ tịch, LHPN =
Liên hiệp Phụ nữ), places by GSO code. Fields:
- persons.name; persons.name+position (a missing title counts as a value of its own);
  persons.organization (name and organisation, one containing the other).
- models.name; models.units (model and unit, by unit name key).
- events.date; events.type (kind and date); events.unit, events.participants, events.organizer
  (each paired with the event's date).
- places.link (the set of linked GSO codes); organizations (level and code).
- article.date, article.author.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..text import name_key
from .normalize import canonical

TARGET_FIELDS = ("persons.name", "persons.name+position", "models.name", "events.date", "places.link")
_ORG_WORDS = ("hoi lien hiep phu nu", "hoi phu nu", "uy ban nhan dan", "hoi dong nhan dan", "dang uy", "chi hoi phu nu")


@dataclass
class Tally:
    """True positives, predicted and gold counts of one field."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.tp += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)


@dataclass
class Scores:
    """Tallies by field, plus the misses of each article for inspection."""

    fields: dict[str, Tally] = field(default_factory=dict)
    misses: list[tuple[str, str, list[Any], list[Any]]] = field(default_factory=list)
    averages: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, article: str, name: str, predicted: Iterable[Any], gold: Iterable[Any]) -> None:
        p, g = set(predicted), set(gold)
        self.fields.setdefault(name, Tally()).add(p, g)
        if p != g:
            self.misses.append((article, name, sorted(map(str, p - g)), sorted(map(str, g - p))))

    def average(self, article: str, name: str, value: float) -> None:
        """A per-item figure (a title's token-F1) whose mean is reported."""
        self.averages.setdefault(name, []).append(value)
        if value < 1.0:
            self.misses.append((article, name, [f"{value:.2f}"], []))

    def count(self, article: str, name: str, value: int) -> None:
        """A count that should stay at zero (programme names output as models)."""
        self.counts[name] = self.counts.get(name, 0) + value
        if value:
            self.misses.append((article, name, [str(value)], []))


def _c(value: str | None) -> str:
    return canonical(value) if value else "∅"


def _unit_key(text: str) -> str:
    key = canonical(text)
    for word in _ORG_WORDS:
        key = key.replace(word, " ")
    return name_key(key)


def _lenient_pairs(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Predicted pairs rewritten to the gold pair they match when the second texts contain each other."""
    out = set()
    for name, value in predicted:
        match = next((g for g in gold if g[0] == name and (value == g[1] or (value != "∅" and g[1] != "∅"
                      and (value in g[1] or g[1] in value)))), None)
        out.add(match or (name, value))
    return out


def score_article(scores: Scores, article: str, predicted: Mapping[str, Any], gold: Mapping[str, Any]) -> None:
    """Add one article's comparisons to `scores`."""
    pa, ga = predicted["article"], gold["article"]
    scores.add(article, "article.date", [pa["date"]] if pa["date"] else [], [ga["date"]] if ga["date"] else [])
    scores.add(article, "article.author", [_c(pa["author"])] if pa["author"] else [], [_c(ga["author"])] if ga["author"] else [])
    scores.add(article, "persons.name", {_c(p["name"]) for p in predicted["persons"]}, {_c(p["name"]) for p in gold["persons"]})
    scores.add(article, "persons.name+position", {(_c(p["name"]), _c(p["position_text"])) for p in predicted["persons"]},
               {(_c(p["name"]), _c(p["position_text"])) for p in gold["persons"]})
    gold_orgs = {(_c(p["name"]), _c(p["organization_text"])) for p in gold["persons"]}
    scores.add(article, "persons.organization",
               _lenient_pairs({(_c(p["name"]), _c(p["organization_text"])) for p in predicted["persons"]}, gold_orgs), gold_orgs)
    scores.add(article, "models.name", {_c(m["name"]) for m in predicted["models"]}, {_c(m["name"]) for m in gold["models"]})
    scores.add(article, "models.units", {(_c(m["name"]), _unit_key(u)) for m in predicted["models"] for u in m["units_text"]},
               {(_c(m["name"]), _unit_key(u)) for m in gold["models"] for u in m["units_text"]})
    scores.add(article, "events.date", {e["date"] for e in predicted["events"] if e["date"]}, {e["date"] for e in gold["events"]})
    scores.add(article, "events.type", {(e["type"], e["date"]) for e in predicted["events"]}, {(e["type"], e["date"]) for e in gold["events"]})
    scores.add(article, "events.unit", {(e["date"], e["unit_code"]) for e in predicted["events"] if e["unit_code"]},
               {(e["date"], e["unit_code"]) for e in gold["events"] if e["unit_code"]})
    scores.add(article, "events.participants", {(e["date"], e["participants_count"]) for e in predicted["events"] if e["participants_count"] is not None},
               {(e["date"], e["participants_count"]) for e in gold["events"] if e["participants_count"] is not None})
    gold_organizers = {(e["date"], _c(e["organizer_text"])) for e in gold["events"] if e["organizer_text"]}
    scores.add(article, "events.organizer",
               _lenient_pairs({(e["date"], _c(e["organizer_text"])) for e in predicted["events"] if e["organizer_text"]}, gold_organizers),
               gold_organizers)
    scores.add(article, "places.link", {p["unit_code"] for p in predicted["places"] if p["unit_code"]},
               {p["unit_code"] for p in gold["places"] if p["unit_code"]})
    scores.add(article, "organizations", {(o["level"], o["unit_code"]) for o in predicted["organizations"] if o["unit_code"] or o["level"] == "central"},
               {(o["level"], o["unit_code"]) for o in gold["organizations"] if o["unit_code"] or o["level"] == "central"})


@dataclass(frozen=True)
class LabelledArticle:
    """An article file and its gold summary."""

    name: str
    path: Path
    gold: dict[str, Any]

    @property
    def held_out(self) -> bool:
        return self.name.startswith("h")


def labelled_set(folder: Path) -> list[LabelledArticle]:
    """Every article in `folder` that has a gold file next to it (NAME.json beside NAME.txt or NAME.html)."""
    out = []
    for gold_path in sorted(folder.glob("*.json")):
        sources = [p for p in folder.glob(gold_path.stem + ".*") if p.suffix in (".txt", ".html")]
        if sources:
            out.append(LabelledArticle(gold_path.stem, sources[0], json.loads(gold_path.read_text(encoding="utf-8"))))
    return out


def format_table(scores: Scores, title: str) -> str:
    """One line per field: precision, recall, counts; target fields marked."""
    lines = [f"{title}", f"  {'field':<24} {'precision':>9} {'recall':>7}   tp/pred/gold"]
    for name in sorted(scores.fields, key=lambda n: (n not in TARGET_FIELDS, n)):
        t = scores.fields[name]
        mark = "*" if name in TARGET_FIELDS else " "
        lines.append(f"{mark} {name:<24} {t.precision:>9.3f} {t.recall:>7.3f}   {t.tp}/{t.predicted}/{t.gold}")
    for name, values in sorted(scores.averages.items()):
        lines.append(f"  {name:<24} token-F1 {sum(values) / len(values) if values else 0.0:.3f} over {len(values)}")
    for name, value in sorted(scores.counts.items()):
        lines.append(f"  {name:<24} count {value}")
    return "\n".join(lines)
