"""Programmes: named campaigns and schemes that run over time (phong trào, cuộc vận động, đề án, chương trình…).

They are kept apart from models: the printed word before the name decides (`chương trình “Mẹ đỡ đầu”` is a
programme, `mô hình “Mẹ đỡ đầu”` a model), and a name that is a programme's is never output as a model.
Printings of one programme that differ only by an abbreviation or a word ('… phụ nữ DTTS', '… của hộ…') are one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .names import NamedMention
from .normalize import canonical


@dataclass(frozen=True)
class ProgrammeMention:
    """A programme's name (first printing), its kind and the printed form with its head word (the evidence)."""

    name: str
    kind: str
    start: int
    end: int
    rule: str

    @property
    def key(self) -> str:
        return canonical(self.name)


def _similar(a: str, b: str) -> bool:
    """Token overlap (Jaccard) of at least 0.8, or one name inside the other."""
    ta, tb = set(a.split()), set(b.split())
    if not ta or not tb:
        return False
    return len(ta & tb) / len(ta | tb) >= 0.8 or (len(ta) > 2 and len(tb) > 2 and (f" {a} " in f" {b} " or f" {b} " in f" {a} "))


def find_programmes(named: list[NamedMention]) -> list[ProgrammeMention]:
    """One entry per programme, in order of first printing."""
    out: list[ProgrammeMention] = []
    for item in named:
        if item.head.category != "programme":
            continue
        mention = ProgrammeMention(item.name, item.head.programme_kind or "chuong_trinh", item.start, item.end,
                                   "programme." + item.rule.removeprefix("name."))
        if not mention.key or any(_similar(mention.key, seen.key) for seen in out):
            continue
        out.append(mention)
    return out
