"""Regenerate a compact CSV snapshot of the official unit list from the `vietnam-provinces` package.

Only one version of the package installs at a time, so run this once per version, each in its own venv:

    python -m venv /tmp/vp06 && /tmp/vp06/bin/pip install vietnam-provinces==0.6.0
    /tmp/vp06/bin/python data/units/regenerate.py          # writes units-0.6.0.csv
    python -m venv /tmp/vp25 && /tmp/vp25/bin/pip install vietnam-provinces==2025.10.1
    /tmp/vp25/bin/python data/units/regenerate.py          # writes units-2025.10.1.csv (not committed; only for snapshot_diff.py)
    python3.12 -m venv /tmp/vp26 && /tmp/vp26/bin/pip install vietnam-provinces==2026.9.0   # needs Python >= 3.12
    /tmp/vp26/bin/python data/units/regenerate.py          # writes units-2026.9.0.csv

Columns: level, code (GSO, zero-padded as GSO publishes), name, division_type, parent_code.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import vietnam_provinces as vp

WIDTH = {"province": 2, "district": 3, "commune": 5}


def code(level: str, value: int) -> str:
    return str(int(value)).zfill(WIDTH[level])


def nfc(value: str) -> str:
    """NFC, single spaces, and a capital first letter (2026.9.0 spells one commune 'xã Bắc Sơn')."""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    return text[:1].upper() + text[1:]


def rows(nested: list[dict]) -> list[tuple[str, str, str, str, str]]:
    """Flatten the package's nested list into (level, code, name, division_type, parent_code)."""
    out: list[tuple[str, str, str, str, str]] = []
    for province in nested:
        pcode = code("province", province["code"])
        out.append(("province", pcode, nfc(province["name"]), province["division_type"], ""))
        for district in province.get("districts", []):
            dcode = code("district", district["code"])
            out.append(("district", dcode, nfc(district["name"]), district["division_type"], pcode))
            for ward in district.get("wards", []):
                out.append(("commune", code("commune", ward["code"]), nfc(ward["name"]), ward["division_type"], dcode))
        for ward in province.get("wards", []):  # two-level lists (2025 on) hang communes on provinces
            out.append(("commune", code("commune", ward["code"]), nfc(ward["name"]), ward["division_type"], pcode))
    return out


def main() -> int:
    nested = json.loads(Path(vp.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    target = Path(__file__).with_name(f"units-{vp.__version__}.csv")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["level", "code", "name", "division_type", "parent_code"])
        writer.writerows(rows(nested))
    print(f"wrote {target} (package {vp.__version__}, data {getattr(vp, '__data_version__', '?')})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
