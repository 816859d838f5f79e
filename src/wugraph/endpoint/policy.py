"""What a user query may do before it reaches the engine: no SERVICE, no updates, no remote FROM, bounded size.

Both engines would otherwise make real outbound requests (Oxigraph for SERVICE), and a query nested
deeply enough, or with a long enough chain of operators, would exhaust the stack of whatever parses or
plans it. So every query is first read by `lexer.scan`, a flat loop that cannot recurse: its shape
decides refusals and limits here, in the server process, before any parser runs. The engine's own
parser then gives syntax errors their message and position (`answer.execute`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..config import Settings
from ..errors import QueryRefusedError, QueryTooComplexError
from .lexer import QueryShape, scan, tokens

__all__ = ["QueryShape", "enforce", "inspect", "check_limits", "tokens"]


@lru_cache(maxsize=1024)
def inspect(text: str, max_depth: int = 1 << 30, max_operators: int = 1 << 30) -> QueryShape:
    """The query's shape, the scan stopping once a limit is passed (cached: a repeated query is read once)."""
    return scan(text, max_depth, max_operators)


def check_limits(shape: QueryShape, settings: Settings) -> None:
    """400 query_too_complex, naming the limit, for a query the engine could not parse or plan safely."""
    if shape.depth > settings.max_query_depth:
        raise QueryTooComplexError(
            f"Truy vấn lồng nhau quá {settings.max_query_depth} cấp ({{ }}, ( ), [ ]), là giới hạn của điểm truy vấn này. "
            "Hãy viết phẳng hơn (ví dụ dùng UNION hoặc VALUES thay cho lồng nhóm).",
            f"The query nests more than {settings.max_query_depth} levels deep ({{ }}, ( ), [ ]), the limit of this endpoint. "
            "Flatten it (for example UNION or VALUES instead of nested groups).",
            limit="max_query_depth", limit_value=settings.max_query_depth,
        )
    if shape.operators > settings.max_query_operators:
        raise QueryTooComplexError(
            f"Truy vấn có hơn {settings.max_query_operators} từ khóa và toán tử, là giới hạn của điểm truy vấn này. "
            "Hãy chia thành nhiều truy vấn nhỏ hơn, hoặc đưa danh sách giá trị vào VALUES.",
            f"The query has more than {settings.max_query_operators} keywords and operators, the limit of this endpoint. "
            "Split it into smaller queries, or put lists of values in VALUES.",
            limit="max_query_operators", limit_value=settings.max_query_operators,
        )


def enforce(shape: QueryShape, graph_names: Iterable[str]) -> None:
    """Refuse, before execution, what would reach outside the store or write to it."""
    if shape.update:
        raise QueryRefusedError(
            "Điểm truy vấn công khai chỉ đọc: không nhận SPARQL Update (kể cả LOAD). Dữ liệu mới đi qua đường nhập liệu.",
            "The public endpoint is read-only: SPARQL Update (including LOAD) is refused. New data goes through ingest.",
            reason="update",
        )
    if shape.service:
        raise QueryRefusedError(
            "Truy vấn liên kết (SERVICE) bị từ chối: điểm truy vấn này không gửi yêu cầu ra ngoài.",
            "Federated queries (SERVICE) are refused: this endpoint makes no outbound requests.",
            reason="service",
        )
    known = set(graph_names)
    remote = [iri for iri in (*shape.from_graphs, *shape.from_named) if iri not in known]
    if remote:
        listed = ", ".join(f"<{iri}>" for iri in remote)
        raise QueryRefusedError(
            f"FROM/FROM NAMED chỉ được nêu đồ thị có trong kho; không tải đồ thị từ xa: {listed}.",
            f"FROM/FROM NAMED may only name graphs in this store; remote graphs are not fetched: {listed}.",
            reason="remote_from", graphs=remote,
        )
