"""Keys under which differently written names of one model or one person meet.

Models arrive wrapped ("mô hình “…”", "CLB …", "Tổ phụ nữ xây dựng …"), quoted, cased and spaced
differently and sometimes misspelled; `model_key` strips the wrappers and folds the rest
(`wugraph.text.fold`), and `near` allows a typo or two in long names, never a different number
("5 có, 3 sạch" is not "5 không, 3 sạch"). People's names differ in where the tone mark sits
("Hoà" / "Hòa", both correct), in case and spacing, or lose their diacritics altogether; a
different tone is a different name ("Hoa" is not "Hòa"), so `person_key` keeps tones but not
their placement.
"""

from __future__ import annotations

import re
import unicodedata

from ..text import fold, nfc

# Words around a model's proper name, longest first (folded). "tổ tiết kiệm", "tổ hợp tác" name a kind of model and stay.
MODEL_WRAPPERS: tuple[str, ...] = tuple(sorted((
    "mo hinh", "cau lac bo", "clb", "to", "nhom", "to phu nu", "nhom phu nu", "to phu nu xay dung", "to xay dung",
    "nhom phu nu xay dung", "mo hinh xay dung", "xay dung mo hinh", "doi", "to hoi vien", "chi hoi",
    "mo hinh diem", "mo hinh thi diem", "cach lam", "to nhom", "to hoi phu nu",
), key=len, reverse=True))
_KEEP = ("to tiet kiem", "to hop tac", "to vay von", "nhom tiet kiem")
_QUOTES = re.compile("[\"“”'‘’«»]")
_DIGITS = re.compile(r"\d+")
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}  # huyền, sắc, ngã, hỏi, nặng


def strip_wrappers(folded: str) -> tuple[str, list[str]]:
    """The folded name without leading wrapper words, and the wrappers removed (in order)."""
    removed: list[str] = []
    changed = True
    while changed:
        changed = False
        if folded.startswith(_KEEP):
            break
        for wrapper in MODEL_WRAPPERS:
            if folded.startswith(wrapper + " ") and len(folded) >= len(wrapper) + 6:
                removed.append(wrapper)
                folded = folded[len(wrapper) + 1:]
                changed = True
                break
    return folded, removed


def model_key(name: str) -> str:
    """'Tổ phụ nữ xây dựng “gia đình 5 có 3 sạch”' and 'Gia đình 5 có, 3 sạch' → 'giadinh5co3sach'."""
    folded = fold(_QUOTES.sub(" ", nfc(name)))
    core, _ = strip_wrappers(folded)
    return core.replace(" ", "")


def model_rule(written: str, target: str) -> str:
    """Why two written forms are the same model: the narrowest rule that explains it."""
    if nfc(written) == nfc(target):
        return "model.same-label"
    a, b = fold(_QUOTES.sub(" ", written)), fold(_QUOTES.sub(" ", target))
    if a.replace(" ", "") == b.replace(" ", ""):
        return "model.spelling"  # casing, diacritics, spacing, quotes, punctuation
    if model_key(written) == model_key(target):
        return "model.wrapper-words"
    return "model.misspelling"


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def near(a: str, b: str) -> bool:
    """Two model keys one or two typos apart (long names only), with the same numbers."""
    if a == b:
        return True
    if _DIGITS.findall(a) != _DIGITS.findall(b) or min(len(a), len(b)) < 10:
        return False
    return distance(a, b, 2 if min(len(a), len(b)) >= 18 else 1) <= (2 if min(len(a), len(b)) >= 18 else 1)


def _syllable_key(syllable: str) -> str:
    """A syllable without its tone mark, plus the tone as a digit: 'hoà' and 'hòa' → 'hoa2'."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tone = next((_TONES[ch] for ch in decomposed if ch in _TONES), "")
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return base + tone


def person_key(name: str) -> str:
    """Case, spacing and tone placement aside: 'Hoàng Thị Hoà' = 'hoàng  thị hòa'."""
    words = re.findall(r"[^\W\d_]+", nfc(name).lower())
    return " ".join(_syllable_key(w) for w in words)


def has_diacritics(name: str) -> bool:
    return fold(name) != re.sub(r"[^0-9a-z]+", " ", nfc(name).lower()).strip()


def same_person_name(a: str, b: str) -> str | None:
    """The rule under which two printed names are one name, or None."""
    if nfc(a) == nfc(b):
        return "person.same-name"
    if person_key(a) == person_key(b):
        return "person.name-spelling"  # case, spacing, tone placement
    if fold(a) == fold(b) and not (has_diacritics(a) and has_diacritics(b)):
        return "person.name-without-diacritics"
    return None
