"""What the suggesters read of a record and what they learn to suggest.

Read: the title (245, 246), the series (490), the summary (520), the contents (505), the
authors' names (100/700, one token each: an author tends to stay in one class) and the OCR
text of the record's open scans where the digital library has it. Words go through the search
index's analysis (:mod:`thuvien.search.analysis`): canonical tones and lower case, plus the
folded form so a record typed without diacritics still finds its class, plus pairs of
syllables, since a Vietnamese word is often two ("thư viện", "lịch sử").

Learnt: DDC (082), BBK (084 $2 bbk), UDC (080) and LC (050) classes, and subject headings (650
and 653 $a, the heading without its subdivisions).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from thuvien.catalogue.extract import clean
from thuvien.catalogue.marc import Field, MarcRecord, subfield_values
from thuvien.search.analysis import exact_form, folded_form

OCR_CHARACTERS = 20_000  # the first pages say what a book is about; the rest costs time
CLASS_SCHEMES = ("ddc", "bbk", "udc", "lcc")
SUBJECTS = "subject"
FAMILIES = (*CLASS_SCHEMES, SUBJECTS)

_DDC = re.compile(r"\d{3}(?:\.\d{1,3})?")
_LCC = re.compile(r"[A-Z]{1,3}\d*")


def tokens_of(text: str) -> list[str]:
    exact = exact_form(text).split()
    folded = folded_form(text).split()
    out = list(exact)
    out += [f"{a} {b}" for a, b in itertools.pairwise(exact)]
    if folded != exact:
        out += [f"~{w}" for w in folded]
    return out


def _joined(f: Field, codes: str) -> str:
    return " ".join(v for v in subfield_values(f, codes) if v.strip())


def text_of(marc: MarcRecord) -> str:
    parts: list[str] = []
    for tag, codes in (
        ("245", "abnp"),
        ("246", "ab"),
        ("490", "a"),
        ("520", "ab"),
        ("505", "agrt"),
    ):
        parts += [_joined(f, codes) for f in marc.data_fields(tag)]
    return " ".join(p for p in parts if p)


def record_tokens(marc: MarcRecord, ocr: str = "") -> list[str]:
    tokens = tokens_of(text_of(marc))
    if ocr:
        tokens += tokens_of(ocr[:OCR_CHARACTERS])
    for f in marc.data_fields("100", "700"):
        name = folded_form(_joined(f, "a"))
        if name:
            tokens.append("@" + name)
    return tokens


def ddc_class(value: str) -> str:
    match = _DDC.match(value.replace("/", "").replace("'", "").strip())
    return match.group() if match else ""


def lcc_class(value: str) -> str:
    match = _LCC.match(value.strip())
    return match.group() if match else ""


@dataclass(frozen=True)
class Label:
    """One thing a suggester may propose: a class in a scheme or a subject heading (with the
    tag it is written in)."""

    family: str
    value: str
    tag: str

    @property
    def key(self) -> str:
        return f"{self.tag}:{self.value}" if self.family == SUBJECTS else self.value


def _bbk(f: Field) -> bool:
    return "".join(subfield_values(f, "2")).strip().lower().startswith(("bbk", "ббк"))


def _heading(value: str) -> str:
    return clean(value).rstrip(".").strip()


# family, tags, which fields count (None: all), how a value becomes the label ("": none)
_SOURCES: tuple[
    tuple[str, tuple[str, ...], Callable[[Field], bool] | None, Callable[[str], str]], ...
] = (
    ("ddc", ("082",), None, ddc_class),
    ("udc", ("080",), None, clean),
    ("bbk", ("084",), _bbk, clean),
    ("lcc", ("050",), None, lcc_class),
    (SUBJECTS, ("650", "653"), None, _heading),
)


def labels_of(marc: MarcRecord) -> Iterator[Label]:
    for family, tags, wanted, normal in _SOURCES:
        for f in marc.data_fields(*tags):
            if wanted is not None and not wanted(f):
                continue
            values = subfield_values(f, "a")
            # LC class and subject heading: the first $a only (the class, the main heading)
            for v in values[:1] if family in {"lcc", SUBJECTS} else values:
                if value := normal(v):
                    yield Label(family, value, f[0])


def label_from_key(family: str, key: str) -> Label:
    if family == SUBJECTS:
        tag, _sep, value = key.partition(":")
        return Label(family, value, tag)
    return Label(family, key, {"ddc": "082", "bbk": "084", "udc": "080", "lcc": "050"}[family])


def field_for(label: Label) -> Field:
    """The MARC field a cataloguer's "accept" adds."""
    if label.family == "ddc":
        return ["082", "0", "4", [["a", label.value]]]
    if label.family == "bbk":
        return ["084", " ", " ", [["a", label.value], ["2", "bbk"]]]
    if label.family == "udc":
        return ["080", " ", " ", [["a", label.value]]]
    if label.family == "lcc":
        return ["050", " ", "4", [["a", label.value]]]
    if label.tag == "653":
        return ["653", " ", " ", [["a", label.value]]]
    return ["650", " ", "4", [["a", label.value]]]
