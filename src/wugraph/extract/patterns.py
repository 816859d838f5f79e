"""The word lists every rule shares: honorifics, surnames, titles, type words, event and model kinds.

Entries are written as printed; they are matched against the `lower` shadow (or the `folded`
shadow where text typed without diacritics must match too), so each list is passed through the
same shadowing once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import Document, folded_shadow, lower_shadow

# --- Names ------------------------------------------------------------------

# Family names (and ethnic name prefixes) that open a full name printed without an honorific.
SURNAMES: frozenset[str] = frozenset(lower_shadow(s) for s in """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lâm Mai Trương Trịnh Hà
Lưu Tô Tôn Cao Chu Quách Thái Lương Vương Triệu Tạ La Mạc Kim Châu Điểu Thạch Sơn Danh Chau Néang Ksor Rah
Rơ Siu Nay Y H' K' Ka Sùng Vàng Giàng Thào Lò Lường Cầm Hầu Mã Lồ Ly Tẩn Bàn Đào Khổng Kiều Lại Văn Ninh
Nông Triệu Đàm Từ Doãn Âu Bế Hứa Phùng Thân Thiều Tăng Trình Viên Lục Mông Vi Sầm Hoàng Kpă Rcom Bdap Mạch Khúc Giáp
Quan Ôn Yên Lã Hàn Khương Văn Lạc Nghiêm Ung Cù Kha Vòng Trịnh""".split())

# Historical figures whose names follow titles in set phrases ("Chủ tịch Hồ Chí Minh"): never extracted.
NOT_PERSONS: frozenset[str] = frozenset(lower_shadow(n) for n in (
    "Hồ Chí Minh", "Tôn Đức Thắng", "Võ Nguyên Giáp", "Hai Bà Trưng", "Nguyễn Thị Định", "Võ Thị Sáu", "Nguyễn Thị Minh Khai"))

# A name token: letters, with inner apostrophes ("H'Bơ", "G'long"); names print it with a capital.
NAME_TOKEN = re.compile(r"[^\W\d_]\w*(?:['’ʼ]\w+)*")

# --- Titles (positions held) -----------------------------------------------


@dataclass(frozen=True)
class Title:
    """One entry of the title lexicon: printed form, role concept (local name in wu:) or None."""

    text: str  # the title written out in full ('phó bí thư thường trực' for 'Phó Bí thư TT')
    role: str | None
    takes_name: bool = False  # "Trưởng ban Dân vận": the title continues with the body's name
    printed: str | None = None  # how it is printed when that differs from `text`
    level: str | None = None  # the level the title itself implies ('tỉnh ủy viên' → province)


TITLES: tuple[Title, ...] = (
    Title("phó chủ tịch thường trực", "StandingViceChair"),
    Title("phó chủ tịch thường trực", "StandingViceChair", printed="phó chủ tịch tt"),
    Title("phó bí thư thường trực", "StandingDeputySecretary", printed="phó bí thư tt"),
    Title("phó bí thư thường trực đảng ủy", "StandingDeputySecretary", printed="phó bí thư ttđu", level="commune"),
    Title("ủy viên thường vụ", "CommitteeMember"),
    Title("tỉnh ủy viên", None, level="province"), Title("thành ủy viên", None), Title("huyện ủy viên", None, level="district"),
    Title("thị ủy viên", None, level="district"), Title("quận ủy viên", None, level="district"), Title("đảng ủy viên", None),
    Title("phó ban", None, True),
    Title("phó chủ tịch", "ViceChair"),
    Title("chủ tịch", "Chair"),
    Title("phó bí thư thường trực", "StandingDeputySecretary"),
    Title("phó bí thư", "DeputySecretary"),
    Title("bí thư", "Secretary"),
    Title("ủy viên ban thường vụ", "CommitteeMember"),
    Title("ủy viên ban chấp hành", "CommitteeMember"),
    Title("ủy viên btv", "CommitteeMember"),
    Title("ủy viên bch", "CommitteeMember"),
    Title("phó trưởng ban", None, True),
    Title("trưởng ban", None, True),
    Title("phó trưởng phòng", None, True),
    Title("trưởng phòng", None, True),
    Title("phó giám đốc", None),
    Title("giám đốc", None),
    Title("chánh văn phòng", None),
    Title("chi hội trưởng", "Chair", True, level="branch"),
    Title("chi hội phó", "ViceChair", True, level="branch"),
    Title("tổ trưởng", None),
    Title("tổ phó", None),
    Title("phó chủ nhiệm", None),
    Title("chủ nhiệm", None),
    Title("trưởng thôn", None),
    Title("trưởng ấp", None), Title("trưởng bản", None), Title("trưởng khu phố", None), Title("tổ trưởng tổ dân phố", None),
    Title("trưởng đoàn", None), Title("phó trưởng đoàn", None), Title("hiệu trưởng", None), Title("phó hiệu trưởng", None),
    Title("chủ nhiệm ủy ban kiểm tra", None), Title("phó chủ nhiệm ủy ban kiểm tra", None),
)
# Abbreviated titles, matched case-sensitively on the printed text.
TITLE_ABBREVIATIONS: dict[str, Title] = {
    "PCT": Title("phó chủ tịch", "ViceChair"), "CT": Title("chủ tịch", "Chair"), "PBT": Title("phó bí thư", "DeputySecretary"),
    "TUV": Title("tỉnh ủy viên", None, level="province"), "HUV": Title("huyện ủy viên", None, level="district"),
    "ThUV": Title("thành ủy viên", None),
    "UVBTV": Title("ủy viên ban thường vụ", "CommitteeMember"), "UV.BTV": Title("ủy viên ban thường vụ", "CommitteeMember"),
    "UVTV": Title("ủy viên thường vụ", "CommitteeMember"), "UBTV": Title("ủy viên ban thường vụ", "CommitteeMember"),
    "PBT TTĐU": Title("phó bí thư thường trực đảng ủy", "StandingDeputySecretary", level="commune"),
    "PBT TT": Title("phó bí thư thường trực", "StandingDeputySecretary"),
    "PCT TT": Title("phó chủ tịch thường trực", "StandingViceChair"),
}
_TITLE_KEYS = sorted(((lower_shadow(t.printed or t.text), t) for t in TITLES), key=lambda kv: -len(kv[0]))

# --- Administrative type words -----------------------------------------------

# printed (lower-case, as matched on the folded shadow) → (level hint, official name prefix)
TYPE_WORDS: dict[str, tuple[str | None, str]] = {
    "thành phố": (None, "thành phố"), "tp.": (None, "thành phố"), "tp": (None, "thành phố"),
    "thị xã": ("District", "thị xã"), "tx.": ("District", "thị xã"), "tx": ("District", "thị xã"),
    "thị trấn": ("Commune", "thị trấn"), "tt.": ("Commune", "thị trấn"),
    "huyện": ("District", "huyện"), "h.": ("District", "huyện"), "quận": ("District", "quận"), "q.": ("District", "quận"),
    "tỉnh": ("Province", "tỉnh"), "xã": ("Commune", "xã"), "phường": ("Commune", "phường"),
}
# Abbreviated type words must be printed in capitals ("H. Đồng Văn", "TX. Buôn Hồ").
CAPITALISED_TYPE_WORDS = frozenset({"tp.", "tp", "tx.", "tx", "tt.", "h.", "q."})
# Party committees name their unit without a type word: "Huyện ủy Đắk G'long".
COMMITTEE_HEADS: dict[str, tuple[str | None, str]] = {
    "tỉnh ủy": ("Province", "tỉnh"), "thành ủy": (None, "thành phố"), "huyện ủy": ("District", "huyện"),
    "thị ủy": ("District", "thị xã"), "quận ủy": ("District", "quận"),
}

# --- Events ----------------------------------------------------------------

PARTICIPANT_NOUNS: tuple[str, ...] = ("đại biểu", "cán bộ", "hội viên", "học viên", "người", "chị em", "phụ nữ", "đoàn viên")

# --- Models ----------------------------------------------------------------

# Word before a quoted name → wu:ModelTypeScheme concept (None: decided from the name).
MODEL_HEADS: tuple[tuple[str, str | None], ...] = (
    ("mô hình", None), ("câu lạc bộ", "Club"), ("clb", "Club"), ("tổ hợp tác", "CooperativeGroup"),
    ("tổ", "InterestGroup"), ("nhóm", "InterestGroup"),
)


def at_word_start(doc: Document, index: int) -> bool:
    return index == 0 or not (doc.text[index - 1].isalnum() or doc.text[index - 1] in "'_/")


def at_word_end(doc: Document, index: int) -> bool:
    return index >= len(doc.text) or not (doc.text[index].isalnum() or doc.text[index] in "'_")


@lru_cache(maxsize=4096)
def _shadowed(term: str, folded: bool) -> str:
    return folded_shadow(term) if folded else lower_shadow(term)


def match_word(doc: Document, index: int, term: str, folded: bool = False) -> int | None:
    """End offset when the shadowed `term` is printed at `index` as whole words, else None."""
    shadow = doc.folded if folded else doc.lower
    key = _shadowed(term, folded)
    if shadow.startswith(key, index) and at_word_start(doc, index) and (key.endswith(".") or at_word_end(doc, index + len(key))):
        return index + len(key)
    return None


def match_title(doc: Document, index: int) -> tuple[int, Title] | None:
    """The longest title printed at `index` (abbreviations PCT/CT in capitals only)."""
    for abbreviation, title in sorted(TITLE_ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        if doc.text.startswith(abbreviation, index) and at_word_start(doc, index) and at_word_end(doc, index + len(abbreviation)):
            return index + len(abbreviation), title
    for key, title in _TITLE_KEYS:
        end = match_word(doc, index, key)
        if end is not None:
            return end, title
    return None


def skip_spaces(doc: Document, index: int) -> int:
    while index < len(doc.text) and doc.text[index] == " ":
        index += 1
    return index


def capital_tokens(doc: Document, index: int, limit: int = 6) -> list[tuple[int, int]]:
    """Runs of capitalised name tokens from `index`, separated by single spaces: [(start, end), ...]."""
    out: list[tuple[int, int]] = []
    position = index
    while len(out) < limit:
        match = NAME_TOKEN.match(doc.text, position)
        if not match or not match.group(0)[0].isupper():
            break
        out.append((match.start(), match.end()))
        position = match.end()
        if not doc.text.startswith(" ", position):
            break
        position += 1
    return out


def looks_like_surname(doc: Document, start: int, end: int) -> bool:
    """True when a token opens a full name: a known family name or an ethnic prefix such as H' or K'."""
    token = doc.lower[start:end]
    return token in SURNAMES or bool(re.match(r"^[hk]'", token))
