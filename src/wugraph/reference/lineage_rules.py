"""Pure rules of the 2025 commune lineage: reconcile the two pre-2025 lists, build successions, refuse bad input.

No I/O here, so tests can feed small hand-made inputs, `data/units/lineage.py` (the generator) can stay a
thin reader and writer, and `wugraph build` (reference.lineage) re-runs the same checks on the committed CSVs.
Every check collects all its problems and raises one LineageError.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

SHARE_TOLERANCE = 1e-4  # shares are written with 6 decimals; a district sums up to ~40 of them
TYPE_WORDS: tuple[str, ...] = ("Thị trấn", "Phường", "Xã", "Đặc khu")
_ABBREVIATED = re.compile(r"^(N\.?T\.?)\s+", re.IGNORECASE)  # 'Thị trấn NT Mộc Châu' = 'Nông trường Mộc Châu'


class LineageError(ValueError):
    """Inconsistent lineage input; `problems` lists every finding, the message names the first few."""

    def __init__(self, check: str, problems: list[str]) -> None:
        self.check, self.problems = check, problems
        shown = "\n  ".join(problems[:20]) + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        super().__init__(f"{check}: {len(problems)} problem(s)\n  {shown}")


def refuse(check: str, problems: list[str]) -> None:
    """Raise one LineageError naming every problem, if there is any."""
    if problems:
        raise LineageError(check, problems)


def fold(value: str) -> str:
    """Name key without diacritics, case, spaces or punctuation: 'Xã Đạ M'ri' → 'xadamri' (as the package keys)."""
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def split_type(name: str) -> tuple[str, str]:
    """('thị trấn', 'Nông trường Mộc Châu') from 'Thị trấn NT Mộc Châu': type word lower-cased, bare name expanded."""
    for word in TYPE_WORDS:
        if name.lower().startswith(word.lower() + " "):
            return word.lower(), _ABBREVIATED.sub("Nông trường ", name[len(word) + 1 :])
    return "", name


@dataclass(frozen=True)
class Unit:
    """A unit of one of our snapshots (units-0.6.0.csv, units-2026.9.0.csv)."""

    level: str
    code: str
    name: str
    parent_code: str


@dataclass(frozen=True)
class PackageCommune:
    """A pre-2025 commune of the package's list (GSO list of 2025-06-30), with former names it records."""

    code: str
    name: str
    district_code: str
    aliases: tuple[str, ...]  # folded former names, as the package keys them


@dataclass(frozen=True)
class Link:
    """One old → new step of the package's merge table; the source is a commune, or an island district."""

    source_level: str  # "commune" | "district"
    source: str
    new_code: str
    is_default: bool


@dataclass(frozen=True)
class Correction:
    """A reviewed fix to the package's merge table: drop a link, make it the primary one, or keep a flagged one."""

    old_code: str
    new_code: str
    action: str  # "drop" | "primary" | "keep" (a namesake link checked and found genuine)
    reason: str


@dataclass(frozen=True)
class PreStep:
    """How a 0.6.0 commune relates to the package's pre-reform list (its own lineage step before 2025-07-01)."""

    old_code: str
    change: str  # same | name-differs | reclassified | merged | recoded | added | unresolved
    pre_code: str  # the package unit it became ('' when unresolved)
    evidence: str
    date: str = ""
    basis: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Succession:
    """Old unit → 2025 commune, with the primary flag and the share passed on where known."""

    old_code: str
    new_code: str
    is_primary: bool
    share: float | None
    share_basis: str
    via_code: str = ""  # the package's pre-reform unit, when it is not the old code itself


# --- the package's merge table ----------------------------------------------------------------


