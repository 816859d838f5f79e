"""The catalogue of example questions: `.rq` files in `wugraph/examples/` with bilingual headers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import NotFoundError
from ..namespaces import sparql_prologue


@dataclass(frozen=True)
class Example:
    """One example question: stable name, titles and descriptions in vi/en, and its SPARQL."""

    name: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    body: str

    @property
    def sparql(self) -> str:
        """The query with the standard prefixes, ready to send."""
        return sparql_prologue() + self.body

    def title(self, lang: str) -> str:
        return self.title_vi if lang == "vi" else self.title_en

    def description(self, lang: str) -> str:
        return self.description_vi if lang == "vi" else self.description_en


def _parse(name: str, text: str) -> Example:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("# ") and ":" in line and not body:
            key, _, value = line[2:].partition(":")
            header[key.strip()] = value.strip()
        else:
            body.append(line)
    return Example(name, header.get("title-vi", name), header.get("title-en", name),
                   header.get("description-vi", ""), header.get("description-en", ""), "\n".join(body).strip() + "\n")


@lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """Every example, sorted by name."""
    folder = resources.files("wugraph.endpoint.examples")
    return tuple(_parse(p.name[:-3], p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir(), key=lambda p: p.name)
                 if p.name.endswith(".rq"))


def example(name: str) -> Example:
    for item in examples():
        if item.name == name:
            return item
    raise NotFoundError(f"Không có câu hỏi mẫu tên {name}.", f"No example named {name}.")
