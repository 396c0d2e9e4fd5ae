"""Text preparation for the index and for queries: the same functions on both sides.

Each searchable text is written into two forms (DESIGN §6):

* **exact** — NFC, one canonical tone placement (``hoà`` = ``hòa``), lower case. Ranks the
  diacritics a reader typed first: "con dê" puts the goat before the cricket ("con dế").
* **folded** — lower case without tones or vowel marks, đ → d, and i/y merged after an onset
  (``lý``/``lí`` → ``li``). Finds everything however it was typed: ``thu vien so``, NFD text
  pasted from a Windows keyboard, old tone placement.

Other scripts are lower-cased and keep their marks (Cyrillic й, Hebrew points, Khmer vowel
signs). Scripts written without spaces between words (Chinese, Japanese kana, Khmer, Thai,
Lao, Myanmar) cannot be split into words without a dictionary, so a run of them is indexed
as overlapping **bigrams** of clusters (a letter with its combining marks; in Khmer a
consonant joined by coeng ្ to the next) plus the run's last cluster alone, as in Lucene's
CJK bigram filter: ``图书馆`` → ``图书 书馆 馆``. A query is cut the same
way without the trailing single, so its bigrams match as a phrase; a query of one cluster is
matched as a prefix (see :func:`single_cluster`).

Both forms come out as tokens separated by single spaces: runs of letters, digits and
combining marks; everything else separates (what the engine's regular-expression tokenizer
did, at a third of the indexing cost, since a word's tokens are worked out once and cached).
The engine then only splits on spaces.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from thuvien.catalogue.extract import isbn13, issn
from thuvien.vietnamese import canonical_tones, fold, iy_key, nfc, sort_key

MAX_TOKEN_BYTES = 80
_TOKEN_CATEGORIES = frozenset("LNM")  # letters, numbers, marks: the characters of a token

_WIDE_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
_SMALL_BLOCKS = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x3040, 0x30FF),  # Hiragana, Katakana
)
# Characters that glue the next letter into the current cluster: Khmer coeng, Myanmar
# virama and asat, zero-width joiner.
_JOINERS = frozenset("\u17d2\u1039\u103a\u200d")


def _run_class() -> str:
    parts = [f"{chr(a)}-{chr(b)}" for a, b in _WIDE_HAN]
    for start, end in _SMALL_BLOCKS:
        for code in range(start, end + 1):
            if unicodedata.category(chr(code))[0] in "LM":
                parts.append(re.escape(chr(code)))
    return "[" + "".join(parts) + "\u200d]+"


_NOSPACE_RUN = re.compile(_run_class())


def clusters(run: str) -> list[str]:
    """A no-space run split into clusters: a letter with its marks and joined letters."""
    out: list[str] = []
    glue = False
    for char in run:
        if out and (glue or unicodedata.category(char)[0] == "M"):
            out[-1] += char
        else:
            out.append(char)
        glue = char in _JOINERS
    return out


def _bigrams(text: str, *, trailing_single: bool) -> str:
    def cut(match: re.Match[str]) -> str:
        parts = clusters(match.group())
        if len(parts) == 1:
            return f" {parts[0]} "
        pairs = [a + b for a, b in itertools.pairwise(parts)]
        if trailing_single:
            pairs.append(parts[-1])
        return " " + " ".join(pairs) + " "

    return _NOSPACE_RUN.sub(cut, text)


# Per-word results, bounded: a catalogue reuses a few tens of thousands of words, and looking a
# word up is some twenty times cheaper than the regular expressions behind canonical tones
# and i/y keys (a full rebuild prepares some thirty words per record).
# word → (exact, folded, display, exact tokens, folded tokens)
_WORDS: dict[str, tuple[str, str, str, str, str]] = {}
_SORT_WORDS: dict[str, tuple[str, str, str]] = {}
_VALUES: dict[str, tuple[str, str]] = {}  # whole names, headings, publishers
_CACHE_LIMIT = 200_000


def token_text(text: str) -> str:
    """The tokens of ``text`` (runs of letters, digits and marks), single-spaced."""
    if text.isalnum():  # the usual word: one token already
        return text
    out: list[str] = []
    token: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] in _TOKEN_CATEGORIES:
            token.append(char)
        elif token:
            out.append("".join(token))
            token = []
    if token:
        out.append("".join(token))
    return " ".join(out)


def _word(word: str) -> tuple[str, str, str, str, str]:
    forms = _WORDS.get(word)
    if forms is None:
        shown = canonical_tones(word)
        exact, folded = shown.lower(), iy_key(fold(word))
        forms = (exact, folded, shown, token_text(exact), token_text(folded))
        if len(_WORDS) < _CACHE_LIMIT:
            _WORDS[word] = forms
    return forms


_EXACT, _FOLDED = 0, 1
_TOKENS = 3  # offset from a form to its tokens in a _word entry


def _prepared(words: list[tuple[str, str, str, str, str]], form: int, query: bool) -> str:
    """One form of a text's words as single-spaced tokens; runs of no-space scripts cut
    into bigrams first (on the words as written: joiners and marks decide the clusters)."""
    written = " ".join(w[form] for w in words)
    if not written.isascii() and _NOSPACE_RUN.search(written):
        return token_text(_bigrams(written, trailing_single=not query))
    return " ".join(w[form + _TOKENS] for w in words if w[form + _TOKENS])


def forms(text: str, *, repeated: bool = False) -> tuple[str, str]:
    """(exact, folded) forms of an indexed text, computed together. ``repeated``: a value
    that recurs across records (a name, a heading, a publisher), worth caching whole."""
    if repeated and (found := _VALUES.get(text)) is not None:
        return found
    words = [_word(w) for w in text.split()]
    result = _prepared(words, _EXACT, False), _prepared(words, _FOLDED, False)
    if repeated and len(_VALUES) < _CACHE_LIMIT:
        _VALUES[text] = result
    return result


def exact_form(text: str, *, query: bool = False) -> str:
    """NFC, canonical tones, lower case; no-space scripts as bigrams."""
    return _prepared([_word(w) for w in text.split()], _EXACT, query)


def folded_form(text: str, *, query: bool = False) -> str:
    """Folded (no tones or marks, đ → d) with one i/y spelling; no-space scripts as bigrams."""
    return _prepared([_word(w) for w in text.split()], _FOLDED, query)


def single_cluster(token: str) -> bool:
    """Whether a query token is one cluster of a no-space script (matched as a prefix, since
    the index holds it only at the start of bigrams)."""
    return bool(_NOSPACE_RUN.fullmatch(token)) and len(clusters(token)) == 1


def display(text: str) -> str:
    """A value as people read it: NFC, canonical tones, single spaces."""
    return " ".join(_word(w)[2] for w in text.split())


def sort_value(text: str) -> str:
    """:func:`thuvien.vietnamese.sort_string`, word by word from a cache: its three levels
    are each word's levels joined by the word-break weight, so the result is the same."""
    levels: list[tuple[str, str, str]] = []
    for word in text.split():
        key = _SORT_WORDS.get(word)
        if key is None:
            key = sort_key(word)
            if len(_SORT_WORDS) < _CACHE_LIMIT:
                _SORT_WORDS[word] = key
        if key[0]:
            levels.append(key)
    return " ".join(
        (
            "!".join(k[0] for k in levels),
            "0".join(k[1] for k in levels),
            "0".join(k[2] for k in levels),
        )
    )


