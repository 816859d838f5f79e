"""Names printed after a head word: models (mô hình, CLB, tổ, nhóm) and programmes (phong trào, cuộc vận động…).

The printed head decides what a name is: `mô hình “Mẹ đỡ đầu”` is a model, `chương trình “Mẹ đỡ đầu”` a
programme, `Diễn đàn “…”` or `với chủ đề “…”` neither. A quoted name takes the nearest head before it in
its clause (`mô hình điểm “…”`, `mô hình thôn, xóm “…”`, `các mô hình cụ thể, như: “…”`); the next items of
a quoted list (`“A”, “B” và “C”`) take the same head; a quoted name with no head counts when it opens with
a head itself (`“Tuần lễ áo dài”`). Unquoted names run from the head to a stop word or punctuation:
`mô hình Suất ăn yêu thương;`, `CLB Dân vũ và CLB Nữ doanh nhân`, `chương trình xây dựng nông thôn mới`; a unit
printed after them is not part of them (`CLB Nữ doanh nhân T.P Gia Nghĩa`). Lists: items after `mô hình:` or
`như:`, the item after `và` of a lower-case name; a capitalised `Tổ`/`Nhóm`/`CLB` after a launch word opens a
lower-case name (`ra mắt Tổ phụ nữ buôn bán nhỏ`). Programmes keep the unquoted words before their quotes
(`cuộc vận động xây dựng “Gia đình 5 không, 3 sạch”`), may be named in lower case after phong trào / cuộc vận
động when they are neither plurals nor activities (`phong trào dân vũ`), and run over lower-case parts after
commas (`Phụ nữ tích cực học tập, lao động sáng tạo, …`).
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
    Head("dự án", "programme", programme_kind="du_an"), Head("học bổng", "programme", programme_kind="award"), Head("nghị quyết", "other"), Head("chỉ thị", "other"), Head("kế hoạch", "other"), Head("luật", "other"),
    Head("tác phẩm", "other"), Head("tiểu phẩm", "other"), Head("bài hát", "other"), Head("ca khúc", "other"),
)
_HEAD_KEYS = sorted(((lower_shadow(h.text), h) for h in HEADS), key=lambda kv: -len(kv[0]))
_HEAD_PATTERN = re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k, _ in _HEAD_KEYS) + r")(?![\w'])")
_HEAD_BY_KEY = dict(_HEAD_KEYS)
_DOUBLE_QUOTES = re.compile(r"“([^”“\n]{1,160})”|\"([^\"\n]{1,160})\"|“([^”“\n;]{3,160})(?=;|\n|$)")
_SINGLE_QUOTES = re.compile(r"['‘]([^'’‘\n]{1,60})['’](?![\w])")
_LIST_SEPARATOR = lower_re(r"^\s*(?:,|;|và|hoặc|cùng|,\s*và|[-–])\s*$")
# Gaps allowed between a head and its quoted name: qualifiers ('điểm', 'thôn, xóm'), or a list intro ('…, như:').
_SHORT_GAP = lower_re(r"^\s*\)?\s*(?:\([^()]{1,12}\)\s*)?(?:[^\W\d_][\w']*\s*,?\s*(?:\([^()]{1,12}\)\s*)?){0,3}$")
_LIST_INTRO = lower_re(r"^[^.;“”\"]{0,80}(?:như|gồm|là|:)\s*:?\s*$")
_ABOUT = lower_re(r"^[^.;:“”\"]{0,80}\svề\s*$")
_UNQUOTED_STOP = lower_re(
    r"[.;:!?()\[\]“”\"…\n]|,|\s(?:của|tại|ở|cho|với|nhằm|được|đã|do|để|trên|gắn với|là|thì|có|góp phần|trong|vào|từ|và|"
    r"đến|cùng|hiện|đang|sẽ|mà|khi|bằng|qua|phù hợp|rất|đều|nên|này|đó|năm \d|tổ chức|họp mặt|kỷ niệm|ra mắt|sinh hoạt|"
    r"hoạt động|tham gia|thực hiện|nhân rộng|giai đoạn|nhiệm kỳ|lần|như|thuộc)(?![\w'])")
_DASH_BEFORE_CAPITAL = re.compile(r"\s[-–]\s(?=[^\W\d_])(?=[A-ZĐÀ-Ỹ])")
# Unquoted names never open with an organisation or a unit ('mô hình Hội LHPN xã đăng ký…').
_NOT_A_NAME_START = lower_re(r"(?:hội|chi hội|ubnd|ủy ban|đảng|huyện|xã|phường|tỉnh|thị|thành phố|ban|đoàn)(?![\w'])")
# Programme names printed without quotes: a capitalised name, or one of the set phrases.
_PROGRAMME_PHRASES = lower_re(r"xây dựng (?:nông thôn mới|vườn mẫu|gia đình|khu dân cư)")
# Words after which a lower-case unquoted model name may follow ('từ mô hình thu gom phế liệu gây quỹ').
_MODEL_CUES = lower_re(r"(?:từ|các|những|duy trì|nhân rộng|ra mắt|thành lập|xây dựng|triển khai|thực hiện|với|trì|về)\s+(?:\d+\s+)?$")
_GENERIC_FIRST = frozenset(lower_shadow(w) for w in (
    "này", "đó", "mới", "trên", "hoạt", "hiệu", "phù", "cụ", "tuy", "được", "đã", "của", "tại", "ở", "với", "cho", "thì", "là",
    "có", "gồm", "nhằm", "và", "để", "sinh", "kinh", "điểm", "nào", "kiểu", "tiêu", "đang", "sẽ", "hay", "các", "nhiều", "trong",
    "tốt", "hay", "thí", "mẫu", "chung", "chính", "phát", "đến", "từ", "nhân", "rộng", "bền", "thiết", "ý", "tiếp", "vẫn", "giúp",
    "khác", "như", "thực", "triển", "xây", "duy", "hỗ", "vận", "tham", "trao", "sản", "chăn", "trồng", "nuôi", "thứ",
    "đầu", "kỷ", "văn", "hành", "thường", "cấp", "trọng", "năm", "tháng", "ngày", "ra", "tiến", "toàn", "trực", "liên", "không",
    "tập", "thuộc", "mới"))
# Launch and operation words after which a capitalised 'Tổ' / 'Nhóm' / 'CLB' opens a name in lower case.
_GROUP_CUES = lower_re(r"(?:ra mắt|thành lập|từ|mô hình|trao|lễ ra mắt)\s+$")
_NOT_GROUP_FIRST = frozenset(lower_shadow(w) for w in ("chức", "quốc", "trưởng", "phó", "dân", "công", "viên", "hợp", "này", "đó",
                                                       "thành", "nhân", "hội", "chi", "trực", "giúp", "tự", "nữ"))
_ONLY_HEADS = lower_re(r"(?:câu lạc bộ|clb|tổ|nhóm|tổ hợp tác|mô hình)(?:\s*\(\w+\))?")
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")
# A unit printed after an unquoted name ends it ('Câu lạc bộ Phụ nữ khuyết tật T.P Thái Nguyên').
_TYPED_PLACE = re.compile(r"\s(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|TP\.?|T\.P\.?|TX\.?|T\.X\.?|thôn|ấp|bản|buôn|"
                          r"khu phố|tổ dân phố)\s*(?=[A-ZĐ\d])")
_NOT_LEAD = frozenset(lower_shadow(w) for w in ("về", "như", "là", "gồm", "với", "của", "mang", "có", "thi", "đua", "các"))
_DURATION = lower_re(r"\d+\s+(?:năm|tháng)\s+(?=[^\W\d_])")
_PLURAL_BEFORE = lower_re(r"(?:các|những|nhiều|mọi|\d+)\s+$")
_NOT_MOVEMENT = frozenset(lower_shadow(w) for w in ("thi", "chung", "ở", "tại", "trên", "do", "nói", "lớn", "sôi", "rộng"))
_ACTIVITY = lower_re(r"(?:luyện tập |tập luyện )?(?:dân vũ|thể dục|thể thao|văn nghệ|văn hóa|múa|hát|đọc sách)(?![\w'])")
_NOT_A_MOVEMENT = lower_re(r"(?<![\w'])(?:xã|huyện|tỉnh|phường|thành phố|ngày càng|ngày một|một cách|trong|của|nhà|này|đó|địa phương)(?![\w'])")
_ACTION_WORDS = frozenset(lower_shadow(w) for w in ("nuôi", "trồng", "chăn", "thực", "giúp", "xây", "hỗ", "tham", "vận", "sản"))
_CATEGORY_INTRO = lower_re(r"\s*(?:như|gồm|bao gồm)(?![\w'])")
_COLON_INTRO = lower_re(r"\s*(?:như|gồm|là)?\s*:\s*")
_LIST_ITEM_STOP = lower_re(r"[.;:!?()\[\]“”\"…\n]|,|\s(?:và|của|tại|ở|được|đã|do|để|góp phần|nhằm|cùng)\s|\.\.\.")
_LIST_ITEM_JOIN = lower_re(r"\s*(?:,\s*(?:và\s+)?|\s+và\s+|;\s*)")
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
        following = _NEXT_WORD.match(doc.lower, match.end())
        if head.capital_only and following is not None and following.group(1) in _NOT_GROUP_FIRST:
            continue  # 'tổ chức', 'Tổ quốc', 'tổ trưởng': not a group's head
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
    if head.category == "model" and head.text != "mô hình" and not capital and first.isalpha():
        return _lower_case_group(doc, head_start, start, head)
    if head.capital_only and not first.isupper():
        return None  # 'tổ 5', 'tổ hợp tác 10 bộ dụng cụ': a number after 'tổ' is not a name
    duration = _DURATION.match(doc.lower, start) if head.category == "programme" else None
    if duration is not None:  # 'phong trào 1 năm nuôi lợn tiết kiệm': the name starts after the span of time
        start, first = duration.end(), doc.text[duration.end()]
        capital = first.isupper()
    if head.capital_only or head.model_type == "Club" or head.category == "programme":
        if not capital and not (head.category == "programme" and (_PROGRAMME_PHRASES.match(doc.lower, start)
                                                                   or _movement(doc, head_start, start, head))):
            return None
    elif not first.isalpha() and not capital:
        return None
    if _NOT_A_NAME_START.match(doc.lower, start):
        return None
    stop = _UNQUOTED_STOP.search(doc.lower, start)
    end = stop.start() if stop else len(doc.text)
    dash = _DASH_BEFORE_CAPITAL.search(doc.text, start, end)
    end = dash.start() if dash else end
    place = _TYPED_PLACE.search(doc.text, start, end + 12)
    end = min(end, place.start()) if place is not None and place.start() > start else end  # 'CLB X T.P Thái Nguyên' 
    start, end = _clean(doc, start, end)
    words = doc.text[start:end].split()
    if not words or len(words) > 12 or doc.text[head_start:end].isupper() or lower_shadow(words[0]) in _PLATFORMS:
        return None
    if _ONLY_HEADS.fullmatch(doc.lower, start, end):
        return None  # 'mô hình Câu lạc bộ (CLB) “…”': a wrapper, the name is in the quotes
    if not capital and _CATEGORY_INTRO.match(doc.lower, end):
        return None  # 'các mô hình làm theo Bác như: …' names a kind of model, the items follow
    if not capital:
        line_start = doc.text.rfind("\n", 0, head_start) + 1
        if head.category == "model" and (len(words) < 2 or lower_shadow(words[0]) in _GENERIC_FIRST
                                         or not doc.text[head_start].islower() or not _MODEL_CUES.search(doc.lower[line_start:head_start])):
            return None
    elif head.category == "programme" and len(words) < 2:
        return None
    if _HOUSEHOLD.match(doc.lower[end:end + 20]):
        return None
    if head.category == "programme" and (capital or any(c.isdigit() for c in doc.text[start:end])):
        end = _continued(doc, end)
    return (head_start if head.capital_only else start), end


def _movement(doc: Document, head_start: int, start: int, head: Head) -> bool:
    """'phong trào thực hành tiết kiệm', 'cuộc vận động phụ nữ chung sức …': a named movement in lower case, not a
    plural ('các phong trào thi đua') nor an activity ('phong trào dân vũ', 'phong trào thể dục, thể thao')."""
    if head.programme_kind not in ("phong_trao", "cuoc_van_dong") or _PLURAL_BEFORE.search(doc.lower, max(0, head_start - 12), head_start):
        return False
    stop = _UNQUOTED_STOP.search(doc.lower, start)
    phrase = doc.lower[start:stop.start() if stop else len(doc.text)]
    words = phrase.split()
    return len(words) >= 3 and words[0] not in _GENERIC_FIRST - _ACTION_WORDS and words[0] not in _NOT_MOVEMENT \
        and not _ACTIVITY.match(doc.lower, start) and not _NOT_A_MOVEMENT.search(phrase)


def _continued(doc: Document, end: int) -> int:
    """'Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc': lower-case parts after commas."""
    while doc.text.startswith(", ", end):
        stop = _UNQUOTED_STOP.search(doc.lower, end + 2)
        part_end = stop.start() if stop else len(doc.text)
        words = doc.text[end + 2:part_end].split()
        if not 2 <= len(words) <= 6 or not all(w[0].islower() or w[0].isdigit() for w in words):
            return end
        end = part_end
    return end


def _lower_case_group(doc: Document, head_start: int, start: int, head: Head) -> tuple[int, int] | None:
    """'ra mắt Tổ phụ nữ tiểu thương', 'từ Tổ góp vốn mua xi măng': a group or club whose head is capitalised as a
    name's and whose words are not, right after a launch or operation word."""
    line_start = doc.text.rfind("\n", 0, head_start) + 1
    if not doc.text[head_start].isupper() or not _GROUP_CUES.search(doc.lower[max(line_start, head_start - 25):head_start]):
        return None
    if _UNQUOTED_STOP.match(doc.lower, start - 1):
        return None  # 'Việc thành lập CLB góp phần …': a verb follows, no name
    stop = _UNQUOTED_STOP.search(doc.lower, start)
    end = stop.start() if stop else len(doc.text)
    start, end = _clean(doc, start, end)
    words = doc.text[start:end].split()
    if not 1 <= len(words) <= 10 or lower_shadow(words[0]) in _NOT_GROUP_FIRST or lower_shadow(words[0]) in _GENERIC_FIRST:
        return None
    if _HOUSEHOLD.match(doc.lower[end:end + 20]):
        return None
    return (head_start if head.capital_only else start), end


