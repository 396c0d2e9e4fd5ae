"""Vietnamese text normalisation: NFC, canonical tone placement, folding, i/y keys.

Everything here runs on every field of a million-record import, so each function has an
ASCII fast path, the character tables are built once at import time, and per-syllable
work is cached (a catalogue reuses a few thousand syllables over and over).

Tone placement. Vietnamese has two conventions for the open syllables ``oa``, ``oe`` and
``uy``: tone on the first vowel (``hòa``, ``khỏe``, ``thủy``; Unikey calls this "kiểu cũ")
or on the second (``hoà``, ``khoẻ``, ``thuỷ``; Unikey's "kiểu mới"). Both are correct and
both occur in the same catalogue, so matching needs one form. We choose tone on the first
vowel (``hòa``) because it is the form of most existing records and of most users' input.
The full rule, applied syllable by syllable (``_tone_offset``):

1. ``qu`` and ``gi`` (followed by another vowel) are onsets: their u/i never carry the tone
   (``quý``, ``quốc``, ``già``, ``giữa``).
2. A vowel with a diacritic (ă â ê ô ơ ư) carries the tone; in ``ươ`` it is the ơ
   (``người``, ``được``, ``thuở``).
3. A single vowel carries it.
4. With a final consonant, the last vowel carries it (``hoàn``, ``huỳnh``, ``xoóng``).
5. Open syllables: three vowels put it on the middle one (``ngoài``, ``khuỷu``); two vowels
   on the first (``tài``, ``mùa``, ``hòa``, ``khỏe``, ``thủy``).

Words that do not parse as one Vietnamese syllable (foreign words, other scripts, two
tone marks) are left exactly as they are.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone numbers used across the package (and as the secondary collation weight):
# 0 ngang (none), 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng, the dictionary order.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_VOWELS = "aăâeêioôơuưy"
_MARKED = "ăâêôơư"

# (base letter keeping vowel diacritic and case, tone) for every Vietnamese vowel form.
DECOMPOSE: dict[str, tuple[str, int]] = {}
COMPOSE: dict[tuple[str, int], str] = {}
for _base in _VOWELS + _VOWELS.upper():
    for _tone, _mark in enumerate(TONE_MARKS):
        _char = unicodedata.normalize("NFC", _base + _mark)
        DECOMPOSE[_char] = (_base, _tone)
        COMPOSE[(_base, _tone)] = _char


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_ONSETS = _words("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q r s t th tr v x")
_CODAS = frozenset(["", "c", "ch", "m", "n", "ng", "nh", "p", "t"])
_STOP_CODAS = frozenset(["c", "ch", "p", "t"])  # only sắc or nặng are possible before these
# Vowel clusters; the first group needs a final consonant, the second must not have one.
_NEED_CODA = _words("ă â iê yê uô ươ uyê oă uâ oo")
_NO_CODA = _words(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu oai oao oay oeo uây uôi "
    "uya uyu ươi ươu yêu"
)
_FREE = _words("a e ê i o ô ơ u ư y oa oe uê uơ uy")
_NUCLEI = _NEED_CODA | _NO_CODA | _FREE
_TWO_STYLES = frozenset(["oa", "oe", "uy"])

# Letter runs: Vietnamese syllables are written separately, so a run is one syllable.
_WORD_RE = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    """Unicode NFC; ASCII (most fields) is returned as is."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def split_syllable(letters: str) -> tuple[str, str, str] | None:
    """(onset, vowel cluster, final consonant) of a lower-case, toneless syllable, or None.

    ``letters`` keeps the vowel diacritics (``"nguyên"``); tones must already be removed.
    """
    if letters[:2] in ("qu", "gi") and len(letters) > 2 and letters[2] in _VOWELS:
        onset, rest = letters[:2], letters[2:]
    else:
        i = 0
        while i < len(letters) and letters[i] not in _VOWELS:
            i += 1
        onset, rest = letters[:i], letters[i:]
        if (onset and onset not in _ONSETS) or onset == "q":
            return None
    i = 0
    while i < len(rest) and rest[i] in _VOWELS:
        i += 1
    nucleus, coda = rest[:i], rest[i:]
    if nucleus not in _NUCLEI or coda not in _CODAS:
        return None
    if (nucleus in _NEED_CODA and not coda) or (nucleus in _NO_CODA and coda):
        return None
    return onset, nucleus, coda


def _tone_offset(nucleus: str, coda: str) -> int:
    """Index inside the vowel cluster that carries the tone (rules in the module doc)."""
    if len(nucleus) == 1:
        return 0
    if "ơ" in nucleus:
        return nucleus.index("ơ")
    for i, vowel in enumerate(nucleus):
        if vowel in _MARKED:
            return i
    if coda:
        return len(nucleus) - 1
    return 1 if len(nucleus) == 3 else 0


def _decompose_word(word: str) -> tuple[list[str], int, int] | None:
    """Letters without tone (case kept), the tone, and its index; None if not Vietnamese."""
    bases: list[str] = []
    tone = 0
    position = -1
    for i, char in enumerate(word):
        found = DECOMPOSE.get(char)
        if found is None:
            if not (char.isascii() or char in "đĐ"):
                return None
            bases.append(char)
            continue
        base, char_tone = found
        if char_tone:
            if tone:
                return None
            tone, position = char_tone, i
        bases.append(base)
    return bases, tone, position


