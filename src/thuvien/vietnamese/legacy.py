"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows and Windows-1258.

Old systems (Libol, early Vebrary, CDS/ISIS exports) wrote these 8-bit encodings into files
that now claim UTF-8 or Latin-1, so the text reaches us as mojibake: "Hµ Néi" (TCVN3),
"Haø Noäi" (VNI), "HaÌ Nôòi" (CP1258) for "Hà Nội". Every function here takes that mojibake
as a ``str`` in which each character stands for one byte (a Latin-1 or CP1252 decoding).

Detection judges each word: what it is now, and what each encoding would turn it into.
A word counts for an encoding when the conversion yields a well-formed Vietnamese syllable
and the original is not one; symbols inside words (µ ¸ ¶), a capital after a small letter
(ViÖt), VNI tone bytes after a vowel (aø) make that evidence strong. An encoding wins only
on strong evidence, with most of the field's words becoming Vietnamese; otherwise the text
is left alone, because corrupting good French or German titles is worse than missing a
legacy one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from thuvien.vietnamese.text import COMPOSE, DECOMPOSE, TONE_MARKS, nfc, syllable_info

Encoding = Literal["unicode", "tcvn3", "vni", "cp1258"]
_LEGACY: tuple[Encoding, ...] = ("tcvn3", "vni", "cp1258")
_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows", "cp1258": "Windows-1258"}


@dataclass(frozen=True, slots=True)
class Detection:
    """Most likely source encoding; ``suspect`` names a legacy encoding that was not chosen
    but has some evidence. ``byte_codec`` is how ``detect_bytes`` read the bytes."""

    encoding: Encoding
    confidence: float
    ambiguous: bool
    suspect: Encoding | None = None
    byte_codec: str | None = None


@dataclass(frozen=True, slots=True)
class Repair:
    text: str
    encoding: Encoding
    needs_review: bool
    reason: str


# --- TCVN3 (TCVN 5712:1993, VN3 / "ABC") -------------------------------------------------
# Bytes of each vowel for tones ngang, huyền, hỏi, ngã, sắc, nặng (0 = plain ASCII letter).
_TCVN3_ROWS = {
    "a": (0, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
# The only capitals VN3 has; toned capitals need the separate upper-case "ABC" fonts
# (.VnTimeH), which reuse the lower-case byte values.
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

_TCVN3_DECODE: dict[int, str] = {0xAE: "đ"}
_TCVN3_DECODE.update({byte: char for char, byte in _TCVN3_CAPITALS.items()})
for _vowel, _row in _TCVN3_ROWS.items():
    for _tone, _byte in enumerate(_row):
        if _byte:
            _TCVN3_DECODE[_byte] = COMPOSE[(_vowel, _tone)]
_TCVN3_ENCODE = {char: byte for byte, char in _TCVN3_DECODE.items()}
for (_vowel, _tone), _char in COMPOSE.items():
    if _vowel.isupper() and _tone:  # toned capital → the lower-case byte
        _TCVN3_ENCODE[_char] = _TCVN3_ENCODE[_char.lower()]
# Toned vowels: the one byte serves both cases, so their case has to be guessed.
_TCVN3_CASELESS = frozenset(c for b, c in _TCVN3_DECODE.items() if b >= 0xB5)

# --- VNI-Windows: base letter + one modifier byte; i, ỵ, ơ, ư, đ are single bytes ---------
_VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")  # â ê ô, with the tone folded in
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")  # ă, with the tone folded in
_VNI_I = ("i", "ì", "æ", "ó", "í", "ò")
_VNI_ENCODE: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
for (_vowel, _tone), _char in COMPOSE.items():
    _low = _vowel.lower()
    if _low == "i":
        _seq = _VNI_I[_tone]
    elif _low == "y" and _tone == 5:
        _seq = "î"
    elif _low in "ơư":
        _seq = {"ơ": "ô", "ư": "ö"}[_low] + _VNI_TONE[_tone]
    elif _low in "âêô":
        _seq = {"â": "a", "ê": "e", "ô": "o"}[_low] + _VNI_CIRCUMFLEX[_tone]
    elif _low == "ă":
        _seq = "a" + _VNI_BREVE[_tone]
    else:
        _seq = _low + _VNI_TONE[_tone]
    _VNI_ENCODE[_char] = _seq.upper() if _vowel.isupper() else _seq
_VNI_DECODE = {seq: char for char, seq in _VNI_ENCODE.items() if seq != char}
# Modifier case normally follows the base letter; accept either.
_VNI_DECODE.update(
    {seq[0] + seq[1:].swapcase(): char for seq, char in list(_VNI_DECODE.items()) if len(seq) > 1}
)
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))

