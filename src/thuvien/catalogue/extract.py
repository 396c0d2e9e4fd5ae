"""The fields a catalogue needs for display, sorting and matching, taken from a MARC record.

These are derived data: they are recomputed from the stored record whenever it changes.
"""

from __future__ import annotations

import re
from typing import Any

from thuvien.catalogue.marc import Field, MarcRecord, subfield_values

_TRAILING = " /:;,.="
_YEAR = re.compile(r"(1[0-9]{3}|20[0-9]{2})")
_ISBN_CHARS = re.compile(r"[0-9Xx][0-9Xx \-]{8,20}")
_ISSN = re.compile(r"([0-9]{4})-?([0-9]{3}[0-9Xx])")


def clean(value: str) -> str:
    """A subfield value without the ISBD punctuation that separates it from the next one."""
    value = value.strip()
    while value and value[-1] in _TRAILING:
        # Keep the full stop of an abbreviation such as "Jr." or "S.":
        if value[-1] == "." and len(value) > 2 and value[-2].isupper() and value[-3] in " .":
            break
        value = value[:-1].rstrip()
    return value


# --- identifiers -------------------------------------------------------------------------


def isbn13(text: str) -> str:
    """The ISBN-13 in ``text`` (ISBN-10 or -13, hyphens and qualifiers allowed), or ''."""
    match = _ISBN_CHARS.search(text)
    if not match:
        return ""
    digits = match.group(0).replace("-", "").replace(" ", "").upper()
    if len(digits) >= 13 and digits[:13].isdigit():
        candidate = digits[:13]
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(candidate[:12]))
        return candidate if (10 - total % 10) % 10 == int(candidate[12]) else ""
    if len(digits) >= 10 and digits[:9].isdigit():
        candidate = digits[:10]
        if candidate[9] != "X" and not candidate[9].isdigit():
            return ""
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(candidate))
        if total % 11:
            return ""
        core = "978" + candidate[:9]
        check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(core)) % 10) % 10
        return core + str(check)
    return ""


def issn(text: str) -> str:
    match = _ISSN.search(text)
    if not match:
        return ""
    digits = match.group(1) + match.group(2).upper()
    total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    if ("X" if check == 10 else str(check)) != digits[7]:
        return ""
    return f"{digits[:4]}-{digits[4:]}"


# --- material type ----------------------------------------------------------------------

_TYPE_06 = {
    "a": "text",
    "t": "manuscript",
    "c": "music-score",
    "d": "music-score",
    "e": "map",
    "f": "map",
    "g": "video",
    "i": "sound-recording",
    "j": "music-recording",
    "k": "image",
    "m": "computer-file",
    "o": "kit",
    "p": "mixed",
    "r": "object",
}


def material_type(leader: str) -> str:
    """A coarse material type from leader/06-07 (book, serial, map, music-recording …)."""
    kind = _TYPE_06.get(leader[6:7], "other")
    level = leader[7:8]
    if kind == "text":
        if level in ("s", "i"):
            return "serial"
        if level in ("a", "b"):
            return "article"
        return "book"
    return kind


# --- extraction --------------------------------------------------------------------------


def _joined(f: Field, codes: str, sep: str = " ") -> str:
    return clean(sep.join(clean(v) for v in subfield_values(f, codes) if v.strip()))


def _publication(record: MarcRecord) -> Field | None:
    for f in record.data_fields("264"):
        if f[2] == "1":
            return f
    for f in record.data_fields("260", "264"):
        return f
    return None


def _year(record: MarcRecord, publication: Field | None) -> int | None:
    fixed = record.control("008")[7:11]
    if fixed.isdigit() and fixed != "0000":
        return int(fixed)
    if publication is not None:
        for value in subfield_values(publication, "c"):
            match = _YEAR.search(value)
            if match:
                return int(match.group(1))
    return None