def apply_corrections(links: list[Link], corrections: Iterable[Correction]) -> list[Link]:
    """The merge table with reviewed fixes applied; a fix that matches no link is refused (the package changed)."""
    out = list(links)
    problems: list[str] = []
    for fix in corrections:
        hit = [i for i, link in enumerate(out) if link.source == fix.old_code and link.new_code == fix.new_code]
        if not hit:
            problems.append(f"correction {fix.old_code} → {fix.new_code} ({fix.action}) matches no link of the package")
        elif fix.action == "drop":
            out = [link for i, link in enumerate(out) if i not in hit]
        elif fix.action == "primary":
            out = [replace(link, is_default=(i in hit)) if link.source == fix.old_code else link for i, link in enumerate(out)]
        elif fix.action != "keep":
            problems.append(f"correction {fix.old_code} → {fix.new_code}: unknown action {fix.action!r}")
    refuse("corrections", problems)
    return out


def check_links(links: list[Link], communes: Iterable[str], districts: Iterable[str], new_codes: Iterable[str]) -> None:
    """Every pre-reform unit has exactly one default new commune, every code is known, every new commune has a source."""
    known = {"commune": set(communes), "district": set(districts)}
    new = set(new_codes)
    problems: list[str] = []
    by_source: dict[tuple[str, str], list[Link]] = defaultdict(list)
    for link in links:
        by_source[(link.source_level, link.source)].append(link)
        if link.source not in known.get(link.source_level, set()):
            problems.append(f"{link.source_level} {link.source} of the merge table is not in the package's pre-2025 list")
        if link.new_code not in new:
            problems.append(f"new commune {link.new_code} (from {link.source}) is not in our 2025 list")
    for (level, source), found in sorted(by_source.items()):
        defaults = [link.new_code for link in found if link.is_default]
        if len(defaults) != 1:
            problems.append(f"{level} {source} has {len(defaults)} default new communes {defaults}, needs exactly one")
    for code in sorted(known["commune"] - {s for lvl, s in by_source if lvl == "commune"}):
        problems.append(f"old commune {code} is in no merge list")
    for code in sorted(new - {link.new_code for link in links}):
        problems.append(f"new commune {code} has no predecessor")
    refuse("merge table", problems)