# --- Windows-1258: Latin-1-like, with ă đ ơ ư and five combining tone marks ---------------
_CP1252_EXTRA = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_CP1258_DECODE: dict[int, str] = {}
for _b in range(0x80, 0x100):
    try:
        _target = bytes([_b]).decode("cp1258")
    except UnicodeDecodeError:
        continue
    for _source in {chr(_b), bytes([_b]).decode("cp1252", errors="ignore")}:
        if _source and _source != _target:
            _CP1258_DECODE[ord(_source)] = _target


def _vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: _VNI_DECODE[m.group()], text)


def _cp1258(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_CP1258_DECODE))


_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _tcvn3_plain(text: str) -> str:
    return text.translate(_TCVN3_DECODE)


# Case-blind conversions, used word by word during detection.
_PLAIN: dict[str, Callable[[str], str]] = {"tcvn3": _tcvn3_plain, "vni": _vni, "cp1258": _cp1258}

_CAPS_REASON = (
    "Văn bản TCVN3 có thể là chữ hoa; cần kiểm tra lại chữ hoa, chữ thường "
    "(TCVN3 text may have been upper case; please review the capitals)."
)


def _case_of(word: str) -> str | None:
    """Return "U" or "L" from the letters of ``word`` whose case TCVN3 keeps, or None.

    The first letter only counts when small: a capital there fits Title Case and ALL CAPS.
    """
    rest = [c for c in word[1:] if c not in _TCVN3_CASELESS]
    if rest:
        return "U" if all(c.isupper() for c in rest) else "L"
    return "L" if word[0] not in _TCVN3_CASELESS and word[0].islower() else None


def _tcvn3(text: str) -> tuple[str, bool]:
    """Convert TCVN3 and guess the case it cannot encode; True when a guess was made.

    A word with toned vowels takes the case of its other letters, else of the nearest
    word that shows one (previous first): "Bé S¸CH" → "BỘ SÁCH". In Title Case text, and
    as the first word, a word starting with a toned vowel gets a capital ("¶nh" → "Ảnh").
    Every such guess, every word no neighbour decides, and a small toned initial after
    punctuation or a capitalised word is reported for review.
    """
    converted = text.translate(_TCVN3_DECODE)
    matches = list(_LETTERS_RE.finditer(converted))
    if not any(c in _TCVN3_CASELESS for m in matches for c in m.group()):
        return converted, False
    cases = [_case_of(m.group()) for m in matches]
    # Only Vietnamese words lend their case: acronyms (OKR, IELTS, TP) say nothing.
    lent = [c if syllable_info(m.group()) else None for c, m in zip(cases, matches, strict=True)]
    initials = [m.group()[0] for m in matches if m.group()[0] not in _TCVN3_CASELESS]
    title_case = len(initials) >= 2 and sum(c.isupper() for c in initials) >= 0.75 * len(initials)
    pieces: list[str] = []
    end = 0
    guessed = False
    for i, match in enumerate(matches):
        word = match.group()
        between = converted[end : match.start()]
        pieces.append(between)
        end = match.end()
        if not any(c in _TCVN3_CASELESS for c in word):
            pieces.append(word)
            continue
        case = cases[i] or next(
            (c for c in [*reversed(lent[:i]), *lent[i + 1 :]] if c is not None), None
        )
        if case is None:  # nothing in the text shows its case
            guessed = True
        elif case == "U":
            word, guessed = word.upper(), True
        elif word[0] in _TCVN3_CASELESS:
            if i == 0 or title_case:
                word, guessed = word[0].upper() + word[1:], True
            elif any(p in between for p in ".!?:-–") or matches[i - 1].group()[0].isupper():
                guessed = True  # may start a sentence or subtitle, or continue a name
        pieces.append(word)
    pieces.append(converted[end:])
    return "".join(pieces), guessed


def to_unicode(text: str, encoding: Encoding) -> str:
    """Correct NFC Unicode from mojibake ``text`` (one character per legacy byte)."""
    if encoding == "tcvn3":
        return _tcvn3(text)[0]
    if encoding == "unicode":
        return nfc(text)
    return _PLAIN[encoding](text)


def from_unicode(text: str, encoding: Encoding) -> bytes:
    """Encode Unicode Vietnamese into legacy bytes (tests, round trips, exports).

    TCVN3 writes toned capitals with the lower-case byte, as the ABC fonts do; CP1258 writes
    each tone as a combining mark, as the Windows Vietnamese keyboard does. Characters the
    encoding lacks raise ``ValueError``.
    """
    text = nfc(text)
    if encoding == "unicode":
        return text.encode("utf-8")
    out = bytearray()
    for char in text:
        if char.isascii():
            out.append(ord(char))
        elif encoding == "tcvn3" and char in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[char])
        elif encoding == "vni" and char in _VNI_ENCODE:
            out += _VNI_ENCODE[char].encode("latin-1")
        elif encoding == "cp1258":
            base, tone = DECOMPOSE.get(char, (char, 0))
            try:
                out += (base + TONE_MARKS[tone]).encode("cp1258")
            except UnicodeEncodeError:
                raise ValueError(f"{char!r} cannot be written in {encoding}") from None
        else:
            raise ValueError(f"{char!r} cannot be written in {encoding}")
    return bytes(out)


