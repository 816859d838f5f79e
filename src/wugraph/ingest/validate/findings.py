"""SHACL report graphs -> bilingual `Finding`s and the `Report` that carries them.

pyshacl keeps the language tags of plain `sh:message` values but drops them once it fills
`{?var}` placeholders, so each result's messages are matched back to its shape's @vi/@en
templates by `sh:sourceShape`; results without a Vietnamese message get a generic one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ...namespaces import PREFIXES

SEVERITIES: dict[Node, str] = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_SEVERITY_WORDS = {
    "vi": {"violation": "lỗi", "warning": "cảnh báo", "info": "ghi chú"},
    "en": {"violation": "violation", "warning": "warning", "info": "info"},
}
# Vietnamese wording by constraint component for results whose shape has no @vi message
# (closed-shape results among them); pyshacl's own text stays the English message.
_GENERIC_VI: dict[str, str] = {
    "ClosedConstraintComponent": "Thuộc tính này không được phép ở đây (khuôn dữ liệu đóng).",
    "MinCountConstraintComponent": "Thiếu giá trị bắt buộc.",
    "MaxCountConstraintComponent": "Có nhiều giá trị hơn mức cho phép.",
    "DatatypeConstraintComponent": "Sai kiểu dữ liệu.",
    "ClassConstraintComponent": "Giá trị không thuộc lớp yêu cầu.",
    "NodeKindConstraintComponent": "Sai loại nút (IRI, nút trống hoặc chuỗi).",
    "PatternConstraintComponent": "Giá trị không khớp mẫu yêu cầu.",
    "InConstraintComponent": "Giá trị không nằm trong danh sách cho phép.",
    "LanguageInConstraintComponent": "Thẻ ngôn ngữ không được phép.",
    "UniqueLangConstraintComponent": "Có hơn một giá trị cho cùng một ngôn ngữ.",
    "LessThanOrEqualsConstraintComponent": "Giá trị lớn hơn giá trị phải lớn hơn hoặc bằng nó.",
    "QualifiedMinCountConstraintComponent": "Thiếu giá trị đạt yêu cầu.",
    "SPARQLConstraintComponent": "Vi phạm một quy tắc liên kết giữa các nút.",
}
_GENERIC_VI_DEFAULT = "Dữ liệu không đúng khuôn dữ liệu."
PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_BRACKETED = re.compile(r"<([^<>]*)>")


@dataclass(frozen=True)
class Finding:
    """One SHACL result, in both languages, with where in the source it came from when known."""

    severity: str
    focus_node: str
    path: str | None
    value: str | None
    message_vi: str
    message_en: str
    source_shape: str | None
    where: str | None = None

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: `conforms` is False when any finding is a violation."""

    conforms: bool
    findings: tuple[Finding, ...]
    report_turtle: str

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a report (CLI --format json, HTTP 422 bodies)."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }

    def to_text(self, lang: str = "vi") -> str:
        """A summary line, then one line per finding: severity · where · focus · property = value · message."""
        lang = "vi" if lang == "vi" else "en"
        errors, warnings = len(self.violations), len(self.warnings)
        if lang == "vi":
            lines = [f"{'Hợp lệ' if self.conforms else 'Không hợp lệ'}: {errors} lỗi, {warnings} cảnh báo."]
        else:
            lines = [f"{'Conforms' if self.conforms else 'Does not conform'}: {errors} violation{'s' * (errors != 1)}, "
                     f"{warnings} warning{'s' * (warnings != 1)}."]
        for f in self.findings:
            parts = [_SEVERITY_WORDS[lang].get(f.severity, f.severity)]
            if f.where:
                parts.append(f.where)
            parts.append(f.focus_node if f.focus_node.startswith("_:") else f"<{f.focus_node}>")
            if f.path:
                parts.append(f"{compact(f.path)} = {f.value}" if f.value is not None else compact(f.path))
            elif f.value is not None and f.value != f.focus_node:
                parts.append(f.value)
            parts.append(f.message(lang))
            lines.append(" · ".join(parts))
        return "\n".join(lines)


def compact(iri: str) -> str:
    """`wu:adoptedOn` for an IRI under a standard prefix; in a path expression, each `<IRI>` compacted."""
    if iri.startswith(("(", "^", "<")):
        return _BRACKETED.sub(lambda m: _compact_one(m.group(1), m.group(0)), iri)
    return _compact_one(iri, iri)


