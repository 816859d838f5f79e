"""Vietnamese text handling: NFC, diacritic folding and name keys.

Place names arrive spelled many ways (Đắk G'long, Đăk Glong, Dak Glong); a *name key*
folds them to one form so that lookups match while stored labels keep every diacritic.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")

# Administrative type words that precede a unit's proper name in official lists.
UNIT_TYPE_WORDS: tuple[str, ...] = (
    "thanh pho truc thuoc trung uong",
    "thanh pho",
    "tinh",
    "huyen",
    "quan",
    "thi xa",
    "thi tran",
    "xa",
    "phuong",
    "dac khu",
)

_ABBREVIATIONS: dict[str, str] = {"tp": "thanh pho", "tx": "thi xa", "tt": "thi tran", "h": "huyen"}


def nfc(value: str) -> str:
    """NFC-normalise, drop invisible format characters and trim: the canonical stored form."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", value)).strip()


def has_invisible(value: str) -> bool:
    """True when text carries zero-width or bidirectional control characters."""
    return bool(_INVISIBLE.search(value))


def fold(value: str) -> str:
    """Lower-case, strip diacritics (đ→d) and apostrophes: 'Đắk G'long' → 'dak glong'."""
    decomposed = unicodedata.normalize("NFD", nfc(value).lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("'", "").replace("\u2019", "").replace("`", "")
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z]+", " ", stripped)).strip()


def expand_abbreviation(folded: str) -> str:
    """A folded name with a leading unit-type abbreviation spelled out ('tp ho chi minh' → 'thanh pho ho chi minh')."""
    words = folded.split(" ")
    if len(words) > 1 and words[0] in _ABBREVIATIONS:
        return " ".join([_ABBREVIATIONS[words[0]], *words[1:]])
    return folded


def name_key(value: str) -> str:
    """Key for matching unit names: folded, type word and spacing removed ('Huyện Đăk Glong' → 'dakglong')."""
    folded = expand_abbreviation(fold(value))
    for word in UNIT_TYPE_WORDS:
        if folded.startswith(word + " ") and len(folded) > len(word) + 1:
            folded = folded[len(word) + 1 :]
            break
    return folded.replace(" ", "")


def slugify(value: str, max_length: int = 80) -> str:
    """IRI-safe slug from a Vietnamese name: folded, hyphenated, bounded in length."""
    slug = _NON_ALNUM.sub("-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-") or "x"
