"""Telex and VNI keystrokes typed with the input method switched off, decoded.

A reader whose Unikey was off types ``thuw vieenj soos`` (Telex) or ``thu7 vie65n so61``
(VNI) for "thư viện số". Each word is decoded the way the input method would have, in
Unikey's free order (the modifier may follow the final consonant: ``vienej``), and kept only
when the result is one well-formed Vietnamese syllable.

Plain unaccented Vietnamese is never changed by the Telex rules: after the first vowel a
folded syllable has no s, f, r, x, j, w or z, and no doubled a, e or o (except the rare
``xoong``), so decoding it gives the word back. That makes "was this typed as keystrokes?"
a clean question: some word changed, and every changed word is a real syllable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from thuvien.vietnamese.text import is_vietnamese_syllable, split_syllable, with_tone

_TELEX_TONES = {"f": 1, "r": 2, "x": 3, "s": 4, "j": 5, "z": 0}
_VNI_TONES = {"2": 1, "3": 2, "4": 3, "1": 4, "5": 5, "0": 0}
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_HORN = {"u": "ư", "o": "ơ"}
_VOWELS = set("aăâeêioôơuưy")
_TOKEN_RE = re.compile(r"[^\W_]+")


def _has_vowel(letters: list[str]) -> bool:
    return any(c in _VOWELS for c in letters)


def _circumflex(letters: list[str], vowel: str | None) -> bool:
    """Put a circumflex on the last plain a/e/o (or on ``vowel`` only); True if one was."""
    for i in range(len(letters) - 1, -1, -1):
        c = letters[i]
        if c in _CIRCUMFLEX and (vowel is None or c == vowel):
            letters[i] = _CIRCUMFLEX[c]
            return True
    return False


def _horn(letters: list[str], breve: bool) -> bool:
    """Telex w / VNI 7 (horn on u, o; ``uo`` → ``ươ``) or VNI 8 (breve on a)."""
    text = "".join(letters)
    if not breve:
        at = text.rfind("uo")
        if at >= 0 and not text[:at].endswith("q"):
            letters[at], letters[at + 1] = "ư", "ơ"
            return True
    for i in range(len(letters) - 1, -1, -1):
        c = letters[i]
        if breve and c == "a":
            letters[i] = "ă"
            return True
        if not breve and c in _HORN and not (c == "u" and i and letters[i - 1] == "q"):
            letters[i] = _HORN[c]
            return True
        if not breve and c == "a":
            letters[i] = "ă"  # Telex aw
            return True
    return False


def _decode(word: str, vni: bool) -> str | None:
    letters: list[str] = []
    tone = 0
    for c in word:
        if not vni and c == "d" and letters == ["d"]:
            letters = ["đ"]
        elif vni and c == "9" and letters and letters[0] == "d":
            letters[0] = "đ"
        elif (not vni and c in "aeo" and _has_vowel(letters) and _circumflex(letters, c)) or (
            vni and c == "6" and _circumflex(letters, None)
        ):
            pass  # the mark went on a vowel already typed
        elif (not vni and c == "w") or (vni and c in "78"):
            if not _horn(letters, breve=c == "8"):
                if vni or letters:
                    return None
                letters.append("ư")  # Telex: w alone is ư
        elif _has_vowel(letters) and c in (_VNI_TONES if vni else _TELEX_TONES):
            tone = (_VNI_TONES if vni else _TELEX_TONES)[c]
        elif c.isdigit():
            return None
        else:
            letters.append(c)
    plain = "".join(letters)
    if split_syllable(plain) is None:
        return None
    typed = with_tone(plain, tone)
    return typed if is_vietnamese_syllable(typed) else None


def _recase(original: str, decoded: str) -> str:
    if original.isupper() and len(original) > 1:
        return decoded.upper()
    if original[:1].isupper():
        return decoded[:1].upper() + decoded[1:]
    return decoded


def decode_word(word: str) -> str | None:
    """The syllable that ``word``'s Telex or VNI keystrokes type, or None.

    None when the word is not ASCII, types nothing different, or does not make one
    Vietnamese syllable. Digits mean VNI; letters only, Telex.
    """
    if not word.isascii() or not word.isalnum():
        return None
    lower = word.lower()
    vni = any(c.isdigit() for c in lower)
    if vni and (lower[0].isdigit() or lower.isdigit()):
        return None
    decoded = _decode(lower, vni)
    if decoded is None or decoded == lower:
        return None
    return _recase(word, decoded)


def decode(text: str, known: Callable[[str], bool] | None = None) -> str | None:
    """``text`` with its keystroke words decoded, when it was typed as keystrokes; else None.

    Typed as keystrokes means: at least one word decodes, and no other word is one that the
    decoder rejected because it looked like keystrokes (a digit inside letters). ``known``
    says which words are real as typed (a catalogue's foreign words: "how" is not "hơ",
    "paris" not "pái"); those are left alone.
    """
    changed = False
    out: list[str] = []
    last = 0
    for match in _TOKEN_RE.finditer(text):
        word = match.group()
        decoded = None if known is not None and known(word) else decode_word(word)
        looks_typed = word.isascii() and not word.isdigit() and any(c.isdigit() for c in word)
        if decoded is None and looks_typed:
            return None
        out.append(text[last : match.start()])
        out.append(decoded if decoded is not None else word)
        changed = changed or decoded is not None
        last = match.end()
    out.append(text[last:])
    return "".join(out) if changed else None
