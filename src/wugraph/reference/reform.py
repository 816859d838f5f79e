"""The 2025 reform as triples: provinces fused under Resolution 202, districts abolished, every old commune and
district linked to the 2025 communes that received it, and the commune steps taken before the reform.

Each link is a qualified `wu:Succession` (from, to, primary flag, share and its basis where known) with the
`dcterms:isReplacedBy` / `dcterms:replaces` shortcut; each new unit has the `wu:TerritorialChange` that
generated it, mirrored by a `wu:ChapterChange`. `current_unit_statements` states where each old unit and its
chapter roll up today (wu:currentUnit, wu:currentChapter), the derived graph the example queries lean on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from ..identifiers import Minter, UnitKey
from ..namespaces import DCTERMS, ORG, PROV, SKOS, WU, XSD
from ..store import rdf
from ..text import fold
from .lineage import Lineage
from .releases import (
    REFORM_FIRST_NEW_DAY,
    RESOLUTION_202_DATE,
    START,
    A,
    ProvinceLink,
    Statement,
    UnitRow,
    date_literal,
    en_text,
    iri_node,
    vi_text,
)

PRE_REFORM_CODE = WU + "gsoCode20250630"  # the datatype of a code in the GSO list of 2025-06-30

RESOLUTION_202 = "Nghị quyết số 202/2025/QH15 về việc sắp xếp đơn vị hành chính cấp tỉnh"
LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (chính quyền địa phương hai cấp)"
COMMUNE_RESOLUTIONS = "Các nghị quyết năm 2025 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã"
UNRESOLVED_NOTE_VI = ("Không có trong danh mục GSO ngày 30/06/2025: đã sáp nhập vào một xã lân cận trước 01/07/2025 nhưng "
                      "chưa xác định được xã nào; chỉ quy về tỉnh hiện nay qua huyện và tỉnh cũ.")
_SHARE_BASIS = {"whole": iri_node(WU + "WholeUnit"), "commune-count": iri_node(WU + "CommuneCount")}
# Terms made once: the reform graph has about 200,000 triples, and building nodes is most of its cost.
SUCCESSION, FROM, TO, IS_PRIMARY = (iri_node(WU + n) for n in ("Succession", "from", "to", "isPrimary"))
SHARE, SHARE_BASIS, LEGAL_BASIS = (iri_node(WU + n) for n in ("share", "shareBasis", "legalBasis"))
REPLACED_BY, REPLACES = iri_node(DCTERMS + "isReplacedBy"), iri_node(DCTERMS + "replaces")
DECIMAL = iri_node(XSD + "decimal")
TRUE, FALSE = (rdf.Literal(v, datatype=iri_node(XSD + "boolean")) for v in ("true", "false"))
TERRITORIAL_CHANGE, CHAPTER_CHANGE, CHANGE_TYPE, CAUSED_BY = (
    iri_node(WU + n) for n in ("TerritorialChange", "ChapterChange", "changeType", "causedBy"))
LEGAL_DATE, EFFECTIVE_DATE, FIRST_DAY = iri_node(WU + "legalDate"), iri_node(WU + "effectiveDate"), date_literal(REFORM_FIRST_NEW_DAY)
USED, GENERATED = iri_node(PROV + "used"), iri_node(PROV + "generated")
ORIGINAL_ORG, RESULTING_ORG = iri_node(ORG + "originalOrganization"), iri_node(ORG + "resultingOrganization")


@lru_cache(maxsize=64)
def _vi(text: str) -> rdf.Literal:
    """A Vietnamese literal, made once per distinct text (the same legal basis recurs thousands of times)."""
    return vi_text(text)


def _commune_resolution(number: str) -> str:
    """The legal basis of a 2025 commune change: the province's resolution where confirmed, else the resolutions in general."""
    if not number:
        return COMMUNE_RESOLUTIONS
    return f"Nghị quyết số {number} của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã năm 2025"