def homonym_leaks(links: list[Link], names: Mapping[str, str], new_province: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """Non-default links that point at the default successor of a same-named old commune in the same new province.

    Matching by name is how such a link usually arises (two 'Phường 4' in one merged province); each one must
    be dropped or confirmed in the corrections file. Returns (old_code, new_code, namesake_code).
    """
    default = {link.source: link.new_code for link in links if link.is_default and link.source_level == "commune"}
    namesakes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, new_code in default.items():
        namesakes[(fold(split_type(names[code])[1]), new_province[new_code])].append(code)
    found = []
    for link in links:
        if link.source_level != "commune" or link.is_default:
            continue
        key = (fold(split_type(names[link.source])[1]), new_province[default[link.source]])
        for other in namesakes.get(key, []):
            if other != link.source and default[other] == link.new_code:
                found.append((link.source, link.new_code, other))
    return found


def check_no_homonym_leaks(links: list[Link], names: Mapping[str, str], new_province: Mapping[str, str],
                           kept: Iterable[tuple[str, str]] = ()) -> None:
    """Refuse a merge table that still holds a namesake mix-up (see homonym_leaks) not reviewed as genuine."""
    confirmed = set(kept)
    refuse("homonym links (drop them, or keep them after review, in lineage-corrections.csv)",
           [f"{old} {names[old]} → {new}, the primary successor of its namesake {other}"
            for old, new, other in homonym_leaks(links, names, new_province) if (old, new) not in confirmed])


# --- 0.6.0 against the package's pre-reform list ----------------------------------------------


def _same_code_change(old: Unit, pre: PackageCommune) -> str:
    old_type, old_bare = split_type(old.name)
    pre_type, pre_bare = split_type(pre.name)
    if old_type != pre_type:
        return "reclassified"
    return "name-differs" if fold(old_bare) != fold(pre_bare) else "same"


def reconcile(old_communes: list[Unit], package: Mapping[str, PackageCommune], curated: Mapping[str, PreStep]) -> list[PreStep]:
    """One step per 0.6.0 commune (and per package unit no 0.6.0 commune became); refuses what it cannot place.

    A code the package lacks is placed, in this order, by a curated step, by a package commune of the same
    district with the same name (recoded when 0.6.0 lacks that code, merged otherwise), or by a package commune
    of the same district that records the name as a former one (merged).
    """
    old_codes = {u.code for u in old_communes}
    problems: list[str] = []
    steps: list[PreStep] = []
    for old in old_communes:
        if old.code in curated:
            steps.append(curated[old.code])
            continue
        if old.code in package:
            steps.append(PreStep(old.code, _same_code_change(old, package[old.code]), old.code, "same code"))
            continue
        district = [p for p in package.values() if p.district_code == old.parent_code and p.code != old.code]
        same_name = [p for p in district if fold(p.name) == fold(old.name)]
        former = [p for p in district if fold(old.name) in p.aliases or fold(split_type(old.name)[1]) in p.aliases]
        if len(same_name) == 1:
            target = same_name[0]
            change = "merged" if target.code in old_codes else "recoded"
            steps.append(PreStep(old.code, change, target.code, "same name and district in the package"))
        elif len(same_name) == 0 and len(former) == 1:
            steps.append(PreStep(old.code, "merged", former[0].code, "the package records the name as a former name"))
        else:
            candidates = [p.code for p in (same_name or former)]
            problems.append(f"old commune {old.code} {old.name} (district {old.parent_code}) is in no list"
                            + (f"; ambiguous between {candidates}" if candidates else ""))
    targeted = {s.pre_code for s in steps}
    for code in sorted(set(package) - old_codes - targeted):
        steps.append(PreStep("", "added", code, "package unit with no 0.6.0 counterpart"))
    for code in sorted(set(curated) - old_codes):
        problems.append(f"curated step for {code}, which is not a 0.6.0 commune")
    for step in curated.values():
        if step.pre_code and step.pre_code not in package:
            problems.append(f"curated step {step.old_code} → {step.pre_code}: target not in the package's list")
    refuse("pre-2025 reconciliation", problems)
    return steps


# --- successions ------------------------------------------------------------------------------


def commune_successions(steps: list[PreStep], links: list[Link]) -> list[Succession]:
    """Each resolved 0.6.0 commune → the new communes of the package unit it became; share 1 when undivided."""
    by_source: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.source_level == "commune":
            by_source[link.source].append(link)
    out: list[Succession] = []
    for step in steps:
        if not step.old_code or not step.pre_code:
            continue
        found = by_source.get(step.pre_code, [])
        whole = len(found) == 1
        via = step.pre_code if step.pre_code != step.old_code else ""
        for link in sorted(found, key=lambda l: (not l.is_default, l.new_code)):
            out.append(Succession(step.old_code, link.new_code, link.is_default, 1.0 if whole else None,
                                  "whole" if whole else "", via))
    return out


def check_successions(successions: list[Succession], old_codes: Iterable[str], new_codes: Iterable[str],
                      level: str = "commune") -> None:
    """Codes known, exactly one primary per old unit, shares of one old unit at most 1 (+ tolerance)."""
    old, new = set(old_codes), set(new_codes)
    problems: list[str] = []
    primaries: dict[str, int] = defaultdict(int)
    shares: dict[str, float] = defaultdict(float)
    for s in successions:
        if s.old_code not in old:
            problems.append(f"old {level} {s.old_code} is not in our pre-2025 list")
        if s.new_code not in new:
            problems.append(f"new commune {s.new_code} is not in our 2025 list")
        primaries[s.old_code] += s.is_primary
        if s.share is not None:
            if not 0.0 < s.share <= 1.0 + SHARE_TOLERANCE:
                problems.append(f"{level} {s.old_code} → {s.new_code}: share {s.share} outside (0, 1]")
            shares[s.old_code] += s.share
    if level == "commune":
        for code, count in sorted(primaries.items()):
            if count != 1:
                problems.append(f"old commune {code} has {count} primary successors, needs exactly one")
    for code, total in sorted(shares.items()):
        if total > 1.0 + SHARE_TOLERANCE:
            problems.append(f"shares of old {level} {code} sum to {total:.6f} > 1")
    refuse(f"{level} successions", problems)


def check_provinces(successions: list[Succession], old_province: Mapping[str, str], new_province: Mapping[str, str],
                    province_successor: Mapping[str, str]) -> None:
    """Each succession stays inside the province fusion of Resolution 202/2025/QH15."""
    problems = [f"{s.old_code} (old province {old_province[s.old_code]}) → {s.new_code} (new province "
                f"{new_province[s.new_code]}), but province {old_province[s.old_code]} became "
                f"{province_successor.get(old_province[s.old_code])}"
                for s in successions if province_successor.get(old_province[s.old_code]) != new_province[s.new_code]]
    refuse("province consistency", problems)


def check_every_new_commune_has_a_predecessor(new_codes: Iterable[str], *successions: list[Succession]) -> None:
    """A 2025 commune without any old commune or district behind it means a list is incomplete."""
    reached = {s.new_code for group in successions for s in group}
    refuse("new communes", [f"new commune {c} has no predecessor" for c in sorted(set(new_codes) - reached)])


def check_every_old_commune_placed(old_codes: Iterable[str], successions: list[Succession], reviewed: Iterable[str] = ()) -> None:
    """An old commune with no successor is refused unless it was reviewed as unresolved (named in the README)."""
    placed = {s.old_code for s in successions} | set(reviewed)
    refuse("old communes", [f"old commune {c} is in no list (no successor and not reviewed as unresolved)"
                            for c in sorted(set(old_codes) - placed)])


def check_merged_steps(successions: list[Succession], merged_into: Mapping[str, str]) -> None:
    """A commune merged before the reform goes where the unit it joined went: same new communes, same primary.

    The loader records such a commune as one step to the unit it joined (a succession of its own), so its
    2025 rows must agree with that unit's; `merged_into` maps the merged old code to the joined old code.
    """
    rows: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    via: dict[str, set[str]] = defaultdict(set)
    for s in successions:
        rows[s.old_code].add((s.new_code, s.is_primary))
        if s.via_code:
            via[s.old_code].add(s.via_code)
    problems: list[str] = []
    for old, joined in sorted(merged_into.items()):
        if joined not in rows:
            problems.append(f"old commune {old} merged into {joined}, which has no 2025 successor of its own")
        elif rows.get(old) and rows[old] != rows[joined]:
            problems.append(f"old commune {old} merged into {joined} but goes to {sorted(rows[old])}, "
                            f"not to where {joined} went {sorted(rows[joined])}")
        if via.get(old, {joined}) != {joined}:
            problems.append(f"old commune {old}: via {sorted(via[old])} in the lineage, merged into {joined} in the changes")
    refuse("pre-reform mergers", problems)


def district_successions(districts: Iterable[str], commune_district: Mapping[str, str],
                         successions: list[Succession], island_links: list[Link]) -> list[Succession]:
    """Each old district → the 2025 communes that received its communes, share by commune count.

    A commune counts 1, spread over its successors by its share, or equally when divided with unknown shares;
    a district without communes (the island districts) passes whole to its special zone.
    """
    per_commune: dict[str, list[Succession]] = defaultdict(list)
    for s in successions:
        per_commune[s.old_code].append(s)
    weight: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    count: dict[str, int] = defaultdict(int)
    for commune, found in per_commune.items():
        district = commune_district[commune]
        count[district] += 1
        for s in found:
            weight[district][s.new_code] += s.share if s.share is not None else 1.0 / len(found)
    out: list[Succession] = []
    for district in sorted(set(districts)):
        if count[district]:
            for new_code, w in sorted(weight[district].items(), key=lambda kv: (-kv[1], kv[0])):
                out.append(Succession(district, new_code, False, w / count[district], "commune-count"))
        else:
            for link in island_links:
                if link.source == district:
                    out.append(Succession(district, link.new_code, False, 1.0, "whole"))
    return out


def check_districts_covered(districts: Iterable[str], successions: list[Succession]) -> None:
    """Every old district reaches at least one 2025 commune."""
    reached = {s.old_code for s in successions}
    refuse("district successions", [f"old district {d} has no 2025 successor" for d in sorted(set(districts) - reached)])
