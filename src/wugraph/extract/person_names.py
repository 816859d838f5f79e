"""What a Vietnamese personal name looks like, so people are found by the shape of their names, not by examples.

A full name is two to five capitalised syllables. It is recognised without any context when its shape is
unmistakable: a family name (`patterns.SURNAMES`, ethnic prefixes H'/K') or any capitalised first word followed by
the middle name Thị or Văn ('Nguyễn Thị Hoa', 'Giàng Thị Mỷ', 'Kaso Văn Hờ'), or a family name followed by two more
syllables ('Lê Minh Hoan'). Shapes that streets, schools, awards, places and historical figures share are ruled
out by what precedes them ('đường Lê Lợi', 'trường THCS Nguyễn Du', 'giải thưởng Nguyễn Thị Định') and by the
gazetteer (a unit's own name is never a person). Ranks and professional prefixes (Thượng tá, Bác sĩ, ThS.) open a
name like an honorific and are not part of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .normalize import Document, lower_re
from .patterns import MIDDLE_NAMES, NOT_PERSONS, looks_like_surname, lower_shadow

# Honorifics, ranks and professional prefixes printed before a name (dropped from it).
HONORIFICS = ("đồng chí", "đ/c", "bà", "ông", "chị", "anh", "cô", "thí sinh", "em", "cháu", "cụ", "mẹ", "nghệ nhân",
              "nhà giáo", "nhà báo", "luật sư", "bác sĩ", "tiến sĩ", "thạc sĩ", "đại tá", "thượng tá", "trung tá", "thiếu tá",
              "đại úy", "thượng úy", "trung úy", "thiếu úy", "thiếu tướng", "trung tướng", "đại tướng", "nsưt", "nsnd")
# Abbreviated prefixes, printed with a dot ('ThS. Lê Hoa', 'PGS.TS Trần Minh', 'BS. Hà An').
_ABBREVIATED = r"(?:pgs\.\s?ts|gs\.\s?ts|ths|ts|bs|bsck\s?i{1,2}|ls|ks)\.?"
# Honorifics that are also ordinary words: they count in lower case, or capitalised at a sentence's start.
COMMON_HONORIFICS = frozenset(lower_shadow(w) for w in ("bà", "ông", "chị", "anh", "cô", "em", "cháu", "cụ", "mẹ"))
HONORIFIC_PATTERN = lower_re(r"(?<![\w/])(?:các\s+)?(" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r"|" + _ABBREVIATED
                             + r")(?:\s*:)?\s+(?=[^\W\d_])")
# The family names most people carry: with no middle name Thị/Văn, only these make a bare run of words a name.
_COMMON_SURNAMES = frozenset(lower_shadow(w) for w in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Đinh", "Đoàn", "Lâm", "Mai", "Trương", "Trịnh", "Hà", "Lưu", "Tô", "Cao", "Chu", "Lương", "Tạ", "Đào", "Lại", "Kiều",
    "Phùng", "Thái", "Quách", "Tăng", "Từ", "Triệu", "Nông", "Đàm", "Lục", "Châu", "Thạch", "Danh"))
# Words before a name-shaped run that make it something else: a street, a school, an award, a credit line.
_NOT_A_PERSON_BEFORE = lower_re(
    r"(?<![\w'])(?:đường|phố|ngõ|hẻm|trường|thcs|thpt|th|tiểu học|mầm non|mẫu giáo|giải thưởng|giải|quỹ|học bổng|"
    r"kỷ niệm chương|bệnh viện|cầu|chợ|công viên|tượng đài|tượng|đền|di tích|khu di tích|nhà lưu niệm|bảo tàng|"
    r"phong cách|tư tưởng|tấm gương|ảnh|nguồn|tác giả|phường|xã|thị trấn|quận|huyện|tỉnh|thôn|ấp|bản|buôn|khu phố|"
    r"tổ dân phố|khu|xóm|làng|sư đoàn|trung đoàn|tàu|công ty|doanh nghiệp|hợp tác xã|htx|thương hiệu|nhãn hiệu|"
    r"chương trình|phong trào|mô hình|câu lạc bộ|clb|cuộc vận động|lớp|đội)[\s:“\"(]*$")
# An institution named after a person, a few words before the name ('Đền thờ Tướng quân …', 'Trường Tiểu học …').
_INSTITUTION_BEFORE = lower_re(r"(?<![\w'])(?:đền|đền thờ|tượng đài|nhà lưu niệm|khu di tích|di tích|trường|bệnh viện|học bổng|"
                               r"giải thưởng|quỹ|đường|phố|công viên|cầu|chùa|nhà văn hóa)(?:\s+[^\s,;.:()]+){0,3}\s+$")
# Words that never sit inside a personal name.
_NOT_NAME_WORDS = frozenset(lower_shadow(w) for w in (
    "Hội", "Ủy", "Uỷ", "Ban", "Phó", "Chủ", "Trưởng", "Bí", "Huyện", "Xã", "Tỉnh", "Thành", "Đảng", "Đoàn", "Liên", "Phụ",
    "Câu", "Mô", "Ngày", "Lễ", "Tổ", "Chi", "Cán", "Ảnh", "Tin", "Bài", "Theo", "Nguồn", "Trung",
    "Quận", "Phường", "Thôn", "Ấp", "Bản", "Xóm", "Khu", "Việt", "Nam", "Đồng", "Chí", "Các", "Những", "Tại", "Trong",
    "Niên", "Cộng", "Sản", "Hiệp", "Nông", "Dân", "Quốc", "Tổ", "Mặt", "Trận", "Văn", "Hóa", "Hoá", "Xã", "Thị",
    "Với", "Sau", "Năm", "Tháng", "UBND", "HĐND", "MTTQ", "LHPN", "HLHPN", "CLB", "Bộ", "Sở", "Phòng", "Công", "Trường"))
# Exceptions: words above that are also common given names ('Nguyễn Thị Chi', 'Lê Thị Nam', 'Trần Văn Trung').
_GIVEN_TOO = frozenset(lower_shadow(w) for w in ("Chi", "Nam", "Trung", "Đồng", "Việt", "Công", "Thành", "Chí", "Phương", "Năm"))


def name_like_tokens(doc: Document, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The leading tokens that can belong to a personal name (a title or organisation word ends it); after a middle
    name Thị/Văn any syllable is a given name ('Nguyễn Văn Quận', 'Lâm Thị Năm')."""
    kept: list[tuple[int, int]] = []
    middle = len(tokens) > 1 and doc.lower[tokens[1][0]:tokens[1][1]] in MIDDLE_NAMES
    for position, (start, end) in enumerate(tokens):
        word = doc.lower[start:end]
        if doc.text[start:end].isupper() and end - start > 1 and not re.fullmatch(r"[HK]'\w+", doc.text[start:end]):
            break  # an acronym (UBND, LHPN) or a heading in capitals
        free = (position == 0 and looks_like_surname(doc, start, end)) or (position >= 1 and middle) or \
            (position >= 1 and word in _GIVEN_TOO)
        if word in _NOT_NAME_WORDS and not free:
            break
        kept.append((start, end))
    return kept


