"""Small helpers shared by the benchmarks: medians, percentiles, folder sizes, process memory (Linux /proc)."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def timed(fn: Callable[[], object], repeat: int = 5) -> list[float]:
    """Wall-clock seconds of `repeat` calls."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


_MEMORY = re.compile(r"(VmRSS|VmHWM):\s+(\d+) kB")


def memory_mb(pid: int | str = "self") -> dict[str, int]:
    """VmRSS (now) and VmHWM (peak since start or since `reset_peak`) of a process, in MB; empty once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            return {k: int(v) // 1024 for k, v in _MEMORY.findall(handle.read())}
    except OSError:
        return {}


def reset_peak() -> None:
    """Start this process's VmHWM afresh from its current RSS, so the next peak belongs to the next step."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def log_mb(store: Path | str) -> float:
    """Size of the write-ahead logs (*.log) an on-disk Oxigraph store holds, in MB."""
    return round(sum(p.stat().st_size for p in Path(store).glob("*.log")) / 2**20, 1)
