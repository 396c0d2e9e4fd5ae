"""Normalised keys of a record for matching: title, author, publisher, edition, volume, pages.

Keys are for comparing only, never shown: the title is NFC with one tone placement
(``hoà`` → ``hòa``) and then folded (``hoa``), so spelling conventions and missing
diacritics do not keep copies of one edition apart.
"""

from __future__ import annotations

import re

from thuvien.vietnamese.text import canonical_tones, fold, nfc

_NON_WORD = re.compile(r"[^0-9a-z]+")
# "tập 2", "T. 2", "quyển II", "vol. 3", "part 1", "phần 1", "book 4" (folded, lower case).
_VOLUME = re.compile(
    r"\b(?:tap|t|quyen|q|phan|vol|volume|part|pt|book|tome|band|bd)\.?\s*"
    r"([0-9]+|[ivxlc]+)\b"
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_NUMBER = re.compile(r"[0-9]+")
# Words of a publisher's name that say only "a publisher" (Nxb., Nhà xuất bản, Press …).
_PUBLISHER_NOISE = frozenset({
    "nxb", "nha", "xuat", "ban", "publishing", "publishers", "publisher", "press", "house",
    "co", "ltd", "inc", "company", "cong", "ty", "tnhh", "editions", "verlag",
})  # fmt: skip
_EDITION_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5,
}  # fmt: skip
_PAGES = re.compile(r"([0-9]+)\s*(?:tr|p|s|pages|trang|pp)\b")


def folded(text: str) -> str:
    """Lower-case words without marks or punctuation, one space between them."""
    return " ".join(_NON_WORD.sub(" ", fold(canonical_tones(nfc(text)))).split())


def _roman(text: str) -> int | None:
    total = 0
    values = [_ROMAN[c] for c in text]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total or None


def volume_number(*texts: str) -> str:
    """The volume or part a record describes ("2"), from the title, 245$n$p or 490$v."""
    for text in texts:
        match = _VOLUME.search(folded(text))
        if match:
            digits = match.group(1)
            return digits.lstrip("0") or "0" if digits.isdigit() else str(_roman(digits) or digits)
        if text and text.strip().isdigit():  # a bare 490$v or 245$n: "2"
            return text.strip().lstrip("0") or "0"
    return ""


def title_key(title: str) -> str:
    """The folded title without its volume designation (the volume is compared on its own)."""
    return " ".join(_VOLUME.sub(" ", folded(title)).split())


def author_key(authors: str) -> str:
    """The main (first) author: the part before the comma of an inverted name ("Arms,
    William"), else the whole name: MARC gives Vietnamese names in direct order, and their
    family names repeat too often (Nguyễn, Trần) to tell books apart."""
    first = authors.split(" ; ", 1)[0].strip()
    if not first:
        return ""
    if "," in first:
        return folded(first.split(",", 1)[0])
    return folded(first)


def publisher_key(publisher: str) -> str:
    return " ".join(w for w in folded(publisher).split() if w not in _PUBLISHER_NOISE)


def edition_key(edition: str) -> str:
    """Which edition: "1" when none is stated; 3 for "Tái bản lần thứ 2" (the second
    re-edition after the first) and for "In lần thứ 3" or "3rd ed."; the folded statement
    itself when it has no number."""
    text = folded(edition)
    if not text:
        return "1"
    number = _NUMBER.search(text)
    if number:
        return str(int(number.group(0)) + (1 if "tai ban" in text else 0))
    for word in text.split():
        if word in _EDITION_WORDS:
            return str(_EDITION_WORDS[word])
    return text


def pages(extent: str) -> int | None:
    """The page count of 300$a ("245 tr. ; 24 cm" → 245), the largest when several."""
    found = [int(n) for n in _PAGES.findall(folded(extent))]
    return max(found) if found else None
