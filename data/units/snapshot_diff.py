"""List what changed between two snapshots of one era, unit by unit, so a switch of list version stays reviewable.

    python3 data/units/snapshot_diff.py units-2025.10.1.csv units-2026.9.0.csv > data/units/units-2025.10.1-to-2026.9.0.csv

(units-2025.10.1.csv is no longer committed: the build loads 2026.9.0 and the diff is the record; regenerate.py
writes it again in a venv with vietnam-provinces 2025.10.1.)

A unit is matched by its name key (type word, case, spacing, apostrophes and old/new tone placement ignored)
within its parent; columns: change (recoded | renamed | respelled | only-old | only-new), level, parent_code,
old_code, new_code, old_name, new_name. Units unchanged in code and spelling are left out.
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "uỳ": "ùy",
              "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}


def spelling_key(name: str) -> str:
    """Name with the same spelling but NFC, single spaces, one apostrophe form, new-style tone marks, any case."""
    text = " ".join(unicodedata.normalize("NFC", name).replace("\u2019", "'").replace("\u2013", "-").split()).lower()
    for old, new in _OLD_TONES.items():
        text = text.replace(old, new)
    return text


def read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def diff(old_rows: list[dict[str, str]], new_rows: list[dict[str, str]]) -> list[list[str]]:
    """One row per unit whose code or name differs, matched by (level, parent, spelling key) then by code."""
    old = {(r["level"], r["code"]): r for r in old_rows}
    new = {(r["level"], r["code"]): r for r in new_rows}
    new_by_name = {(r["level"], r["parent_code"], spelling_key(r["name"])): r for r in new_rows}
    out: list[list[str]] = []
    matched: set[tuple[str, str]] = set()
    for key, o in sorted(old.items()):
        n = new_by_name.get((o["level"], o["parent_code"], spelling_key(o["name"])))
        if n is not None and n["code"] != o["code"]:
            out.append(["recoded", o["level"], o["parent_code"], o["code"], n["code"], o["name"], n["name"]])
            matched.add((n["level"], n["code"]))
        elif key in new and key not in matched:
            n = new[key]
            if n["name"] != o["name"]:
                change = "respelled" if spelling_key(n["name"]) == spelling_key(o["name"]) else "renamed"
                out.append([change, o["level"], o["parent_code"], o["code"], n["code"], o["name"], n["name"]])
            matched.add(key)
        elif n is None:
            out.append(["only-old", o["level"], o["parent_code"], o["code"], "", o["name"], ""])
        else:
            matched.add((n["level"], n["code"]))
    for key, n in sorted(new.items()):
        if key not in matched:
            out.append(["only-new", n["level"], n["parent_code"], "", n["code"], "", n["name"]])
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["change", "level", "parent_code", "old_code", "new_code", "old_name", "new_name"])
    writer.writerows(diff(read(argv[0]), read(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
