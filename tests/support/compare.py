"""Readable comparisons of two JSON answers (embedded store against a remote one)."""

from __future__ import annotations

import json
from typing import Any


def difference(got: Any, want: Any, path: str = "") -> str | None:
    """Where two JSON values first differ, as a path and both values (None when equal): a readable failure."""
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want)):
            if key not in got or key not in want:
                return f"{path}/{key}: present on one side only"
            found = difference(got[key], want[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(got, list) and isinstance(want, list):
        for i, (g, w) in enumerate(zip(got, want)):
            found = difference(g, w, f"{path}[{i}]")
            if found:
                return found
        return None if len(got) == len(want) else f"{path}: {len(got)} items, embedded {len(want)}"
    return None if got == want else f"{path}: {json.dumps(got, ensure_ascii=False)[:300]}, embedded {json.dumps(want, ensure_ascii=False)[:300]}"
