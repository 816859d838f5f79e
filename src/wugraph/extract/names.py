"""Names printed after a head word: models (mô hình, CLB, tổ, nhóm) and programmes (phong trào, cuộc vận động…).

The printed head decides what a name is: `mô hình “Mẹ đỡ đầu”` is a model, `chương trình “Mẹ đỡ đầu”` a
programme, `Diễn đàn “…”` or `với chủ đề “…”` neither. A quoted name takes the nearest head before it in
its clause (`mô hình điểm “…”`, `mô hình thôn, xóm “…”`, `các mô hình cụ thể, như: “…”`); the next items of
a quoted list (`“A”, “B” và “C”`) take the same head; a quoted name with no head counts when it opens with
a head itself (`“Tuần lễ áo dài”`). Unquoted names run from the head to a stop word or punctuation:
`mô hình Suất ăn yêu thương;`, `CLB Dân vũ và CLB Nữ doanh nhân`, `chương trình xây dựng nông thôn mới`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import Document, lower_re
from .patterns import at_word_end, at_word_start, lower_shadow


@dataclass(frozen=True)
class Head:
    """A printed head word: what it introduces and, for models, the model type it declares."""

    text: str
    category: str  # "model" | "programme" | "other"
    model_type: str | None = None
    programme_kind: str | None = None
    capital_only: bool = False  # unquoted names after it must start with a capital ('tổ', 'nhóm')


HEADS: tuple[Head, ...] = (
    Head("mô hình", "model"), Head("câu lạc bộ", "model", "Club"), Head("clb", "model", "Club"),
    Head("tổ hợp tác", "model", "CooperativeGroup", capital_only=True), Head("tổ", "model", "InterestGroup", capital_only=True),
    Head("nhóm", "model", "InterestGroup", capital_only=True),
    Head("phong trào thi đua", "programme", programme_kind="phong_trao"), Head("phong trào", "programme", programme_kind="phong_trao"),
    Head("cuộc vận động", "programme", programme_kind="cuoc_van_dong"), Head("đề án", "programme", programme_kind="de_an"),
    Head("chương trình hành động", "programme", programme_kind="chuong_trinh"),
    Head("chương trình mục tiêu quốc gia", "programme", programme_kind="chuong_trinh"),
    Head("chương trình", "programme", programme_kind="chuong_trinh"), Head("khâu đột phá", "programme", programme_kind="breakthrough_task"),
    Head("giải thưởng", "programme", programme_kind="giai_thuong"), Head("kỷ niệm chương", "programme", programme_kind="award"),
    Head("tuần lễ", "programme", programme_kind="campaign"),
    Head("chủ đề", "other"), Head("phương châm", "other"), Head("khẩu hiệu", "other"), Head("thông điệp", "other"),
    Head("diễn đàn", "other"), Head("hội thi", "other"), Head("cuộc thi", "other"), Head("tọa đàm", "other"),
    Head("hội thảo", "other"), Head("hội nghị", "other"), Head("lễ", "other"), Head("tiêu chí", "programme", programme_kind="cuoc_van_dong"),
    Head("dự án", "other"), Head("nghị quyết", "other"), Head("chỉ thị", "other"), Head("kế hoạch", "other"), Head("luật", "other"),
    Head("tác phẩm", "other"), Head("tiểu phẩm", "other"), Head("bài hát", "other"), Head("ca khúc", "other"),
)
_HEAD_KEYS = sorted(((lower_shadow(h.text), h) for h in HEADS), key=lambda kv: -len(kv[0]))
_HEAD_PATTERN = re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k, _ in _HEAD_KEYS) + r")(?![\w'])")
_HEAD_BY_KEY = dict(_HEAD_KEYS)
_DOUBLE_QUOTES = re.compile(r"“([^”“\n]{1,160})”|\"([^\"\n]{1,160})\"|“([^”“\n;]{3,160})(?=;|\n|$)")
_SINGLE_QUOTES = re.compile(r"['‘]([^'’‘\n]{1,60})['’](?![\w])")
_LIST_SEPARATOR = lower_re(r"^\s*(?:,|;|và|hoặc|cùng|,\s*và|[-–])\s*$")
# Gaps allowed between a head and its quoted name: qualifiers ('điểm', 'thôn, xóm'), or a list intro ('…, như:').
_SHORT_GAP = lower_re(r"^\s*(?:[^\W\d_][\w']*\s*,?\s*){0,3}$")
_LIST_INTRO = lower_re(r"^[^.;“”\"]{0,80}(?:như|gồm|là|:)\s*:?\s*$")
_ABOUT = lower_re(r"^[^.;:“”\"]{0,80}\svề\s*$")
_UNQUOTED_STOP = lower_re(
    r"[.;:!?()\[\]“”\"…\n]|,|\s(?:của|tại|ở|cho|với|nhằm|được|đã|do|để|trên|gắn với|là|thì|có|góp phần|trong|vào|từ|và|"
    r"đến|cùng|hiện|đang|sẽ|mà|khi|bằng|qua|phù hợp|rất|đều|nên|này|đó|năm \d|tổ chức|họp mặt|kỷ niệm|ra mắt|sinh hoạt|"
    r"hoạt động|tham gia|thực hiện|nhân rộng|giai đoạn|nhiệm kỳ|lần)(?![\w'])")
_DASH_BEFORE_CAPITAL = re.compile(r"\s[-–]\s(?=[^\W\d_])(?=[A-ZĐÀ-Ỹ])")
# Unquoted names never open with an organisation or a unit ('mô hình Hội LHPN xã đăng ký…').
_NOT_A_NAME_START = lower_re(r"(?:hội|chi hội|ubnd|ủy ban|đảng|huyện|xã|phường|tỉnh|thị|thành phố|ban|đoàn)(?![\w'])")
# Programme names printed without quotes: a capitalised name, or one of the set phrases.
_PROGRAMME_PHRASES = lower_re(r"xây dựng (?:nông thôn mới|vườn mẫu|gia đình|khu dân cư)")
# Words after which a lower-case unquoted model name may follow ('từ mô hình thu gom phế liệu gây quỹ').
_MODEL_CUES = lower_re(r"(?:từ|các|những|duy trì|nhân rộng|ra mắt|thành lập|xây dựng|triển khai|thực hiện|với|trì|về)\s+$")
_GENERIC_FIRST = frozenset(lower_shadow(w) for w in (
    "này", "đó", "mới", "trên", "hoạt", "hiệu", "phù", "cụ", "tuy", "được", "đã", "của", "tại", "ở", "với", "cho", "thì", "là",
    "có", "gồm", "nhằm", "và", "để", "sinh", "kinh", "điểm", "nào", "kiểu", "tiêu", "đang", "sẽ", "hay", "các", "nhiều", "trong",
    "tốt", "hay", "thí", "mẫu", "chung", "chính", "phát", "đến", "từ", "nhân", "rộng", "bền", "thiết", "ý", "tiếp", "vẫn", "giúp",
    "khác", "như", "thực", "triển", "xây", "duy", "hỗ", "vận", "tham", "trao", "sản", "chăn", "trồng", "nuôi", "thứ",
    "đầu", "kỷ", "văn", "hành", "thường", "cấp", "trọng", "năm", "tháng", "ngày", "ra", "tiến", "toàn", "trực", "liên", "không",
    "tập"))
_PLATFORMS = frozenset({"zalo", "facebook", "messenger", "tiktok", "youtube"})  # 'nhóm Zalo' is a chat group
_HOUSEHOLD = lower_re(r"^\s*(?:của|tại)\s+(?:gia đình|hộ|chị|bà|anh|ông)(?!\w)")


@dataclass(frozen=True)
class NamedMention:
    """A name and the head that introduces it, with the offsets of both (the evidence)."""

    name: str
    name_start: int
    name_end: int
    head_start: int
    end: int  # end of the printed form, closing quote included
    head: Head
    quoted: bool
    rule: str

    @property
    def start(self) -> int:
        return min(self.head_start, self.name_start)


def _heads(doc: Document) -> list[tuple[int, int, Head]]:
    out = []
    for match in _HEAD_PATTERN.finditer(doc.lower):
        head = _HEAD_BY_KEY[match.group(1)]
        if head.text == "clb" and not doc.text[match.start()].isupper():
            continue
        out.append((match.start(), match.end(), head))
    return out


def quoted_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans of quoted names (without the quote marks)."""
    spans = []
    for match in _DOUBLE_QUOTES.finditer(doc.text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        if group == 3 and not doc.text[match.end():].strip():
            continue  # a name cut off at the end of the text is left out
        spans.append((match.start(group), match.end(group)))
    return spans


def _single_quoted(doc: Document, heads: list[tuple[int, int, Head]]) -> list[tuple[int, int]]:
    """'…' and ‘…’ count only right after a model head ('mô hình '1+1''), since ' is also a letter in names."""
    spans = []
    ends = {end for _, end, head in heads if head.category == "model"}
    for match in _SINGLE_QUOTES.finditer(doc.text):
        before = match.start()
        while before > 0 and doc.text[before - 1] == " ":
            before -= 1
        if before in ends:
            spans.append((match.start(1), match.end(1)))
    return spans


def _clean(doc: Document, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc.text[start].isspace() or doc.text[start] in ",;-–"):
        start += 1
    while end > start and (doc.text[end - 1].isspace() or doc.text[end - 1] in ",;-–.…"):
        end -= 1
    return start, end


def _head_for_quote(doc: Document, start: int, heads: list[tuple[int, int, Head]], sentence_start: int) -> tuple[int, Head] | None:
    """The nearest head before a quoted name, when only qualifiers or a list intro stand between them."""
    for head_start, head_end, head in reversed(heads):
        if head_end > start - 1 or head_start < sentence_start:
            if head_start < sentence_start:
                return None
            continue
        gap = doc.lower[head_end:start - 1]
        if _SHORT_GAP.match(gap) or (head.category == "model" and _LIST_INTRO.match(gap)) \
                or (head.category == "programme" and _ABOUT.match(gap)):
            return head_start, head
        return None
    return None


def _quoted_head(doc: Document, start: int, end: int) -> Head | None:
    """A head printed inside the quotes ('“CLB Nữ trí thức”', '“Tuần lễ áo dài”')."""
    match = _HEAD_PATTERN.match(doc.lower, start)
    if match is None:
        return None
    head = _HEAD_BY_KEY[match.group(1)]
    return head if head.category != "other" and doc.text[start].isupper() else None


def _unquoted(doc: Document, head_start: int, head_end: int, head: Head) -> tuple[int, int] | None:
    """A name printed without quotes right after its head, up to a stop word or punctuation."""
    start = head_end
    if not doc.text.startswith(" ", start) or start + 1 >= len(doc.text):
        return None
    start += 1
    first = doc.text[start]
    capital = first.isupper() or first.isdigit()
    if head.capital_only and not first.isupper():
        return None  # 'tổ 5', 'tổ hợp tác 10 bộ dụng cụ': a number after 'tổ' is not a name
    if head.capital_only or head.model_type == "Club" or head.category == "programme":
        if not capital and not (head.category == "programme" and _PROGRAMME_PHRASES.match(doc.lower, start)):
            return None
    elif not first.isalpha() and not capital:
        return None
    if _NOT_A_NAME_START.match(doc.lower, start):
        return None
    stop = _UNQUOTED_STOP.search(doc.lower, start)
    end = stop.start() if stop else len(doc.text)
    dash = _DASH_BEFORE_CAPITAL.search(doc.text, start, end)
    end = dash.start() if dash else end
    start, end = _clean(doc, start, end)
    words = doc.text[start:end].split()
    if not words or len(words) > 12 or doc.text[head_start:end].isupper() or lower_shadow(words[0]) in _PLATFORMS:
        return None
    if not capital:
        line_start = doc.text.rfind("\n", 0, head_start) + 1
        if head.category == "model" and (len(words) < 2 or lower_shadow(words[0]) in _GENERIC_FIRST
                                         or not doc.text[head_start].islower() or not _MODEL_CUES.search(doc.lower[line_start:head_start])):
            return None
    elif head.category == "programme" and len(words) < 2:
        return None
    if _HOUSEHOLD.match(doc.lower[end:end + 20]):
        return None
    return (head_start if head.capital_only else start), end


def find_named(doc: Document) -> list[NamedMention]:
    """Every model and programme name, left to right (one per printing; merging is the caller's)."""
    heads = _heads(doc)
    quotes = sorted(set(quoted_spans(doc)) | set(_single_quoted(doc, heads)))
    out: list[NamedMention] = []
    used_heads: set[int] = set()
    previous: tuple[int, Head, int] | None = None  # (end of the last quoted name, its head, head start)
    for start, end in quotes:
        sentence = doc.sentence_at(start)
        sentence_start = sentence.start if sentence else 0
        found = None
        if previous is not None and _LIST_SEPARATOR.match(doc.lower[previous[0] + 1:start - 1]):
            found = (previous[2], previous[1])
        found = found or _head_for_quote(doc, start, heads, sentence_start)
        rule = "name.quoted"
        if found is None:
            inner = _quoted_head(doc, start, end)
            if inner is None:
                previous = None
                continue
            found, rule = (start, inner), "name.quoted-with-head"
        head_start, head = found
        used_heads.add(head_start)
        previous = (end, head, head_start)
        name_start, name_end = _clean(doc, start, end)
        if head.category == "other" or name_end <= name_start:
            continue
        closing = end + 1 if end < len(doc.text) and doc.text[end] in "”\"'’" else end
        out.append(NamedMention(doc.text[name_start:name_end], name_start, name_end, head_start, closing, head, True, rule))
    for head_start, head_end, head in heads:
        if head_start in used_heads or head.category == "other" or not at_word_start(doc, head_start) or not at_word_end(doc, head_end):
            continue
        if any(s <= head_start < e for s, e in quotes) or re.match(r"\s*[“\"'‘]", doc.text[head_end:head_end + 3]):
            continue
        span = _unquoted(doc, head_start, head_end, head)
        if span is None:
            continue
        out.append(NamedMention(doc.text[span[0]:span[1]], span[0], span[1], head_start, span[1], head, False, "name.unquoted"))
        if head.text == "mô hình" and doc.text[span[0]].isupper():
            out.extend(_listed_names(doc, span[1], head_start, head))
    return sorted(out, key=lambda m: m.name_start)


def _listed_names(doc: Document, position: int, head_start: int, head: Head) -> list[NamedMention]:
    """'duy trì mô hình Người nội trợ thông minh, Vườn rau dinh dưỡng gia đình;': capitalised items after the first."""
    out = []
    while doc.text.startswith(", ", position) and doc.text[position + 2:position + 3].isupper():
        start = position + 2
        stop = _UNQUOTED_STOP.search(doc.lower, start)
        end = stop.start() if stop else len(doc.text)
        start, end = _clean(doc, start, end)
        words = doc.text[start:end].split()
        if not 2 <= len(words) <= 8 or _NOT_A_NAME_START.match(doc.lower, start) or doc.text[end:end + 1] not in (";", ".", ","):
            break
        out.append(NamedMention(doc.text[start:end], start, end, head_start, end, head, False, "name.unquoted-listed"))
        position = end
    return out
