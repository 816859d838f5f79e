"""IRIs and labels for what an extraction names: chapters, other organisations, memberships, roles.

Chapters and units are the reference graphs' own IRIs (docs/iris.md); other organisations are
`org/{slug}` of their kind and official unit name ("Huyện ủy Đăk Glong" → org/huyen-uy-dak-glong),
with the GSO code appended when the unit's name is shared by several units of its level, and
"2025" for post-reform units, so that two bodies never share an IRI.
"""

from __future__ import annotations

import re

from ..identifiers import Minter
from ..reference.gazetteer import Gazetteer, UnitRecord
from ..text import name_key, slugify
from .normalize import Document
from .orgs import OrgMention
from .places import era_of_iri

_TYPE_PREFIX = re.compile(r"^(thành phố|tỉnh|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\s+", re.IGNORECASE)
_PARTY_HEAD = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}
_PARTY_EN = {"Province": "Provincial Party Committee", "District": "District Party Committee", "Commune": "Commune Party Committee"}
_LEVEL_EN = {"Province": "Province", "District": "District", "Commune": "Commune"}


def role_slug(role: str) -> str:
    """wu:StandingDeputySecretary → 'standing-deputy-secretary' (the membership IRI's last segment)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", role).lower()


def unit_type(unit: UnitRecord) -> str:
    """The official type word of a unit ('huyện', 'thị xã', 'tỉnh' for post-reform provinces printed without one)."""
    match = _TYPE_PREFIX.match(unit.name)
    if match:
        return match.group(1).lower()
    return "tỉnh" if unit.level == "Province" else "xã"


def short_name(unit: UnitRecord) -> str:
    """'Huyện Đăk Glong' → 'Đăk Glong'."""
    return " ".join(_TYPE_PREFIX.sub("", unit.name).split())


def typed_name(unit: UnitRecord) -> str:
    """'huyện Đăk Glong', as it reads after a body's name."""
    return f"{unit_type(unit)} {short_name(unit)}"


def chapter_iri(minter: Minter, unit: UnitRecord) -> str | None:
    """The union chapter of a unit version (reference data mints one per unit)."""
    parsed = minter.parse_unit(unit.iri)
    return minter.chapter(parsed[1]) if parsed else None


def chapter_key(minter: Minter, unit: UnitRecord) -> str | None:
    parsed = minter.parse_unit(unit.iri)
    return parsed[1].path if parsed else None


def _shared_name(gazetteer: Gazetteer, unit: UnitRecord) -> bool:
    same = [r for r in gazetteer.lookup(short_name(unit), level=unit.level) if era_of_iri(r.iri) == era_of_iri(unit.iri)]
    return len({r.iri for r in same}) > 1 or name_key(short_name(unit)) == ""


def org_label(org: OrgMention, doc: Document) -> tuple[str, str]:
    """Vietnamese and English labels of a non-union body, from its kind and official unit name."""
    unit = org.unit
    if unit is None:
        printed = org.body_text(doc)
        return printed, printed
    if org.kind == "party":
        head = _PARTY_HEAD.get(unit_type(unit))
        vi = f"{head} {short_name(unit)}" if head else f"Đảng ủy {typed_name(unit)}"
        return vi, f"{short_name(unit)} {_PARTY_EN[unit.level]}"
    if org.kind == "government":
        return f"Ủy ban nhân dân {typed_name(unit)}", f"People's Committee of {short_name(unit)} {_LEVEL_EN[unit.level]}"
    if org.kind == "council":
        return f"Hội đồng nhân dân {typed_name(unit)}", f"People's Council of {short_name(unit)} {_LEVEL_EN[unit.level]}"
    printed = org.body_text(doc)
    return printed, printed


def org_iri(minter: Minter, gazetteer: Gazetteer, org: OrgMention, doc: Document) -> tuple[str, str] | None:
    """(IRI, key for membership IRIs) of the body a mention names, or None when it cannot be pinned down."""
    if org.kind == "central":
        return minter.union(), "union"
    unit = org.unit
    if org.kind == "union":
        if unit is None:
            return None
        iri, key = chapter_iri(minter, unit), chapter_key(minter, unit)
        return (iri, key) if iri and key else None
    if org.kind == "branch":
        name = org.body_text(doc) + (f" {unit.code}" if unit is not None else "")
        slug = slugify(name)
        return f"{minter.base}org/{slug}", slug
    if unit is None:
        return None
    vi, _ = org_label(org, doc)
    parts = [vi]
    if _shared_name(gazetteer, unit):
        parts.append(unit.code)
    if era_of_iri(unit.iri) == "2025":
        parts.append("2025")
    slug = slugify(" ".join(parts))
    return f"{minter.base}org/{slug}", slug