@lru_cache(maxsize=65536)
def syllable_info(word: str) -> tuple[str, str, str, int] | None:
    """(onset, vowel cluster, final, tone) of one NFC syllable, lower case; None if invalid.

    Rejected, because Vietnamese does not have them (legacy-encoding detection relies on
    this): a stop final (c, ch, p, t) with a tone other than sắc/nặng, and a tone on a
    vowel that neither placement convention uses (``haì``).
    """
    decomposed = _decompose_word(word)
    if decomposed is None:
        return None
    bases, tone, position = decomposed
    parts = split_syllable("".join(bases).lower())
    if parts is None:
        return None
    onset, nucleus, coda = parts
    if tone:
        if coda in _STOP_CODAS and tone not in (4, 5):
            return None
        target = len(onset) + _tone_offset(nucleus, coda)
        # The other convention: tone on the second vowel of open oa, oe, uy (hoà, thuỷ).
        other = target + 1 if nucleus in _TWO_STYLES and not coda else target
        if position not in (target, other):
            return None
    return onset, nucleus, coda, tone


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (NFC, any case) is one well-formed Vietnamese syllable."""
    return syllable_info(word) is not None


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    decomposed = _decompose_word(word)
    if decomposed is None or not decomposed[1]:
        return word
    bases, tone, position = decomposed
    lower = "".join(bases).lower()
    parts = split_syllable(lower)
    if parts is None:
        return word
    onset, nucleus, coda = parts
    target = len(onset) + _tone_offset(nucleus, coda)
    if target == position:
        return word
    letters = list(word)
    letters[position] = bases[position]
    letters[target] = COMPOSE[(bases[target], tone)]
    return "".join(letters)


def canonical_tones(text: str) -> str:
    """Move each syllable's tone mark to the canonical vowel (``hoà`` → ``hòa``); NFC out.

    Case is kept (``HOÀ`` → ``HÒA``); non-Vietnamese words and other scripts are untouched.
    """
    if text.isascii():
        return text
    return _WORD_RE.sub(lambda m: _canonical_word(m.group()), unicodedata.normalize("NFC", text))


def _build_fold_table() -> list[str]:
    """Lower-case precomposed Latin letters → letter without its combining marks.

    Only letters whose decomposition starts with a Latin base are folded, so Cyrillic й,
    Greek ά, Khmer and Hebrew marks are left alone. A list indexed by code point is about
    twice as fast as a dict in ``str.translate``; code points past its end stay as they are.
    """
    table = [chr(code) for code in range(0x1F00)]
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        latin = len(decomposed) > 1 and "LATIN" in unicodedata.name(decomposed[0], "")
        if latin and char == char.lower():
            table[code] = decomposed[0]
    # đ has no decomposition; ð is what đ becomes after a trip through Latin-1 (CP1258 0xF0).
    table[ord("đ")] = table[ord("ð")] = "d"
    return table


_FOLD_TABLE = _build_fold_table()
_MARK_RE = re.compile("[\u0300-\u036f]")
# Combining marks left over after a Latin letter (input with marks that have no precomposed
# form, e.g. "q̃"); only the general Combining Diacritical Marks block, never Hebrew/Khmer.
_LATIN_MARKS_RE = re.compile(r"(?<=[a-z])[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Matching form: lower case, no tone marks or vowel diacritics, đ/ð → d (NFC first).

    ``fold("Đà Nẵng") == "da nang"``. Other scripts are only lower-cased.
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)
    if not folded.isascii() and _MARK_RE.search(folded):
        folded = _LATIN_MARKS_RE.sub("", folded)
    return folded


# i/y. After a consonant onset, an open syllable ending in the single vowel i/y is spelled
# either way (lý/lí, kỹ/kĩ, mỹ/mĩ, sỹ/sĩ, hy/hi, tỷ/tỉ, vy/vi); the 1984 spelling rules
# prefer i, usage is split, so search treats them as one. qui/quy is the same case: the u
# of qu is the onset's glide, so "quí" is the older spelling of "quý" (quí vị, qui định);
# they get one key too. Standalone y/i (ý kiến vs í ới), ai/ay (tai/tay), ui/uy (tui/tuy)
# are different words and stay apart. Keys are for search only; stored text is never
# rewritten.
_IY_RE = re.compile(r"\b(qu|[bcdghklmnprstvx]|ch|gh|kh|ng|nh|ph|th|tr)[iy]\b")


def _iy_sub(match: re.Match[str]) -> str:
    onset = match.group(1)
    return "quy" if onset == "qu" else onset + "i"


def iy_key(text: str) -> str:
    """Canonical i/y key of (folded) text: ``ly``/``li`` → ``li``, ``qui``/``quy`` → ``quy``.

    Non-folded input is folded first.
    """
    if not text.isascii():
        text = fold(text)
    return _IY_RE.sub(_iy_sub, text)


def iy_variants(syllable: str) -> tuple[str, ...]:
    """Every spelling ``iy_key`` merges with one syllable: ``"ly"`` → ``("li", "ly")``."""
    key = iy_key(syllable)
    if _IY_RE.fullmatch(key):
        return (key[:-1] + "i", key[:-1] + "y")
    return (key,)


def with_tone(letters: str, tone: int) -> str:
    """A lower-case toneless syllable (``"hoa"``) with ``tone`` on its canonical vowel
    (``with_tone("hoa", 1) == "hòa"``); ``letters`` unchanged if it is not a syllable."""
    parts = split_syllable(letters)
    if parts is None or not tone:
        return letters
    onset, nucleus, coda = parts
    at = len(onset) + _tone_offset(nucleus, coda)
    return letters[:at] + COMPOSE[(letters[at], tone)] + letters[at + 1 :]