def succession(minter: Minter, old: UnitKey, new: UnitKey, primary: bool, *, chapters: bool = True, share: str = "",
               basis: str = "", legal_basis: str = "") -> Iterator[Statement]:
    """The qualified succession node plus the dcterms shortcuts, for the units and (unless told not to) their chapters."""
    old_unit, new_unit = iri_node(minter.unit(old)), iri_node(minter.unit(new))
    node = iri_node(minter.succession(old, new))
    yield (node, A, SUCCESSION)
    yield (node, FROM, old_unit)
    yield (node, TO, new_unit)
    yield (node, IS_PRIMARY, TRUE if primary else FALSE)
    if share:
        yield (node, SHARE, rdf.Literal(share, datatype=DECIMAL))
    if basis:
        yield (node, SHARE_BASIS, _SHARE_BASIS[basis])
    if legal_basis:
        yield (node, LEGAL_BASIS, _vi(legal_basis))
    yield (old_unit, REPLACED_BY, new_unit)
    yield (new_unit, REPLACES, old_unit)
    if chapters:
        old_chapter, new_chapter = iri_node(minter.chapter(old)), iri_node(minter.chapter(new))
        yield (old_chapter, REPLACED_BY, new_chapter)
        yield (new_chapter, REPLACES, old_chapter)


def change(minter: Minter, key: UnitKey, change_type: str, legal_basis: str, legal_date: str | None,
           used: list[UnitKey], generated: list[UnitKey]) -> Iterator[Statement]:
    """A territorial change and the chapter change that mirrors it."""
    node, chapter_change = iri_node(minter.territorial_change(key)), iri_node(minter.chapter_change(key))
    yield (node, A, TERRITORIAL_CHANGE)
    yield (node, CHANGE_TYPE, iri_node(WU + change_type))
    yield (node, LEGAL_BASIS, _vi(legal_basis))
    if legal_date:
        yield (node, LEGAL_DATE, date_literal(legal_date))
    yield (node, EFFECTIVE_DATE, FIRST_DAY)
    yield (chapter_change, A, CHAPTER_CHANGE)
    yield (chapter_change, CAUSED_BY, node)
    yield (chapter_change, START, FIRST_DAY)
    for k in used:
        yield (node, USED, iri_node(minter.unit(k)))
        yield (chapter_change, ORIGINAL_ORG, iri_node(minter.chapter(k)))
    for k in generated:
        yield (node, GENERATED, iri_node(minter.unit(k)))
        yield (chapter_change, RESULTING_ORG, iri_node(minter.chapter(k)))


def _old(level: str, code: str) -> UnitKey:
    return UnitKey("pre2025", level, code)


def _new(level: str, code: str) -> UnitKey:
    return UnitKey("2025", level, code)


def province_triples(links: list[ProvinceLink], minter: Minter) -> Iterator[Statement]:
    """Each new province from the old ones under Resolution 202/2025/QH15 (Fusion, or Continuation when unchanged)."""
    by_new: dict[str, list[ProvinceLink]] = defaultdict(list)
    for link in links:
        by_new[link.new_code].append(link)
    for new_code, feeders in sorted(by_new.items()):
        new_key = _new("province", new_code)
        olds = [_old("province", f.old_code) for f in feeders]
        change_type = "Continuation" if feeders[0].change_type == "continuation" else "Fusion"
        yield from change(minter, new_key, change_type, RESOLUTION_202, RESOLUTION_202_DATE, olds, [new_key])
        for old in olds:
            yield from succession(minter, old, new_key, primary=True, share="1", basis="whole", legal_basis=RESOLUTION_202)


def district_triples(lineage: Lineage, old_rows: list[UnitRow], minter: Minter) -> Iterator[Statement]:
    """Every district ends with its level; its successions to the 2025 communes carry its communes' share (no primary)."""
    for row in old_rows:
        if row.level == "district":
            yield from change(minter, row.key, "LevelAbolished", LOCAL_GOVERNMENT_LAW, None, [row.key], [])
    for link in lineage.districts:
        yield from succession(minter, _old("district", link.old_code), _new("commune", link.new_code), primary=False,
                              chapters=False, share=link.share, basis=link.share_basis)


def _new_commune_changes(lineage: Lineage, new_province: dict[str, str], minter: Minter) -> Iterator[Statement]:
    """One change per 2025 commune: Fusion when several old units (or part of a divided one) formed it, else Continuation."""
    merged = lineage.merged_into()
    successors: dict[str, int] = defaultdict(int)
    for link in lineage.communes:
        successors[link.old_code] += 1
    used: dict[str, list[UnitKey]] = defaultdict(list)
    divided: dict[str, bool] = defaultdict(bool)
    for link in lineage.communes:
        if link.old_code not in merged:
            used[link.new_code].append(_old("commune", link.old_code))
            divided[link.new_code] |= successors[link.old_code] > 1
    for link in lineage.districts:
        if link.share_basis == "whole":  # an island district without communes became a special zone
            used[link.new_code].append(_old("district", link.old_code))
    for new_code, olds in sorted(used.items()):
        new_key = _new("commune", new_code)
        resolution = lineage.resolutions.get(new_province.get(new_code, ""))
        kind = "Fusion" if len(olds) > 1 or divided[new_code] else "Continuation"
        yield from change(minter, new_key, kind, _commune_resolution(resolution.number if resolution else ""),
                          resolution.date if resolution else None, olds, [new_key])


