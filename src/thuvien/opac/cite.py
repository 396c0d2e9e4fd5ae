"""Citations of a record for reference managers: RIS and BibTeX.

Both are written from the extracted columns and the stored MARC record. Names keep their
order: a Vietnamese name (``Nguyễn Nhật Ánh``, MARC X00 ind1 0) is one unit, never split
into "forename surname", so BibTeX gets it in braces and RIS as written.
"""

from __future__ import annotations

from thuvien.catalogue import exposure
from thuvien.catalogue.marc import MarcRecord, subfield_values
from thuvien.catalogue.models import Record
from thuvien.catalogue.vocabulary import bcp47
from thuvien.opac.display import Name, full_title, names, notes

_RIS_TYPES = {
    "book": "BOOK",
    "serial": "SER",
    "article": "JOUR",
    "manuscript": "MANSCPT",
    "map": "MAP",
    "music-score": "MUSIC",
    "music-recording": "SOUND",
    "sound-recording": "SOUND",
    "video": "VIDEO",
    "image": "ART",
    "computer-file": "COMP",
}


def marc_of(record: Record) -> MarcRecord:
    """The record as :mod:`thuvien.catalogue.exposure` lets it out (staff-only fields gone);
    callers give public records, a restricted one comes back empty."""
    shown = exposure.public_marc(record)
    return shown if shown is not None else MarcRecord(record.leader, [])


def _thesis(marc: MarcRecord) -> tuple[str, str] | None:
    """(degree, institution) from a dissertation note (502), or None."""
    for f in marc.data_fields("502"):
        degree = " ".join(subfield_values(f, "b")).strip(" ,.")
        school = " ".join(subfield_values(f, "c")).strip(" ,.")
        if not degree and not school:
            degree = " ".join(subfield_values(f, "a")).strip(" ,.")
        return degree, school
    return None


def _isbns(record: Record) -> list[str]:
    return record.isbns.split() if record.isbns else []


# --- RIS -------------------------------------------------------------------------------------


def ris(record: Record, url: str) -> str:
    """The record as one RIS reference (CRLF line ends, as the format asks)."""
    marc = marc_of(record)
    thesis = _thesis(marc)
    lines: list[tuple[str, str]] = [
        ("TY", "THES" if thesis else _RIS_TYPES.get(record.material_type, "GEN"))
    ]
    lines.append(("TI", full_title(marc, record.title)))
    everyone = names(marc)
    lines += [("AU", n.text) for n in everyone if n.is_author]
    lines += [("A2", n.text) for n in everyone if not n.is_author]
    if record.year is not None:
        lines.append(("PY", str(record.year)))
    if thesis:
        degree, school = thesis
        lines += [("PB", school or record.publisher), ("M3", degree)]
    else:
        lines.append(("PB", record.publisher))
    lines += [("CY", record.place), ("ET", record.edition)]
    lines += [("SN", isbn) for isbn in _isbns(record)]
    lines.append(("SN", record.issn))
    lines += [("KW", s) for s in record.subjects.split(" ; ") if s]
    lines += [("LA", bcp47(record.language)), ("CN", record.call_number)]
    lines += [("N1", note) for note in notes(marc)]
    lines += [("UR", url), ("ER", "")]
    return "".join(
        f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines if value or tag == "ER"
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())


# --- BibTeX ----------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    # Escaped braces still count in BibTeX's brace matching: a lone "{" in a title would
    # break the file, so braces from the data become text commands.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(value))


def _bibtex_name(name: Name) -> str:
    text = bibtex_escape(name.text)
    # "Surname, Forename" is BibTeX's own form; any other name is kept whole.
    return text if name.inverted else "{" + text + "}"


def _degree_type(degree: str) -> str:
    folded = degree.casefold()
    if any(word in folded for word in ("tiến sĩ", "tiến sỹ", "doctor", "ph.d", "phd")):
        return "phdthesis"
    return "mastersthesis"


def bibtex(record: Record, url: str) -> str:
    """The record as one BibTeX entry (UTF-8; for biber or BibTeX with inputenc)."""
    marc = marc_of(record)
    thesis = _thesis(marc)
    authors = [n for n in names(marc) if n.is_author]
    entry = "book" if record.material_type == "book" else "misc"
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_bibtex_name(n) for n in authors)),
        # Double braces keep the title's capitals: styles would lower-case a Vietnamese title.
        ("title", "{" + bibtex_escape(full_title(marc, record.title)) + "}"),
    ]
    if thesis:
        degree, school = thesis
        entry = _degree_type(degree)
        fields += [
            ("school", bibtex_escape(school or record.publisher)),
            ("type", bibtex_escape(degree)),
        ]
    else:
        fields += [
            ("publisher", bibtex_escape(record.publisher)),
            ("address", bibtex_escape(record.place)),
            ("edition", bibtex_escape(record.edition)),
        ]
    fields += [
        ("year", str(record.year) if record.year is not None else ""),
        ("isbn", ", ".join(_isbns(record))),
        ("issn", record.issn),
        ("url", url),
    ]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
    return f"@{entry}{{thuvien{record.pk},\n{body}\n}}\n"
