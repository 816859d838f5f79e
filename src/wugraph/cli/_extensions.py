"""Imports every command module so its commands attach to `main`; one line per area."""
from . import ingest  # noqa: E402,F401  (ingest, validate, retract, sources)
from . import extract  # noqa: E402,F401  (extract: article → candidate graph)
from . import analytics  # noqa: E402,F401  (demo, spread, compare)