def _colon_list(doc: Document, head_end: int, head_start: int, head: Head) -> list[NamedMention]:
    """'Với các mô hình: Tổ góp vốn xoay vòng, Tổ tiết kiệm vay vốn, …': capitalised items listed after a colon."""
    intro = _COLON_INTRO.match(doc.lower, head_end)
    if intro is None:
        return []
    out = []
    position = intro.end()
    while position < len(doc.text) and doc.text[position].isupper() and not _NOT_A_NAME_START.match(doc.lower, position):
        stop = _LIST_ITEM_STOP.search(doc.lower, position)
        end = stop.start() if stop else len(doc.text)
        start, end = _clean(doc, position, end)
        words = doc.text[start:end].split()
        if not 1 <= len(words) <= 10 or (stop is None and end == len(doc.text)):
            break
        out.append(NamedMention(doc.text[start:end], start, end, head_start, end, head, False, "name.listed"))
        joined = _LIST_ITEM_JOIN.match(doc.lower, end)
        if joined is None:
            break
        position = joined.end()
    return out


def _lead_words(doc: Document, head_start: int, quote: int) -> int | None:
    """Where the lower-case words between a programme's head and its quoted name start, when there are any."""
    head = _HEAD_PATTERN.match(doc.lower, head_start)
    if head is None:
        return None
    gap = doc.text[head.end():quote - 1]
    words = gap.split()
    if not 1 <= len(words) <= 4 or not all(w.islower() and w.isalpha() for w in words) or lower_shadow(words[0]) in _NOT_LEAD:
        return None
    return head.end() + len(gap) - len(gap.lstrip())


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
        name = doc.text[name_start:name_end]
        lead = _lead_words(doc, head_start, start) if head.category == "programme" and rule == "name.quoted" else None
        if lead is not None:  # 'cuộc vận động xây dựng “Gia đình 5 không, 3 sạch”': the unquoted words belong to the name
            name, name_start = f"{doc.text[lead:start - 1].strip()} {name}", lead
        out.append(NamedMention(name, name_start, name_end, head_start, closing, head, True, rule))
    for head_start, head_end, head in heads:
        if head_start in used_heads or head.category == "other" or not at_word_start(doc, head_start) or not at_word_end(doc, head_end):
            continue
        if any(s <= head_start < e for s, e in quotes) or re.match(r"\s*[“\"'‘]", doc.text[head_end:head_end + 3]):
            continue
        listed = _colon_list(doc, head_end, head_start, head) if head.text == "mô hình" else []
        if listed:
            out.extend(listed)
            continue
        span = _unquoted(doc, head_start, head_end, head)
        if span is None:
            continue
        out.append(NamedMention(doc.text[span[0]:span[1]], span[0], span[1], head_start, span[1], head, False, "name.unquoted"))
        if head.text == "mô hình" and doc.text[span[0]].isupper():
            out.extend(_listed_names(doc, span[1], head_start, head))
        elif head.text == "mô hình":
            second = _second_lower_case(doc, span[1])
            if second is not None:  # 'mô hình ống tiền tiết kiệm và hũ gạo tình thương'
                out.append(NamedMention(doc.text[second[0]:second[1]], second[0], second[1], head_start, second[1], head, False,
                                        "name.unquoted-listed"))
    return sorted(out, key=lambda m: m.name_start)


def _second_lower_case(doc: Document, end: int) -> tuple[int, int] | None:
    """The item after 'và' of a lower-case model name, when it runs to punctuation in two to six words."""
    if not doc.lower.startswith(" và ", end):
        return None
    start = end + 4
    stop = _UNQUOTED_STOP.search(doc.lower, start)
    if stop is None or doc.lower.startswith(" và", stop.start()):
        return None
    words = doc.text[start:stop.start()].split()
    if not 2 <= len(words) <= 6 or not all(w.islower() for w in words) or lower_shadow(words[0]) in _GENERIC_FIRST:
        return None
    return start, stop.start()


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
