"""Many short launch articles, one per commune of Đắk Nông (pre-2025 list), for tests that need a larger batch."""

from __future__ import annotations

import csv
from pathlib import Path

from .paths import ROOT

_TEMPLATE = """Thứ hai, {day:02d}/{month:02d}/2023 - 08:00

Xã {name} nhân rộng mô hình “Gia đình 5 có, 3 sạch”

Ngày {day}/{month}/2023, Hội LHPN xã {name} tổ chức ra mắt nhân rộng mô hình “Gia đình 5 có, 3 sạch” tại xã {name}, {district} với 30 hội viên.

Thu Trang - Hội LHPN tỉnh Đắk Nông
"""


def communes(province: str = "67") -> list[tuple[str, str, str]]:
    """(code, name without its type word, district name) of the province's communes named 'Xã …'."""
    with open(ROOT / "data" / "units" / "units-0.6.0.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    districts = {r["code"]: r["name"] for r in rows if r["level"] == "district" and r["parent_code"] == province}
    return [(r["code"], r["name"].removeprefix("Xã "), districts[r["parent_code"]].replace("Huyện ", "huyện ", 1))
            for r in rows if r["level"] == "commune" and r["parent_code"] in districts and r["name"].startswith("Xã ")]


def write_articles(folder: Path, count: int) -> list[Path]:
    """`count` launch articles in `folder`, one commune each, a day apart from 1/2/2023."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for number, (code, name, district) in enumerate(communes()[:count]):
        day, month = number % 28 + 1, 2 + number // 28
        path = folder / f"launch-{code}.txt"
        path.write_text(_TEMPLATE.format(day=day, month=month, name=name, district=district), encoding="utf-8")
        out.append(path)
    return out