# --- detection --------------------------------------------------------------------------
# Any character a Latin-1/CP1252 decoding cannot produce proves the text is real Unicode.
_BEYOND_LATIN1_RE = re.compile("[^\\x00-\\xff" + re.escape(_CP1252_EXTRA) + "]")
# Legacy letters are all ≥ 0x80, so whitespace and ASCII punctuation split words safely.
_TOKEN_RE = re.compile(r"[^\s!-/:-@\[-`{-~]+")
_VOWELS = frozenset("aeiouyAEIOUYôöÔÖ")
# VNI modifier bytes that European spelling does not put after a vowel. Left out: ú (aún,
# Raúl), é (créé), ï (naïf, Loïc: indistinguishable from VNI "Hoïc"); ù, û, ë are in,
# except in où, goût/août (û before t) and Noël/Raphaël (ë before l), see _odd.
_VNI_AFTER_VOWEL = frozenset("øõåàèäêâãüáùûëØÕÅÀÈÄÊÂÃÜÁÙÛË")
_CP1258_TONES = frozenset("ÌìÒÞò")
_FOREIGN_PAIRS = frozenset(["eá", "uò"])  # Irish Seán, Italian può


def _cased(word: str) -> bool:
    """Real words are lower case, Capitalised or UPPER CASE; mojibake often is not (HaÌ)."""
    rest = word[1:]
    return rest == rest.lower() or word == word.upper()


def _odd(word: str, encoding: Encoding) -> bool:
    """True when ``word`` cannot be ordinary Latin-1 text but is typical of ``encoding``:
    strong evidence of mojibake. A lone character (× · « ½) is never strong evidence, nor
    a unit with the micro sign (µm, µg)."""
    if len(word) < 2 or (word[0] == "µ" and word[1:].isascii()):
        return False
    return any(_odd_at(word, i, encoding) for i, char in enumerate(word) if not char.isascii())


def _odd_at(word: str, i: int, encoding: Encoding) -> bool:
    char = word[i]
    prev = word[i - 1] if i else ""
    nxt = word[i + 1] if i + 1 < len(word) else ""
    if (
        not char.isalpha()
        or char in "µªº"  # TCVN3 bytes that are symbols
        or (prev.islower() and char.isupper())  # ViÖt
        or (char.islower() and nxt.isupper())  # NéI
        or (prev and char.isupper() and nxt.islower())  # TËp, TÆng
        or (prev and not prev.isascii())  # Thöông, Sôû
    ):
        return True
    if encoding == "tcvn3":  # a toned vowel inside an all-caps word: VIÖT
        return prev.isupper() and char.isupper() and nxt.isupper()
    if not i:  # VNI ñ, CP1258 ð: đ starting a word; no European word starts so
        return char in ("ñÑ" if encoding == "vni" else "ðÐ") and nxt.lower() in "aeiouy"
    modifiers = _VNI_AFTER_VOWEL if encoding == "vni" else _CP1258_TONES
    if prev in _VOWELS and char in modifiers:
        pair, after = (prev + char).lower(), nxt.lower()
        return not (
            pair in _FOREIGN_PAIRS
            or word.lower() == "où"
            or (pair[1] == "û" and after == "t")
            or (pair[1] == "ë" and after == "l")
        )
    return False


@dataclass(slots=True)
class _Score:
    encoding: Encoding
    support: float = 0.0
    strong: int = 0
    against: float = 0.0
    converted_ok: int = 0
    original_ok: int = 0
    words: int = 0

    @property
    def ratio(self) -> float:
        return self.converted_ok / self.words if self.words else 0.0

    @property
    def passes(self) -> bool:
        # Most words must become Vietnamese, unless several words are unmistakable mojibake
        # (a Vietnamese title with English words: "TËp 1 - TÆng KÌm Bookmark").
        return (
            self.support > 2 * self.against
            and self.converted_ok > self.original_ok
            and ((self.support >= 1.0 and self.ratio >= 0.6) or self.strong >= 2)
        )

    @property
    def suspicious(self) -> bool:
        """Evidence too thin to convert, enough to flag: weak words only, but all of them
        turn Vietnamese; or one unmistakable word among foreign ones ("Satan - TËp 1")."""
        if self.against or self.converted_ok <= self.original_ok:
            return False
        return (self.support > 0.5 and self.words >= 2 and self.ratio >= 0.9) or self.strong >= 1