def _classification(record: MarcRecord) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def add(scheme: str, value: str) -> None:
        value = clean(value)
        if value and value not in found.setdefault(scheme, []):
            found[scheme].append(value)

    for f in record.data_fields("082"):
        for v in subfield_values(f, "a"):
            add("ddc", v.replace("/", ""))
    for f in record.data_fields("080"):
        for v in subfield_values(f, "a"):
            add("udc", v)
    for f in record.data_fields("050", "090"):
        add("lcc", _joined(f, "ab"))
    for f in record.data_fields("084"):
        scheme = "".join(subfield_values(f, "2")).strip().lower()
        # Vietnamese records carry BBK (ББК) in 084 with $2 bbk; other schemes keep their name.
        key = "bbk" if scheme.startswith(("bbk", "ббк")) else (scheme or "other")
        for v in subfield_values(f, "a"):
            add(key, v)
    return found


def _call_number(record: MarcRecord) -> str:
    for tag, codes in (("090", "ab"), ("099", "a"), ("092", "ab"), ("852", "hi"), ("050", "ab")):
        for f in record.data_fields(tag):
            value = _joined(f, codes)
            if value:
                return value
    for f in record.data_fields("082"):
        return clean(" ".join(subfield_values(f, "ab")))
    return ""


# What a record says of the work: the columns pages, the search index and exports read.
DESCRIPTION = (
    "title",
    "responsibility",
    "authors",
    "publisher",
    "place",
    "year",
    "edition",
    "isbn",
    "isbns",
    "issn",
    "language",
    "material_type",
    "subjects",
    "classification",
    "call_number",
)
# Every column :func:`extract` fills: the description, the kind, and the system number.
EXTRACTED = ("kind", *DESCRIPTION, "control_number", "control_number_identifier")


def extract(record: MarcRecord) -> dict[str, Any]:
    """Column values for :class:`thuvien.catalogue.models.Record`."""
    title = ""
    responsibility = ""
    for f in record.data_fields("245"):
        title = _joined(f, "abnp")
        responsibility = _joined(f, "c")
        break
    if not title and record.kind == "auth":
        for f in record.data_fields("100", "110", "111", "130", "150", "151", "155"):
            title = _joined(f, "abcdqtxyzv")
            break
    authors = [
        _joined(f, "abcdq") for f in record.data_fields("100", "110", "111", "700", "710", "711")
    ]
    subjects = [
        " -- ".join(clean(v) for v in subfield_values(f, "abcdtvxyz") if v.strip())
        for f in record.data_fields("600", "610", "611", "630", "648", "650", "651", "655")
    ]
    publication = _publication(record)
    isbns = list(dict.fromkeys(filter(None, (isbn13(v) for v in record.values("020", "a")))))
    issns = [i for i in (issn(v) for v in record.values("022", "a")) if i]
    fixed = record.control("008")
    language = fixed[35:38].strip() if len(fixed) >= 38 else ""
    if not language.isalpha():
        language = clean(record.first("041", "a"))[:3]
    edition = ""
    for f in record.data_fields("250"):
        edition = _joined(f, "ab")
        break
    return {
        "kind": record.kind,
        "title": title,
        "responsibility": responsibility,
        "authors": " ; ".join(a for a in dict.fromkeys(authors) if a),
        "publisher": _joined(publication, "b")[:255] if publication else "",
        "place": _joined(publication, "a")[:255] if publication else "",
        "year": _year(record, publication),
        "edition": edition[:255],
        "isbn": isbns[0] if isbns else "",
        "isbns": " ".join(isbns),
        "issn": issns[0] if issns else "",
        "language": language.lower()[:3],
        "material_type": material_type(record.leader),
        "subjects": " ; ".join(s for s in dict.fromkeys(subjects) if s),
        "classification": _classification(record),
        "call_number": _call_number(record)[:255],
        "control_number": record.control("001")[:64],
        "control_number_identifier": record.control("003")[:64],
    }
