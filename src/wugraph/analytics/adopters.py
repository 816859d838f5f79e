"""Who adopts first: adoption order, innovativeness (leaders and laggards), candidates, overlap of two models."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .records import AdoptionRecord, SpreadContext, effective_intervals

# --- adopter order and innovativeness ------------------------------------------------------------

ROGERS = ((0.025, "innovator"), (0.16, "early_adopter"), (0.5, "early_majority"), (0.84, "late_majority"), (1.01, "laggard"))


def normalised_order(first: Mapping[str, AdoptionRecord]) -> dict[str, float]:
    """Chapter → 0 (first adopter) … 1 (last), ties sharing their mean rank."""
    ordered = sorted(first.items(), key=lambda kv: kv[1].day)
    n = len(ordered)
    if n == 1:
        return {ordered[0][0]: 0.0}
    out: dict[str, float] = {}
    i = 0
    while i < n:
        j = i
        while j + 1 < n and ordered[j + 1][1].day == ordered[i][1].day:
            j += 1
        mean_rank = (i + j) / 2
        for k in range(i, j + 1):
            out[ordered[k][0]] = mean_rank / (n - 1)
        i = j + 1
    return out


def adopter_category(position: float) -> str:
    """Rogers' adopter category for a normalised order (share of adopters who came before)."""
    return next(name for limit, name in ROGERS if position <= limit)


@dataclass(frozen=True)
class ChapterScore:
    chapter: str
    models: int
    mean_order: float
    score: float  # 1 - mean normalised order: 1 = always first


@dataclass(frozen=True)
class Innovativeness:
    leaders: tuple[ChapterScore, ...]
    laggards: tuple[ChapterScore, ...]
    chapters_scored: int
    min_models: int


def innovativeness(orders: Iterable[Mapping[str, float]], min_models: int = 3, top: int = 25) -> Innovativeness:
    """Static innovativeness (mean normalised adoption order over models), leaders and laggards."""
    totals: dict[str, list[float]] = {}
    for order in orders:
        for chapter, value in order.items():
            totals.setdefault(chapter, []).append(value)
    scores = [ChapterScore(c, len(v), round(sum(v) / len(v), 4), round(1 - sum(v) / len(v), 4))
              for c, v in totals.items() if len(v) >= min_models]
    scores.sort(key=lambda s: (-s.score, -s.models, s.chapter))
    laggards = sorted(scores, key=lambda s: (s.score, -s.models, s.chapter))
    return Innovativeness(tuple(scores[:top]), tuple(laggards[:top]), len(scores), min_models)


# --- candidates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A chapter that has not adopted although most of its neighbours or cluster peers have."""

    chapter: str
    neighbours_adopted: int
    neighbours: int
    peers_adopted: int
    peers: int

    @property
    def share(self) -> float:
        shares = [a / n for a, n in ((self.neighbours_adopted, self.neighbours), (self.peers_adopted, self.peers)) if n]
        return max(shares, default=0.0)


def candidates(first: Mapping[str, AdoptionRecord], ctx: SpreadContext, level: str | None, on: date | None = None,
               limit: int = 200) -> list[Candidate]:
    """Chapters valid on `on` at the risk level, not adopters, where over half of neighbours or peers are."""
    on = on or ctx.data_end
    adopted = {c for c, (a, b) in effective_intervals(first, ctx, level).items() if a <= on <= b}
    out = []
    for chapter in ctx.at_level(level, on):
        if chapter in adopted:
            continue
        near = [n for n in ctx.neighbours.get(chapter, ()) if n in ctx.chapters and ctx.chapters[n].valid_on(on)]
        peers = [p for p in ctx.peers.get(chapter, ()) if p in ctx.chapters and ctx.chapters[p].valid_on(on)]
        candidate = Candidate(chapter, sum(n in adopted for n in near), len(near), sum(p in adopted for p in peers), len(peers))
        if candidate.share > 0.5:
            out.append(candidate)
    out.sort(key=lambda c: (-c.share, -(c.neighbours_adopted + c.peers_adopted), c.chapter))
    return out[:limit]


# --- two models side by side ---------------------------------------------------------------------


@dataclass(frozen=True)
class Overlap:
    """How two models' adopters overlap and which came first where both were adopted."""

    common: int
    only_a: int
    only_b: int
    jaccard: float
    a_first: int
    b_first: int
    same_day: int


def overlap(first_a: Mapping[str, AdoptionRecord], first_b: Mapping[str, AdoptionRecord]) -> Overlap:
    common = set(first_a) & set(first_b)
    union = set(first_a) | set(first_b)
    a_first = sum(first_a[c].day < first_b[c].day for c in common)
    b_first = sum(first_b[c].day < first_a[c].day for c in common)
    return Overlap(len(common), len(first_a) - len(common), len(first_b) - len(common),
                   round(len(common) / len(union), 4) if union else 0.0, a_first, b_first, len(common) - a_first - b_first)


def channel_mix(records: Sequence[AdoptionRecord]) -> dict[str, int]:
    """Replications per recorded channel ('' when none is recorded): directives versus voluntary spread."""
    return dict(Counter(r.channel or "" for r in records if r.kind == "Replication"))
