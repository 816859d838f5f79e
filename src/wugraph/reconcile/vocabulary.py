"""What the reconciliation service offers: its types, its properties and the unit levels it understands.

One table each, so the manifest, query validation, suggest, property proposals and data extension
agree on the same identifiers. Types are the classes' IRIs (CURIEs such as `wu:Chapter` are
accepted in queries); properties have short ids shared by queries and data extension, as the
0.2 specification asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..namespaces import ORG, PREFIXES, SCHEMA, WU
from ..text import fold

DEFAULT_TYPES: tuple[str, ...] = (WU + "Chapter", WU + "AdministrativeUnit", SCHEMA + "Person", WU + "Model",
                                  ORG + "Organization")
TYPES: tuple[str, ...] = (*DEFAULT_TYPES, SCHEMA + "Event")
"""Every type a query may name; entities get them through rdfs:subClassOf (a chapter is an org:Organization)."""

UNIT_TYPES: frozenset[str] = frozenset({WU + "Chapter", WU + "AdministrativeUnit"})

LEVELS: tuple[str, ...] = ("Province", "District", "Commune", "Branch")

_LEVEL_WORDS: dict[str, str] = {
    "province": "Province", "tinh": "Province", "thanh pho truc thuoc trung uong": "Province", "cap tinh": "Province",
    "tinh thanh pho": "Province", "provincelevel": "Province",
    "district": "District", "huyen": "District", "quan": "District", "thi xa": "District", "cap huyen": "District",
    "huyen quan thi xa thanh pho thuoc tinh": "District", "districtlevel": "District",
    "commune": "Commune", "ward": "Commune", "xa": "Commune", "phuong": "Commune", "thi tran": "Commune",
    "dac khu": "Commune", "cap xa": "Commune", "cap co so": "Commune", "xa phuong thi tran dac khu": "Commune",
    "communelevel": "Commune",
    "branch": "Branch", "chi hoi": "Branch", "branchlevel": "Branch",
}


@dataclass(frozen=True)
class Property:
    """A property of the service: usable to refine queries, fetchable by data extension, or both."""

    id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    in_queries: bool
    in_extension: bool
    entity_valued: bool = False


PROPERTIES: tuple[Property, ...] = (
    Property("province",
             {"vi": "Tỉnh/thành phố", "en": "Province"},
             {"vi": "Tỉnh/thành phố chứa đơn vị (tên thời nào cũng được: trước hay sau 01/07/2025). Với cấp Hội: Hội LHPN tỉnh.",
              "en": "The province the unit lies in (a name of either era: before or after 2025-07-01). For a chapter: the province chapter."},
             True, True, entity_valued=True),
    Property("level",
             {"vi": "Cấp", "en": "Level"},
             {"vi": "Cấp của đơn vị hoặc cấp Hội: tỉnh, huyện, xã (hoặc Province, District, Commune, Branch).",
              "en": "The level of the unit or chapter: Province, District, Commune or Branch (Vietnamese words work too)."},
             True, True),
    Property("on",
             {"vi": "Vào ngày", "en": "On the day"},
             {"vi": "Một ngày (YYYY-MM-DD): chỉ chọn phiên bản đơn vị/cấp Hội còn hiệu lực ngày đó.",
              "en": "A day (YYYY-MM-DD): only the unit or chapter version valid on that day."},
             True, False),
    Property("code",
             {"vi": "Mã GSO", "en": "GSO code"},
             {"vi": "Mã đơn vị hành chính của Tổng cục Thống kê (không cần số 0 ở đầu).",
              "en": "The General Statistics Office code of the unit (leading zeros optional)."},
             True, True),
    Property("successor",
             {"vi": "Đơn vị kế thừa", "en": "Successor"},
             {"vi": "Phiên bản thay thế đơn vị hoặc cấp Hội này (dcterms:isReplacedBy).",
              "en": "The version that replaced this unit or chapter (dcterms:isReplacedBy)."},
             False, True, entity_valued=True),
    Property("chapter",
             {"vi": "Cấp Hội", "en": "Union chapter"},
             {"vi": "Cấp Hội của đơn vị hành chính.", "en": "The union chapter of the administrative unit."},
             False, True, entity_valued=True),
    Property("unit",
             {"vi": "Đơn vị hành chính", "en": "Administrative unit"},
             {"vi": "Đơn vị hành chính của cấp Hội.", "en": "The administrative unit of the chapter."},
             False, True, entity_valued=True),
)
PROPERTY_BY_ID: dict[str, Property] = {p.id: p for p in PROPERTIES}


def type_iri(value: str) -> str | None:
    """The offered type a query names by IRI or CURIE ('wu:Chapter'), or None."""
    text = value.strip()
    if text in TYPES:
        return text
    prefix, _, local = text.partition(":")
    if local and prefix in PREFIXES and PREFIXES[prefix] + local in TYPES:
        return PREFIXES[prefix] + local
    return None


def level_of(value: str) -> str | None:
    """The level a value names: 'District', 'huyện', 'cấp xã', 'wu:Province', a level IRI… or None."""
    text = value.strip()
    for base in (WU, "wu:"):
        if text.startswith(base):
            text = text[len(base):]
    folded = fold(text)
    return _LEVEL_WORDS.get(folded) or _LEVEL_WORDS.get(folded.replace(" ", ""))


LEVEL_NAMES: dict[str, dict[str, str]] = {
    "Province": {"vi": "cấp tỉnh", "en": "province"},
    "District": {"vi": "cấp huyện", "en": "district"},
    "Commune": {"vi": "cấp xã", "en": "commune"},
    "Branch": {"vi": "chi hội", "en": "branch"},
}
"""Short names of the levels, for descriptions and the extension's `level` column."""