def strong_shape(doc: Document, tokens: list[tuple[int, int]]) -> bool:
    """A name whose shape alone says it is a person's: 'X Thị/Văn Y…', or a family name and two more syllables."""
    if len(tokens) < 2:
        return False
    second = doc.lower[tokens[1][0]:tokens[1][1]]
    if second in MIDDLE_NAMES and len(tokens) >= 3:
        return True
    return len(tokens) >= 3 and doc.lower[tokens[0][0]:tokens[0][1]] in _COMMON_SURNAMES  # 'Lê Minh Hoan', not 'Văn Nghệ Chào …'


def opens_name(doc: Document, tokens: list[tuple[int, int]]) -> bool:
    """A family name first, or a middle name Thị/Văn second ('Kaso Thị Hoa')."""
    if not tokens:
        return False
    if looks_like_surname(doc, *tokens[0]):
        return True
    return len(tokens) >= 3 and doc.lower[tokens[1][0]:tokens[1][1]] in MIDDLE_NAMES


def excluded(doc: Document, start: int, end: int, is_unit_name: Callable[[str], bool] | None = None) -> bool:
    """A name-shaped run that is not a person: after a street/school/award word, a historical figure, a unit's name."""
    line_start = doc.text.rfind("\n", 0, start) + 1
    before = doc.lower[max(line_start, start - 40):start]
    if _NOT_A_PERSON_BEFORE.search(before) or _INSTITUTION_BEFORE.search(before):
        return True
    if doc.lower[start:end] in NOT_PERSONS:
        return True
    if is_unit_name is None:
        return False
    words = doc.text[start:end].split()
    return any(is_unit_name(" ".join(words[:count])) for count in range(2, len(words) + 1))  # 'Thái Bình Dương' 