def commune_triples(lineage: Lineage, new_rows: list[UnitRow], minter: Minter) -> Iterator[Statement]:
    """Every old commune → each 2025 commune that received it; a commune merged before the reform → the unit it joined."""
    new_province = {r.code: r.parent_code for r in new_rows if r.level == "commune"}
    merged = lineage.merged_into()
    for link in lineage.communes:
        if link.old_code in merged:
            continue  # reached through its pre-reform step below, then the joined unit's own rows
        yield from succession(minter, _old("commune", link.old_code), _new("commune", link.new_code), link.is_primary,
                              share=link.share, basis=link.share_basis, legal_basis=_commune_resolution(link.basis))
    yield from _new_commune_changes(lineage, new_province, minter)
    yield from pre_reform_triples(lineage, minter)


def pre_reform_triples(lineage: Lineage, minter: Minter) -> Iterator[Statement]:
    """What happened to 0.6.0 communes before the GSO list of 2025-06-30: merged, recoded, renamed, or not placed."""
    for step in lineage.changes:
        old = _old("commune", step.old_code)
        unit = iri_node(minter.unit(old)) if step.old_code else None
        if step.change == "merged":
            joined = _old("commune", step.pre_code)
            node = iri_node(minter.succession(old, joined))
            yield from succession(minter, old, joined, primary=True, share="1", basis="whole", legal_basis=step.basis)
            yield (node, iri_node(WU + "changeType"), iri_node(WU + "PreReformMerger"))
            if step.date:
                yield (node, iri_node(WU + "effectiveDate"), date_literal(step.date))
        elif step.change == "recoded" and unit is not None:
            yield (unit, iri_node(SKOS + "notation"), rdf.Literal(step.pre_code, datatype=iri_node(PRE_REFORM_CODE)))
        elif step.change in ("reclassified", "name-differs") and unit is not None and step.pre_name:
            yield (unit, iri_node(SKOS + "altLabel"), vi_text(step.pre_name))
            yield (unit, iri_node(SKOS + "hiddenLabel"), rdf.Literal(fold(step.pre_name)))
        elif step.change == "unresolved" and unit is not None:
            yield (unit, iri_node(SKOS + "note"), vi_text(UNRESOLVED_NOTE_VI))
            yield (unit, iri_node(SKOS + "note"), en_text(step.reason or "Not in the GSO list of 2025-06-30."))


def reform_statements(provinces: list[ProvinceLink], lineage: Lineage, old_rows: list[UnitRow], new_rows: list[UnitRow],
                   minter: Minter) -> Iterator[Statement]:
    """The whole reform graph."""
    yield from province_triples(provinces, minter)
    yield from district_triples(lineage, old_rows, minter)
    yield from commune_triples(lineage, new_rows, minter)


def current_units(provinces: list[ProvinceLink], lineage: Lineage) -> dict[UnitKey, UnitKey]:
    """Old unit → the 2025 unit it rolls up to along primary successions (districts have none: they split)."""
    out = {_old("province", link.old_code): _new("province", link.new_code) for link in provinces}
    primary = {link.old_code: link.new_code for link in lineage.communes if link.is_primary}
    for old_code, new_code in primary.items():
        out[_old("commune", old_code)] = _new("commune", new_code)
    for old_code, joined in lineage.merged_into().items():
        if joined in primary:
            out[_old("commune", old_code)] = _new("commune", primary[joined])
    return out


def current_unit_statements(provinces: list[ProvinceLink], lineage: Lineage, minter: Minter) -> Iterator[Statement]:
    """wu:currentUnit for units and wu:currentChapter for their chapters (the derived roll-up graph)."""
    for old, new in current_units(provinces, lineage).items():  # provinces, then communes in the files' order
        yield (iri_node(minter.unit(old)), iri_node(WU + "currentUnit"), iri_node(minter.unit(new)))
        yield (iri_node(minter.chapter(old)), iri_node(WU + "currentChapter"), iri_node(minter.chapter(new)))
