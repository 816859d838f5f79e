"""Precision and recall per field against the development set's labels (data/articles, issue 20).

The labels (`labels/<id>.json`, shape and rules in `data/articles/GUIDE.md`) are committed; the page
texts live in the git-ignored `cache/`, so scoring reports "cache absent" when they are missing.
Fields follow GUIDE §11: each is a set of keys per article, micro-averaged over articles; the title
as written is a token-F1 averaged over gold persons with a title. Texts are compared by `canonical`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text import name_key
from .normalize import canonical
from .score import Scores

# The target per field: (precision, recall); a float alone is a token-F1 target.
TARGETS: dict[str, tuple[float, float] | float] = {
    "persons.name": (0.95, 0.92), "events.type": (0.90, 0.85), "events.date": (0.95, 0.85),
    "models.name": (0.90, 0.85), "places": (0.90, 0.85), "wu_organizations": (0.85, 0.85),
    "persons.title": 0.80, "bylines": (0.85, 0.80),
}
_VILLAGE_WORDS = ("to dan pho", "khu pho", "thon", "ap", "ban", "buon", "lang", "xom", "khoi", "to", "bon", "khu", "cum")
_BRANCH_HEAD = re.compile(r"^chi hoi(?: phu nu)?(?: (?:" + "|".join(_VILLAGE_WORDS) + r"))?\s*")
_ORG_WORDS = ("chi hoi phu nu", "chi hoi", "hoi lien hiep phu nu", "hoi phu nu", "uy ban nhan dan", "hoi dong nhan dan", "dang uy")


@dataclass(frozen=True)
class LabelledText:
    """One article of the development set: its id, split, label and cached text (None when absent)."""

    id: str
    split: str
    label: dict[str, Any]
    text: str | None
    province: str = ""


def load_labels(folder: Path) -> list[LabelledText]:
    """Every labelled article of `folder` (index.csv, labels/, cache/), in index order."""
    index = folder / "index.csv"
    if not index.exists():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        label_path = folder / "labels" / f"{row['id']}.json"
        if not label_path.exists():
            continue
        cached = folder / "cache" / f"{row['id']}.txt"
        text = cached.read_text(encoding="utf-8") if cached.exists() else None
        out.append(LabelledText(row["id"], row.get("split") or "dev", json.loads(label_path.read_text(encoding="utf-8")), text,
                                row.get("province") or ""))
    return out


def _c(value: str | None) -> str:
    return canonical(value) if value else "∅"


def village_key(text: str) -> str:
    """'thôn Trung Mỹ', 'Trung Mỹ' and 'chi hội thôn Trung Mỹ' → 'trung my'."""
    key = _BRANCH_HEAD.sub("", canonical(text))
    for word in _VILLAGE_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1:]
    return key


def _without_org_words(text: str) -> str:
    key = f" {canonical(text)} "
    for word in _ORG_WORDS:
        key = key.replace(f" {word} ", " ")
    return " ".join(key.split())


def unit_key(text: str) -> str:
    """An organisation or place name without its organisation words ('Hội LHPN xã Văn Xá' → 'vanxa')."""
    return name_key(_without_org_words(text))


def tokens(text: str | None) -> list[str]:
    return canonical(text).split() if text else []


def token_f1(predicted: str | None, gold: str | None) -> float:
    """Token-F1 of two titles after folding and abbreviation expansion (a multiset overlap)."""
    p, g = tokens(predicted), tokens(gold)
    if not p or not g:
        return 0.0
    common = 0
    pool = list(g)
    for token in p:
        if token in pool:
            pool.remove(token)
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _titles(scores: Scores, article: str, predicted: list[Mapping[str, Any]], gold: list[Mapping[str, Any]]) -> None:
    by_name = {_c(p["name"]): p.get("title_text") for p in predicted}
    for person in gold:
        if not person.get("title_text"):
            continue
        guess = by_name.get(_c(person["name"]))
        scores.average(article, "persons.title", token_f1(guess, person["title_text"]))
        shared = person.get("shared_title_text")
        full = f"{shared}, {person['title_text']}" if shared else person["title_text"]
        scores.average(article, "persons.title+shared", token_f1(guess, full))


def _event_keys(events: Iterable[Mapping[str, Any]]) -> set[tuple[str, str | None]]:
    return {(e["type"], e.get("date")) for e in events}


def _wu_org_keys(orgs: Iterable[Mapping[str, Any]]) -> set[tuple[str, str | None]]:
    out: set[tuple[str, str | None]] = set()
    for org in orgs:
        if org["level"] == "branch":
            out.add(("branch", village_key(org["name_text"])))
        elif org["level"] == "central":
            out.add(("central", None))
        elif org.get("unit_code"):
            out.add((org["level"], org["unit_code"]))
    return out


def _place_keys(places: Iterable[Mapping[str, Any]]) -> tuple[set[str], set[tuple[str, str | None]]]:
    linked, villages = set(), set()
    for place in places:
        if place.get("level") == "village":
            villages.add((village_key(place["text"]), place.get("parent_code")))
        elif place.get("unit_code"):
            linked.add(place["unit_code"])
    return linked, villages


def _lenient(predicted: set[tuple[Any, str]], gold: set[tuple[Any, str]]) -> set[tuple[Any, str]]:
    """Predicted (key, text) pairs rewritten to the gold pair whose text contains theirs or is contained in it."""
    out = set()
    for key, value in predicted:
        match = next((g for g in gold if g[0] == key and (value in g[1] or g[1] in value)), None)
        out.add(match or (key, value))
    return out


def score_labelled(scores: Scores, article: str, summary: Mapping[str, Any], label: Mapping[str, Any]) -> None:
    """Add one article's comparisons (summary of `wugraph extract` against its label) to `scores`."""
    pa, ga = summary["article"], label["article"]
    scores.add(article, "article.date", [pa["date"]] if pa["date"] else [], [ga["date"]] if ga["date"] else [])
    scores.add(article, "bylines", {_c(a) for a in pa.get("authors", [])}, {_c(a) for a in ga["authors"]})
    persons, gold_persons = summary["persons"], label["persons"]
    scores.add(article, "persons.name", {_c(p["name"]) for p in persons}, {_c(p["name"]) for p in gold_persons})
    _titles(scores, article, persons, gold_persons)
    scores.add(article, "persons.positions",
               {(_c(p["name"]), _c(q["role"]), q["level"]) for p in persons for q in p.get("positions", [])},
               {(_c(p["name"]), _c(q["role"]), q["level"]) for p in gold_persons for q in p["positions"]})
    events, gold_events = summary["events"], label["events"]
    scores.add(article, "events.type", _event_keys(events), _event_keys(gold_events))
    scores.add(article, "events.date", {e["date"] for e in events if e["date"]}, {e["date"] for e in gold_events if e["date"]})
    scores.add(article, "events.unit", {(e["date"], e["unit_code"]) for e in events if e["unit_code"]},
               {(e["date"], e["unit_code"]) for e in gold_events if e["unit_code"]})
    scores.add(article, "events.participants",
               {(e["date"], e["participants_count"]) for e in events if e["participants_count"] is not None},
               {(e["date"], e["participants_count"]) for e in gold_events if e["participants_count"] is not None})
    gold_organizers = {(e["date"], _c(e["organizer_text"])) for e in gold_events if e["organizer_text"]}
    scores.add(article, "events.organizer",
               _lenient({(e["date"], _c(e["organizer_text"])) for e in events if e["organizer_text"]}, gold_organizers),
               gold_organizers)
    linked, villages = _place_keys(summary["places"])
    gold_linked, gold_villages = _place_keys(label["places"])
    scores.add(article, "places.link", linked, gold_linked)
    scores.add(article, "places.village", villages, gold_villages)
    scores.add(article, "places", linked | {v[0] for v in villages}, gold_linked | {v[0] for v in gold_villages})
    wu_orgs = [o for o in summary["organizations"] if o.get("kind", "union") in ("union", "central", "branch")]
    scores.add(article, "wu_organizations", _wu_org_keys(wu_orgs), _wu_org_keys(label["wu_organizations"]))
    models, gold_models = summary["models"], label["models"]
    scores.add(article, "models.name", {_c(m["name"]) for m in models}, {_c(m["name"]) for m in gold_models})
    scores.add(article, "models.units", {(_c(m["name"]), unit_key(u)) for m in models for u in m["units_text"]},
               {(_c(m["name"]), unit_key(u)) for m in gold_models for u in m["units_text"]})
    programmes, gold_programmes = summary.get("programmes", []), label["programmes"]
    scores.add(article, "programmes", {_c(p["name"]) for p in programmes}, {_c(p["name"]) for p in gold_programmes})
    gold_programme_names = {_c(p["name"]) for p in gold_programmes}
    scores.count(article, "programme-as-model", sum(_c(m["name"]) in gold_programme_names for m in models))
    scores.add(article, "adoptions", {_adoption_key(a) for a in summary.get("adoptions", [])},
               {_adoption_key(a) for a in label["adoptions"]})


def _adoption_key(adoption: Mapping[str, Any]) -> tuple[str, str, str]:
    unit = adoption.get("unit_code") or name_key(village_key(_without_org_words(adoption.get("unit_text") or "")))
    return _c(adoption["model"]), unit, adoption["kind"]


def target_line(scores: Scores) -> str:
    """One line per issue target: the figure and whether it is met."""
    lines = []
    for name, target in TARGETS.items():
        if isinstance(target, float):
            values = scores.averages.get(name, [])
            value = sum(values) / len(values) if values else 0.0
            lines.append(f"  {name:<20} token-F1 {value:.3f} (target {target:.2f}) {'met' if value >= target else 'not met'}")
            continue
        tally = scores.fields.get(name)
        if tally is None:
            continue
        met = tally.precision >= target[0] and tally.recall >= target[1]
        lines.append(f"  {name:<20} P {tally.precision:.3f} R {tally.recall:.3f} (target {target[0]:.2f}/{target[1]:.2f}) "
                     f"{'met' if met else 'not met'}")
    return "\n".join(lines)
