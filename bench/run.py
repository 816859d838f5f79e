"""Run every benchmark module (bench_*.py) in turn; each prints its own figures, none asserts on time."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(selected: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    modules = sorted(HERE.glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if any(s in m.stem for s in selected)]
    for path in modules:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module  # dataclasses and pickling look the module up by name
        spec.loader.exec_module(module)
        print(f"\n== {path.stem} ==", flush=True)
        started = time.perf_counter()
        module.main()
        print(f"({path.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
