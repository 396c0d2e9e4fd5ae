"""Vietnamese sort keys, for Python sorting and for a stored, byte-ordered database column.

Three levels, as in ICU/CLDR's Vietnamese tailoring:

1. Primary, the letters in the Vietnamese alphabet order
   a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
   (f j w z, which appear in foreign names, at their Latin places); case is ignored.
   Digits come before letters; runs of spaces and punctuation count as one word break,
   which sorts before any letter, so "an" < "an ninh" < "ăn". Letters of other scripts
   follow the Latin ones in code point order.
2. Secondary, the tones, compared left to right: ngang < huyền < hỏi < ngã < sắc < nặng
   (a à ả ã á ạ), the order of the standard dictionaries (Hoàng Phê's Từ điển tiếng Việt)
   and of CLDR. Marks that are not Vietnamese tones (ü, ñ, ç) sort after the tones.
3. Tertiary, case: small before capital.

Tone placement is normalised first (``canonical_tones``), so "hoà" and "hòa" sort equal.
``sort_string`` writes the three levels into one ASCII string whose byte order is the
same as ``sort_key``'s tuple order: store it in a column with binary/"C" collation.
"""

from __future__ import annotations

import unicodedata

from thuvien.vietnamese.text import DECOMPOSE, canonical_tones

_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
# One ASCII character per letter, in alphabet order: 'A' (0x41) .. 'a' (0x61).
_LETTER_CODES = {letter: chr(0x41 + i) for i, letter in enumerate(_ALPHABET)}
_WORD_BREAK = "!"  # lowest primary weight; the level separator " " is lower still
_OTHER_SCRIPT = "~"  # highest: followed by a fixed-width hex code point
_OTHER_MARK = "6"  # secondary weight for non-Vietnamese diacritics (tones are 0-5)

Weights = tuple[str, str, str]


def _build_weights() -> dict[str, Weights | None]:
    """Weights by character; None marks a word break. Grows as new characters are seen."""
    table: dict[str, Weights | None] = dict.fromkeys(" \t\n-.,:;/()[]'\"!?&")
    for digit in "0123456789":
        table[digit] = (digit, "0", "0")
    for letter, code in _LETTER_CODES.items():
        table[letter] = (code, "0", "0")
        table[letter.upper()] = (code, "0", "1")
    for char, (base, tone) in DECOMPOSE.items():
        table[char] = (_LETTER_CODES[base.lower()], str(tone), "1" if base.isupper() else "0")
    table["ð"] = table["đ"]  # CP1258 đ read as Latin-1
    table["Ð"] = table["Đ"]
    return table


_WEIGHTS = _build_weights()


def _weigh(char: str) -> Weights | None:
    """Weights of a character outside the prebuilt table; None for a word break."""
    decomposed = unicodedata.normalize("NFD", char)
    base = _WEIGHTS.get(decomposed[0])
    if len(decomposed) > 1 and base is not None:  # é ü ñ ç: base letter, then "other mark"
        return base[0], _OTHER_MARK, base[2]
    if unicodedata.category(char)[0] in "LNM":  # other scripts, by code point
        lower = char.lower()[:1] or char
        return f"{_OTHER_SCRIPT}{ord(lower):06X}", "0", "1" if char != lower else "0"
    return None


def sort_key(text: str) -> tuple[str, str, str]:
    """(primary, secondary, tertiary) Vietnamese collation key; use as ``key=sort_key``."""
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    pending_break = False
    for char in canonical_tones(text):
        if char in _WEIGHTS:
            weights = _WEIGHTS[char]
        else:
            weights = _WEIGHTS[char] = _weigh(char)
        if weights is None:
            pending_break = bool(primary)
            continue
        if pending_break:
            primary.append(_WORD_BREAK)
            secondary.append("0")
            tertiary.append("0")
            pending_break = False
        primary.append(weights[0])
        secondary.append(weights[1])
        tertiary.append(weights[2])
    return "".join(primary), "".join(secondary), "".join(tertiary)


def sort_string(text: str) -> str:
    """ASCII string whose byte order equals ``sort_key`` order (for a database column)."""
    return " ".join(sort_key(text))