# --- identifiers ---------------------------------------------------------------------------
# Stored in one keyword field as "kind:value"; lookup() builds the same keys from what was typed.

_ISBN_SHAPE = re.compile(r"(?:isbn[:\s]*)?([0-9][0-9\- ]{8,16}[0-9Xx])", re.IGNORECASE)
_ISSN_SHAPE = re.compile(r"(?:issn[:\s]*)?([0-9]{4}-?[0-9]{3}[0-9Xx])", re.IGNORECASE)


def code_key(text: str) -> str:
    """Barcodes, call numbers, số ĐKCB: NFC, lower case, single spaces."""
    return " ".join(nfc(text).lower().split())


def isbn_key(text: str) -> str:
    """The ISBN-13 of an ISBN-10 or -13 typed alone (hyphens, spaces, "ISBN" allowed), or ''."""
    match = _ISBN_SHAPE.fullmatch(text.strip())
    if not match:
        return ""
    digits = match.group(1).replace("-", "").replace(" ", "")
    return isbn13(digits) if len(digits) in (10, 13) else ""


def issn_key(text: str) -> str:
    """The ISSN (``NNNN-NNNC``) of an ISSN typed alone, or ''."""
    match = _ISSN_SHAPE.fullmatch(text.strip())
    return issn(match.group(1)) if match else ""


def identifier_keys(text: str) -> list[str]:
    """Keys of the identifier field that ``text`` could be, most specific first."""
    keys: list[str] = []
    if isbn := isbn_key(text):
        keys.append(f"isbn:{isbn}")
    if number := issn_key(text):
        keys.append(f"issn:{number}")
    code = code_key(text)
    if code:
        keys += [f"bc:{code}", f"cn:{code}", f"acc:{code}"]
    return keys
