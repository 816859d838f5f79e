"""The Reconciliation Service API 0.2 JSON Schemas (../shared/reconciliation-api-0.2), ready to validate documents.

Schemas refer to each other by `$id` (`type.json`), so they are loaded into one registry. Draft 7
is the draft the specification's schemas are written for (`definitions`, `patternProperties`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SPEC = Path(__file__).resolve().parents[2] / ".." / "shared" / "reconciliation-api-0.2"
SCHEMAS = SPEC / "schemas"
EXAMPLES = SPEC / "examples"


@lru_cache(maxsize=None)
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "$id" in schema:
            resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def validator(name: str) -> Draft7Validator:
    """The validator of one schema file, e.g. 'manifest' or 'reconciliation-result-batch'."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, registry=_registry())


def errors(name: str, document: Any) -> list[str]:
    """Every way `document` breaks schema `name` (empty when it is valid)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)]


def examples(folder: str, kind: str) -> list[Path]:
    """The specification's own valid or invalid examples of one document kind (security schemes left out:
    they refer to the OpenAPI schema, which is not part of the copy)."""
    found = sorted((EXAMPLES / folder / kind).glob("*.json"))
    return [p for p in found if "authentication" not in p.read_text(encoding="utf-8")]