def _compact_one(iri: str, otherwise: str) -> str:
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}:{local}"
    return otherwise


def message_templates(shapes: Graph) -> dict[Node, dict[str, str]]:
    """Language-tagged sh:message values by shape and language."""
    found: dict[Node, dict[str, str]] = {}
    for node, message in shapes.subject_objects(SH.message):
        if isinstance(message, Literal) and message.language:
            found.setdefault(node, {}).setdefault(message.language.split("-")[0].lower(), str(message))
    return found


@lru_cache(maxsize=512)
def _template_pattern(template: str) -> re.Pattern[str]:
    """A template's filled-in form as a regex: placeholders match anything."""
    pieces = PLACEHOLDER.split(template)[::2]
    return re.compile("(?s)" + "(.*?)".join(re.escape(p) for p in pieces))


def fill(template: str, values: Mapping[str, Node]) -> str:
    """A template with `{?var}` replaced by the string form of the bound value, as pyshacl does."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def _messages(shape: Node | None, given: list[Node], templates: Mapping[Node, dict[str, str]], component: Node | None) -> tuple[str, str]:
    """Vietnamese and English messages: tagged ones as given, untagged ones matched to the shape's templates."""
    found: dict[str, str] = {}
    untagged: list[str] = []
    for message in given:
        if isinstance(message, Literal) and message.language:
            found.setdefault(message.language.split("-")[0].lower(), str(message))
        elif isinstance(message, Literal):
            untagged.append(str(message))
    for lang, template in templates.get(shape, {}).items() if shape is not None else ():
        if lang in found:
            continue
        pattern = _template_pattern(template)
        match = next((text for text in untagged if pattern.fullmatch(text)), None)
        if match is not None:
            found[lang] = match
        elif not PLACEHOLDER.search(template):
            found[lang] = template
    name = str(component).rsplit("#", 1)[-1] if component is not None else ""
    english = found.get("en") or (untagged[0] if untagged else f"Constraint not satisfied ({name or 'unknown'}).")
    return found.get("vi") or _GENERIC_VI.get(name, _GENERIC_VI_DEFAULT), english


def _render_path(graph: Graph, path: Node | None) -> str | None:
    """A result path as text: the IRI, or a SPARQL-like form for alternative, inverse and sequence paths."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    return _path_expression(graph, path)


def _path_expression(graph: Graph, path: Node) -> str:
    """A complex path in SPARQL syntax, IRIs in angle brackets: `<a>|<b>`, `^<a>`, `<a>/<b>`."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_expression(graph, p) for p in Collection(graph, alternatives)) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_expression(graph, inverse)
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(_path_expression(graph, p) for p in Collection(graph, path)) + ")"
    return str(path)


def term_text(term: Node | None) -> str | None:
    """A value as text: the IRI, `_:id` for a blank node, N-Triples-like form for a literal."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return f'"{term}"@{term.language}'
        if term.datatype is not None:
            return f'"{term}"^^{compact(str(term.datatype))}'
        return f'"{term}"'
    return str(term)


def findings_of(report: Graph, shapes: Graph, locations: Mapping[str, str] | None) -> tuple[Finding, ...]:
    """Every sh:ValidationResult of a report graph as a Finding, violations first."""
    templates = message_templates(shapes)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        vi, en = _messages(shape, list(report.objects(result, SH.resultMessage)), templates,
                           report.value(result, SH.sourceConstraintComponent))
        focus = term_text(report.value(result, SH.focusNode)) or ""
        found.append(Finding(
            severity=SEVERITIES.get(report.value(result, SH.resultSeverity) or SH.Violation, "violation"),
            focus_node=focus,
            path=_render_path(report, report.value(result, SH.resultPath)),
            value=term_text(report.value(result, SH.value)),
            message_vi=vi,
            message_en=en,
            source_shape=str(shape) if isinstance(shape, URIRef) else None,
            where=(locations or {}).get(focus),
        ))
    order = {"violation": 0, "warning": 1, "info": 2}
    return tuple(sorted(found, key=lambda f: (order.get(f.severity, 3), f.where is None, _natural(f.where or ""),
                                              f.focus_node, f.path or "", f.value or "", f.source_shape or "")))


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key putting "people.csv:9" before "people.csv:10"."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text) if part)
