"""Names a store already knows: people it names are found in an article even without a title or an honorific.

Without a store the extractor runs on rules alone; with one, `KnownNames.from_store` reads the people's names
once per batch and `extract(..., known=…)` adds a mention wherever one of them is printed as whole words (with
or without the old tone placement) and no rule has already found a person there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import queries
from ..store import Store
from .normalize import Document, lower_shadow


@dataclass(frozen=True)
class KnownNames:
    """A pattern over the lower shadow matching any known full name (two words or more)."""

    pattern: re.Pattern[str] | None
    count: int = 0

    @classmethod
    def of(cls, names: set[str]) -> "KnownNames":
        keys = sorted({lower_shadow(" ".join(n.split())) for n in names if len(n.split()) >= 2}, key=len, reverse=True)
        if not keys:
            return cls(None)
        return cls(re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w'])"), len(keys))

    @classmethod
    def from_store(cls, store: Store) -> "KnownNames":
        return cls.of({row["name"].value for row in queries.rows(store, "extract_known_persons")})

    def spans(self, doc: Document) -> list[tuple[int, int]]:
        """Where known names are printed, capitalised as names are."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end()) for m in self.pattern.finditer(doc.lower)
                if all(word[:1].isupper() for word in doc.text[m.start():m.end()].split())]
