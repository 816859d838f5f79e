"""A flat scan of SPARQL text: what policy and limits need, read the way Oxigraph's parser reads it.

Nothing here recurses, so no query text can exhaust a stack: the scan is one loop over tokens with an
explicit bracket stack. It finds the prologue (PREFIX, BASE), the dataset clause (FROM, FROM NAMED),
SERVICE and update keywords outside strings, IRIs and comments, the deepest bracket nesting and the
number of keywords and operators (each a node the engine's algebra would nest).

The one ambiguity of SPARQL's tokens is `<`: an IRI opens with it, and so does the less-than
operator. Oxigraph decides by grammar, so this scan does too: inside an expression (a parenthesis
opened after FILTER, BIND, a function name, in a projection or in ORDER/GROUP BY/HAVING), `<` after
a complete operand is the operator; everywhere else it opens an IRI. Reading it the other way would
let a `'` or `#` inside a false IRI shift where strings and comments begin, and hide a keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

# One token at a time, IRIs preferred to the `<` operator (_OPERATOR_LT reads `<` as the operator). Leading
# whitespace is consumed with each token and quantifiers are possessive, so nothing backtracks.
_TOKEN = re.compile(
    r"""\s*+(?:
    (?P<comment>\#[^\n\r]*+)
  | (?P<string>'''(?:[^'\\]++|\\.|'(?!''))*+'''|\"\"\"(?:[^"\\]++|\\.|"(?!""))*+\"\"\"|'(?:[^'\\\n\r]++|\\.)*+'|"(?:[^"\\\n\r]++|\\.)*+")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]++|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>)
  | (?P<var>[?$]\w++)
  | (?P<pname>(?:[^\W\d_][\w\-.]*+)?:(?:[\w\-:.%]++|\\[_~.\-!$&'()*+,;=/?\#@%])*+)
  | (?P<bnode>_:[\w\-.]*+)
  | (?P<word>[^\W\d]\w*+)
  | (?P<number>\d++(?:\.\d*+)?(?:[eE][+-]?\d++)?|\.\d++(?:[eE][+-]?\d++)?)
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[{}()\[\].;,!=<>+\-*/|^?])
  | (?P<langtag>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)
  | (?P<other>\S)
  | (?P<end>\Z)
    )""",
    re.VERBOSE,
)
# The prologue in one match: whitespace, comments, PREFIX and BASE declarations (IRIs without escapes).
_IRI_CHARS = r"""[^<>"{}|^`\\\x00-\x20]"""
_PROLOGUE = re.compile(r"(?:\s++|\#[^\n\r]*+|(?i:PREFIX)\s*+(?:[^\W\d_][\w\-.]*+)?:\s*+<" + _IRI_CHARS + r"*+>"
                       r"|(?i:BASE)\s*+<" + _IRI_CHARS + r"*+>)*+")
_DECLARATION = re.compile(r"\#[^\n\r]*+|(?i:PREFIX)\s*+((?:[^\W\d_][\w\-.]*+)?):\s*+<([^>]*+)>|(?i:BASE)\s*+<([^>]*+)>")
_OPERATOR_LT = re.compile(r"<=|<")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
# Words after which `(` opens an expression; and words that are never a function name.
_EXPRESSION_OPENERS = frozenset({"FILTER", "BIND", "HAVING", "BY", "ASC", "DESC"})
_NOT_FUNCTIONS = frozenset({"A", "VALUES", "UNDEF", "TRUE", "FALSE", "UNION", "OPTIONAL", "MINUS", "GRAPH", "SERVICE",
                            "SILENT", "NAMED", "WHERE", "FROM", "LATERAL"})
_OPERAND_KINDS = frozenset({"var", "number", "string", "langtag", "iri", "pname", "bnode"})
_TERM_KINDS = frozenset({"var", "number", "string", "langtag", "pname", "bnode"})
_CLOSERS = frozenset({"}", ")", "]"})
_KEYWORDS = frozenset({"PREFIX", "BASE", "FROM", "SERVICE", "GROUP", "ORDER", "HAVING", "WHERE", "LIMIT", "OFFSET",
                       "VALUES"}) | QUERY_FORMS | UPDATE_KEYWORDS


@dataclass(frozen=True)
class QueryShape:
    """What policy, limits and error messages need to know about a query before the engine reads it."""

    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    service: bool = False
    update: bool = False
    depth: int = 0
    operators: int = 0
    prefixes: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def _iri_value(token: str) -> str:
    """The IRI inside `<...>`, with \\u escapes decoded as the parser decodes them."""
    inner = token[1:-1]
    if "\\" in inner:
        inner = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), inner)
    return inner


class _Scan:
    """The state of one pass; `scan` runs the loop, this holds what the loop decides on."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.depth = 0
        self.operators = 0
        self.clause = ""  # "projection" between SELECT and its group, "modifiers" after GROUP/ORDER/HAVING
        self.values_pending = False
        self.seen_form = False
        self.service = self.update = False
        self.base = ""
        self.prefixes: dict[str, str] = {}
        self.defaults: list[str] = []
        self.named: list[str] = []
        self.pending_for = ""  # PREFIX, BASE or FROM whose arguments are being read
        self.pending: list[tuple[str, str]] = []

    def declare(self, prefix: str | None, iri: str | None, base: str | None) -> None:
        """One PREFIX or BASE declaration."""
        if base is not None:
            self.base = urljoin(self.base, base) if self.base else base
        elif prefix is not None and iri is not None:
            self.prefixes[prefix] = urljoin(self.base, iri) if self.base else iri

    def paren_kind(self, prev_kind: str, prev: str, prev2: str) -> str:
        """Whether a `(` opens an expression (where `<` can be less-than) or a list (collection, path, VALUES row)."""
        top = self.stack[-1] if self.stack else ""
        if top == "expr":
            return "expr"
        if top in ("list", "values") or self.values_pending:
            return "list"
        if self.clause:
            return "expr"
        if prev_kind == "word" and (prev in _EXPRESSION_OPENERS or prev not in _NOT_FUNCTIONS):
            return "expr"
        if prev_kind in ("pname", "iri") and prev2 == "FILTER":
            return "expr"
        return "list"

    def word(self, upper: str) -> None:
        if upper in ("PREFIX", "BASE", "FROM"):
            self.pending_for, self.pending = upper, []
        elif upper in QUERY_FORMS:
            self.seen_form = True
            if upper == "SELECT":
                self.clause = "projection"
        elif upper in UPDATE_KEYWORDS and not self.seen_form:
            self.update = True
        elif upper == "SERVICE":
            self.service = True
        elif upper in ("GROUP", "ORDER", "HAVING"):
            self.clause = "modifiers"
        elif upper in ("WHERE", "LIMIT", "OFFSET"):
            self.clause = ""
        elif upper == "VALUES":
            self.clause, self.values_pending = "", True

    def collect(self, kind: str, text: str, upper: str) -> None:
        """The arguments of PREFIX p: <iri>, BASE <iri>, FROM [NAMED] <iri> or FROM [NAMED] p:local."""
        owner = self.pending_for
        if owner == "FROM" and upper == "NAMED" and not self.pending:
            self.pending.append(("named", ""))
            return
        self.pending.append((kind, text))
        named = self.pending[0][0] == "named"
        items = self.pending[1:] if named else self.pending
        if owner == "BASE" and kind == "iri":
            self.declare(None, None, _iri_value(text))
        elif owner == "PREFIX" and len(items) == 1 and kind == "pname":
            return
        elif owner == "PREFIX" and len(items) == 2 and items[0][0] == "pname" and kind == "iri":
            self.declare(items[0][1].split(":", 1)[0], _iri_value(text), None)
        elif owner == "FROM" and kind in ("iri", "pname"):
            iri = self.resolve(kind, text)
            if iri is not None:
                (self.named if named else self.defaults).append(iri)
        self.pending_for, self.pending = "", []

    def resolve(self, kind: str, text: str) -> str | None:
        if kind == "iri":
            value = _iri_value(text)
            return urljoin(self.base, value) if self.base else value
        prefix, _, local = text.partition(":")
        if prefix in self.prefixes:
            return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    def shape(self) -> QueryShape:
        return QueryShape(tuple(dict.fromkeys(self.defaults)), tuple(dict.fromkeys(self.named)), self.service, self.update,
                          self.depth, self.operators, tuple(self.prefixes))


def scan(text: str, max_depth: int = 1 << 30, max_operators: int = 1 << 30) -> QueryShape:
    """Read `text` once, left to right, and report its shape; stop early once a limit is passed.

    The hot loop keeps its state in locals: it runs for every query the endpoint answers.
    """
    state = _Scan()
    prologue = _PROLOGUE.match(text)
    position = prologue.end() if prologue else 0
    for declaration in _DECLARATION.finditer(text, 0, position):
        if not declaration.group().startswith("#"):
            state.declare(declaration.group(1), declaration.group(2), declaration.group(3))
            state.operators += 1
    stack = state.stack
    prev_kind = prev = prev2 = ""
    operators, depth = state.operators, 0
    end = len(text)
    while position < end and operators <= max_operators and depth <= max_depth:
        restart = -1
        for match in _TOKEN.finditer(text, position):
            kind = match.lastgroup
            if kind in _TERM_KINDS:
                if state.pending_for:
                    state.collect(kind, match.group(kind), "")
                prev2, prev, prev_kind = prev, "", kind
                continue
            if kind == "comment":
                continue
            if kind == "end" or kind is None:
                break
            token = match.group(kind)
            if kind == "iri":
                if stack and stack[-1] == "expr" and (prev_kind in _OPERAND_KINDS or prev in (")", "TRUE", "FALSE")):
                    operator = _OPERATOR_LT.match(text, match.start(kind))
                    assert operator is not None
                    kind, token, restart = "op", operator.group(), operator.end()
                else:
                    if state.pending_for:
                        state.collect(kind, token, "")
                    prev2, prev, prev_kind = prev, "", kind
                    continue
            if kind == "word":
                token = token.upper()
                operators += 1
                if state.pending_for:
                    state.collect(kind, token, token)
                if token in _KEYWORDS:
                    state.word(token)
            elif kind == "op":
                if token in _CLOSERS:
                    if stack:
                        stack.pop()
                    if token == "}":
                        state.clause = ""
                elif token != "," or not stack or stack[-1] == "group" or stack[-1] == "bnode":
                    operators += 1
                    if token == "{":
                        stack.append("values" if state.values_pending else "group")
                        state.values_pending = False
                        state.clause = ""
                    elif token == "(":
                        stack.append(state.paren_kind(prev_kind, prev, prev2))
                    elif token == "[":
                        stack.append("bnode")
                    if len(stack) > depth:
                        depth = len(stack)
                        if depth > max_depth:
                            break
                    if operators > max_operators:
                        break
                if state.pending_for:
                    state.collect(kind, token, token)
            prev2, prev, prev_kind = prev, token, kind
            if restart >= 0:
                break
        if restart < 0:
            break
        position = restart
    state.operators, state.depth = operators, depth
    return state.shape()


def undeclared_prefixes(text: str) -> tuple[str, ...]:
    """Prefixes used in `text` but never declared (for the hint that follows a syntax error)."""
    declared: set[str] = set()
    used: dict[str, None] = {}
    items = tokens(text)
    for index, (kind, value) in enumerate(items):
        if kind == "pname":
            prefix = value.split(":", 1)[0]
            if index and items[index - 1][0] == "word" and items[index - 1][1].upper() == "PREFIX":
                declared.add(prefix)
            else:
                used.setdefault(prefix)
    return tuple(p for p in used if p not in declared)


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs of the IRI-preferring reading, comments dropped (for tools that look for keywords)."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "end":
            break
        if kind != "comment":
            found.append((kind, match.group(kind)))
    return found