def _score(words: list[str], encoding: Encoding) -> _Score:
    score = _Score(encoding)
    convert = _PLAIN[encoding]
    for word in words:
        if not any(c.isalpha() for c in word) or (len(word) == 1 and word.isascii()):
            continue  # numbers and initials say nothing
        score.words += 1
        if word.isascii():
            ok = syllable_info(word) is not None
            score.converted_ok += ok
            score.original_ok += ok
            continue
        converted = convert(word)
        converted_ok = syllable_info(converted) is not None
        original_ok = _cased(word) and syllable_info(word) is not None
        score.converted_ok += converted_ok
        score.original_ok += original_ok
        if converted == word:
            continue
        if converted_ok and not original_ok:
            odd = _odd(word, encoding)
            score.strong += odd
            score.support += 1.0 if odd else 0.3
        else:
            # Good Vietnamese already (Tôi → Tơi) or garbage after conversion.
            score.against += 0.1 if converted_ok else 1.0
    return score


def detect(text: str) -> Detection:
    """Most likely source of ``text`` (a Latin-1/CP1252/UTF-8 decoding of the bytes)."""
    if text.isascii() or _BEYOND_LATIN1_RE.search(text):
        return Detection("unicode", 1.0, False)
    words = _TOKEN_RE.findall(text)
    scores = sorted(
        (_score(words, enc) for enc in _LEGACY),
        key=lambda s: (s.passes, s.support - s.against, s.ratio),
        reverse=True,
    )
    best, runner_up = scores[0], scores[1]
    if not best.passes:
        if best.suspicious:
            return Detection("unicode", 0.5, True, best.encoding)
        return Detection("unicode", 1.0 if best.support < 1.0 else 0.8, False)
    # Purity (evidence for, against) times certainty (how much evidence): one strong word
    # alone gives 0.875, two give 0.97.
    purity = best.support / (best.support + 2 * best.against)
    confidence = purity * (1 - 0.5 ** (2 * best.support + 1))
    close = runner_up.passes and runner_up.support >= 0.8 * best.support
    ambiguous = confidence < 0.7 or close
    suspect = runner_up.encoding if runner_up.support else None
    return Detection(best.encoding, round(confidence, 3), ambiguous, suspect)


def detect_bytes(data: bytes) -> Detection:
    """Detect raw bytes: valid UTF-8 is read as UTF-8 (and may still hold mojibake),
    anything else as CP1252, falling back to Latin-1 for the five bytes CP1252 lacks."""
    for codec in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        return replace(detect(text), byte_codec="ascii" if data.isascii() else codec)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


# ð/Ð starting a word is đ/Đ that went through Windows-1258 read as Latin-1 (Icelandic and
# Faroese never start a word with ð); fixed when the result is a Vietnamese syllable.
_ETH_RE = re.compile(r"(?<![^\W\d_])[ðÐ][^\W\d_]*")
_ETH_REASON = "Đã sửa ð thành đ (fixed ð to đ, left over from Windows-1258)."


def _eth_to_d(match: re.Match[str]) -> str:
    word = match.group()
    fixed = ("đ" if word[0] == "ð" else "Đ") + word[1:]
    return fixed if syllable_info(fixed) else word


def repair(text: str) -> Repair:
    """Detect and convert in one go; ``needs_review`` with a reason when unsure.

    Good Unicode, ASCII and other scripts come back unchanged as "unicode"; in Unicode
    text a word-initial ð/Ð that makes a Vietnamese syllable as đ/Đ is fixed.
    """
    found = detect(text)
    if found.encoding == "unicode":
        if found.ambiguous and found.suspect:
            name = _NAMES[found.suspect]
            reason = (
                f"Có thể là văn bản mã {name} chưa chuyển đổi; đã giữ nguyên, cần kiểm tra lại "
                f"(may be unconverted {name} text; left unchanged, please review)."
            )
            return Repair(text, "unicode", True, reason)
        if "ð" in text or "Ð" in text:
            fixed = _ETH_RE.sub(_eth_to_d, text)
            if fixed != text:
                return Repair(fixed, "unicode", False, _ETH_REASON)
        return Repair(text, "unicode", False, "")
    reasons = []
    if found.encoding == "tcvn3":
        converted, guessed = _tcvn3(text)
        if guessed:
            reasons.append(_CAPS_REASON)
    else:
        converted = _PLAIN[found.encoding](text)
    if found.ambiguous:
        name = _NAMES[found.encoding]
        reasons.append(
            f"Không chắc chắn văn bản dùng bảng mã {name}; cần kiểm tra lại "
            f"(not sure the text was {name}; please review)."
        )
    return Repair(converted, found.encoding, bool(reasons), " ".join(reasons))
