"""What the index knows of a record, read from the database (the source of truth).

A :class:`SearchDocument` is engine-neutral: display values grouped by how they are searched
(title, author, subject, the rest), identifiers, facet values, sort keys and the holdings a
hit shows. Only bibliographic records are indexed. Besides the extracted columns, the stored
MARC gives variant titles (246, 130/240/730/740), series (490/830), summary and notes (5xx)
and the parallel script of 880 fields (a Khmer title next to its romanisation).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from thuvien.catalogue.exposure import public_records
from thuvien.catalogue.extract import DESCRIPTION
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.search.analysis import code_key, display, sort_value
from thuvien.union import clusters
from thuvien.union.clusters import Placement

_RECORD_COLUMNS = ("id", "library_id", "marc", *DESCRIPTION)
_ITEM_COLUMNS = ("record_id", "library_id", "status", "barcode", "call_number", "accession_number")

# MARC tags by the group they are searched in (880 goes by the tag in its $6).
_TITLE_TAGS = {"130": "adfkmnpr", "240": "adfkmnpr", "245": "abnp", "246": "abnp"}
_TITLE_TAGS |= {"730": "adfkmnpr", "740": "anp"}
_AUTHOR_TAGS = {"100": "abcdq", "110": "abcd", "111": "acdn", "700": "abcdq", "710": "abcd"}
_SUBJECT_TAGS = dict.fromkeys(("600", "610", "611", "630", "648", "650", "651", "655"), "abvxyz")
_REST_TAGS = {"490": "av", "830": "av", "500": "a", "502": "abcd", "505": "agrt", "520": "ab"}

_WANTED_TAGS = re.compile(
    r'\["(?:' + "|".join(sorted({*_TITLE_TAGS, *_REST_TAGS, "880"} - {"245"})) + ')"'
)

# Enough of a title or name to order a list; longer keys only make the index bigger.
SORT_CHARS = 80

AVAILABLE = "available"
UNAVAILABLE = "unavailable"
NO_COPIES = "no-copies"


@dataclass(slots=True)
class SearchDocument:
    id: int
    title: str
    authors: list[str]
    year: int | None
    material_type: str
    language: str
    owner: str  # owning library's code
    isbn: str
    titles: list[str] = field(default_factory=list)  # title first, then variants
    subjects: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)  # "isbn:…", "bc:…", "cn:…"
    libraries: list[str] = field(default_factory=list)  # owner and every holding library
    availability: str = NO_COPIES
    holdings: list[tuple[str, int, int]] = field(default_factory=list)  # code, copies, available
    sort_title: str = ""
    sort_author: str = ""
    # The union catalogue: the record's cluster, whether it is the one shown for it (its
    # best record, or a record alone) and, on the shown one, every member (id, library).
    cluster: int | None = None
    shown: bool = True
    members: list[tuple[int, str]] = field(default_factory=list)
    # How the record can be read online: "open" (by anyone), "onsite" (in a reading room).
    online: list[str] = field(default_factory=list)


class LibraryCodes:
    """Library id → code, loaded once per run (a few hundred rows at most)."""

    def __init__(self) -> None:
        self.codes: dict[int, str] = dict(Library.objects.values_list("id", "code"))

    def __call__(self, library_id: int) -> str:
        if library_id not in self.codes:
            self.codes.update(Library.objects.filter(id=library_id).values_list("id", "code"))
        return self.codes.get(library_id, "")


def _subfields(f: list[Any], codes: str) -> str:
    return " ".join(str(v).strip() for c, v in f[3] if c in codes and str(v).strip())


def _from_marc(doc: SearchDocument, stored: str) -> None:
    """Variant titles, series, notes, 880 parallel script: what the columns leave out."""
    if not _WANTED_TAGS.search(stored):
        return  # most records: nothing beyond the columns, and no JSON to parse
    try:
        fields = json.loads(stored)
    except ValueError:
        return
    for f in fields:
        if len(f) != 4 or not isinstance(f[3], list):
            continue
        tag = f[0]
        if tag == "880":
            link = next((str(v) for c, v in f[3] if c == "6"), "")
            tag = link[:3]
        elif tag == "245":
            continue  # the title column has it
        if tag in _TITLE_TAGS:
            target, codes = doc.titles, _TITLE_TAGS[tag]
        elif tag in _AUTHOR_TAGS and f[0] == "880":
            target, codes = doc.authors, _AUTHOR_TAGS[tag]
        elif tag in _SUBJECT_TAGS and f[0] == "880":
            target, codes = doc.subjects, _SUBJECT_TAGS[tag]
        elif tag in _REST_TAGS:
            target, codes = doc.rest, _REST_TAGS[tag]
        else:
            continue
        value = _subfields(f, codes).strip(" /:;,.=")
        if value:
            target.append(value)


def _document(row: dict[str, Any], codes: Callable[[int], str]) -> SearchDocument:
    authors = [a for a in row["authors"].split(" ; ") if a]
    doc = SearchDocument(
        id=row["id"],
        title=display(row["title"]),
        authors=authors,
        year=row["year"],
        material_type=row["material_type"] or "other",
        language=row["language"] or "und",
        owner=codes(row["library_id"]),
        isbn=row["isbn"],
        titles=[row["title"]] if row["title"] else [],
        subjects=[display(s) for s in row["subjects"].split(" ; ") if s.strip()],
    )
    _from_marc(doc, row["marc"])
    doc.rest += [row[k] for k in ("responsibility", "publisher", "place", "edition") if row[k]]
    for numbers in (row["classification"] or {}).values():
        doc.rest += [str(n) for n in numbers]
    doc.identifiers = [f"isbn:{i}" for i in row["isbns"].split()]
    doc.identifiers += [f"issn:{row['issn']}"] if row["issn"] else []
    if row["call_number"]:
        doc.identifiers.append(f"cn:{code_key(row['call_number'])}")
    doc.libraries = [doc.owner] if doc.owner else []
    doc.sort_title = sort_value(doc.title[:SORT_CHARS])
    # Records without an author sort after every name.
    doc.sort_author = sort_value(authors[0][:SORT_CHARS]) if authors else "~"
    return doc


def _add_items(doc: SearchDocument, items: Sequence[tuple[Any, ...]], codes: LibraryCodes) -> None:
    per_library: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, library_id, status, barcode, call_number, accession in items:
        if status == Item.Status.WITHDRAWN:  # thanh lý: kept for the registers, no longer held
            continue
        code = codes(library_id)
        counts = per_library[code]
        counts[0] += 1
        counts[1] += status == Item.Status.AVAILABLE
        if barcode:
            doc.identifiers.append(f"bc:{code_key(barcode)}")
        if call_number:
            doc.identifiers.append(f"cn:{code_key(call_number)}")
        if accession:
            doc.identifiers.append(f"acc:{code_key(accession)}")
    doc.identifiers = list(dict.fromkeys(doc.identifiers))
    doc.holdings = sorted((code, n, free) for code, (n, free) in per_library.items())
    doc.libraries = list(dict.fromkeys([*doc.libraries, *per_library]))
    if doc.holdings:
        available = any(free for _, _, free in doc.holdings)
        doc.availability = AVAILABLE if available else UNAVAILABLE


def documents_for(
    record_ids: Sequence[int], codes: LibraryCodes | None = None
) -> dict[int, SearchDocument]:
    """Documents of these records; ids missing from the result are deleted or not indexed
    (restricted records are never indexed: the index serves only public searches)."""
    codes = codes or LibraryCodes()
    rows = public_records().filter(id__in=record_ids, kind=Record.Kind.BIBLIOGRAPHIC)
    docs = {row["id"]: _document(row, codes) for row in rows.values(*_RECORD_COLUMNS)}
    items: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for item in Item.objects.filter(record_id__in=list(docs)).values_list(*_ITEM_COLUMNS):
        items[item[0]].append(item)
    for record_id, doc in docs.items():
        _add_items(doc, items.get(record_id, ()), codes)
    _add_other_texts(list(docs.values()))
    _group(list(docs.values()), clusters.placements(list(docs)), codes)
    return docs


def _with_items(rows: list[dict[str, Any]], codes: LibraryCodes) -> list[SearchDocument]:
    docs = [_document(row, codes) for row in rows]
    if not rows:
        return docs
    items: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    in_range = Item.objects.filter(record_id__gte=rows[0]["id"], record_id__lte=rows[-1]["id"])
    for item in in_range.values_list(*_ITEM_COLUMNS):
        items[item[0]].append(item)
    for doc in docs:
        _add_items(doc, items.get(doc.id, ()), codes)
    _add_other_texts(docs)
    _group(docs, clusters.placements_between(rows[0]["id"], rows[-1]["id"] + 1), codes)
    return docs


_MEMBER_COLUMNS = ("id", "library_id", "isbns", "issn", "call_number")


def _group(docs: list[SearchDocument], placed: dict[int, Placement], codes: LibraryCodes) -> None:
    """The union catalogue on the documents: each knows its cluster; the shown one of each
    cluster also carries every member's libraries, copies and identifiers, so that one hit
    stands for the edition (the library facet then means "held by", availability is the
    network's, and a barcode of any member's copy finds it)."""
    if not placed:
        return
    for doc in docs:
        if doc.id in placed:
            doc.cluster = placed[doc.id].cluster
            doc.shown = placed[doc.id].is_shown(doc.id)
    shown = {doc.cluster: doc for doc in docs if doc.cluster is not None and doc.shown}
    if not shown:
        return
    member_ids = clusters.members(shown)
    wanted = sorted({r for ids in member_ids.values() for r in ids})
    rows: dict[int, tuple[Any, ...]] = {}
    items: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for start in range(0, len(wanted), 900):
        part = wanted[start : start + 900]
        found = Record.objects.filter(id__in=part).values_list(*_MEMBER_COLUMNS)
        rows.update((row[0], row) for row in found)
        for item in Item.objects.filter(record_id__in=part).values_list(*_ITEM_COLUMNS):
            items[item[0]].append(item)
    for cluster_id, doc in shown.items():
        every = [r for r in member_ids.get(cluster_id, [doc.id]) if r in rows]
        doc.members = [(r, codes(rows[r][1])) for r in every]
        merged = SearchDocument(0, "", [], None, "", "", "", "")
        for record_id in every:
            _, library_id, isbns, issn, call_number = rows[record_id]
            merged.libraries.append(codes(library_id))
            merged.identifiers += [f"isbn:{i}" for i in isbns.split()]
            merged.identifiers += [f"issn:{issn}"] if issn else []
            merged.identifiers += [f"cn:{code_key(call_number)}"] if call_number else []
        _add_items(merged, [i for r in every for i in items.get(r, ())], codes)
        doc.libraries = list(dict.fromkeys([*doc.libraries, *merged.libraries]))
        doc.identifiers = list(dict.fromkeys([*doc.identifiers, *merged.identifiers]))
        doc.holdings = merged.holdings
        doc.availability = merged.availability


# Other apps' text about records (the OCR of scans, …): each source gives, for the records
# with ``low <= id <= high``, record id → texts to search with the record's own. Sources are
# added by their apps at start-up (``AppConfig.ready``), so search depends on none of them.
TextSource = Callable[[int, int], dict[int, list[str]]]
TEXT_SOURCES: list[TextSource] = []


# How a record can be read online (its digital objects' access), from the apps that know:
# record id → values of the ``online`` facet, for records with ``low <= id <= high``.
OnlineSource = Callable[[int, int], dict[int, set[str]]]
ONLINE_SOURCES: list[OnlineSource] = []


def _add_other_texts(docs: Sequence[SearchDocument]) -> None:
    if not docs or not (TEXT_SOURCES or ONLINE_SOURCES):
        return
    low, high = min(d.id for d in docs), max(d.id for d in docs)
    for source in TEXT_SOURCES:
        texts = source(low, high)
        for doc in docs:
            doc.rest += texts.get(doc.id, [])
    for online in ONLINE_SOURCES:
        ways = online(low, high)
        for doc in docs:
            doc.online = sorted({*doc.online, *ways.get(doc.id, ())})


def document_of(
    record: Record, library_code: str, *, cluster: int | None = None, members: Sequence[int] = ()
) -> SearchDocument:
    """The searched text of a record already read (the record page's), with the other apps'
    texts (its scans' OCR) but not its copies: what "more like this" compares. One query per
    text source, none for the record."""
    row = {name: getattr(record, name) for name in _RECORD_COLUMNS}
    doc = _document(row, lambda _: library_code)
    doc.cluster = cluster
    doc.members = [(member, "") for member in members]
    _add_other_texts([doc])
    return doc


def id_ranges(size: int) -> list[tuple[int, int]]:
    """[low, high) id ranges of about ``size`` bibliographic records each, covering them all."""
    ids = Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC).order_by("id")
    every = list(ids.values_list("id", flat=True))
    starts = every[::size]
    return list(zip(starts, [*starts[1:], every[-1] + 1], strict=True)) if every else []


def documents_between(
    low: int, high: int, codes: LibraryCodes | None = None
) -> list[SearchDocument]:
    """Documents of the bibliographic records with ``low <= id < high``, in id order (two
    queries: the records, then their copies)."""
    bib = public_records().filter(kind=Record.Kind.BIBLIOGRAPHIC, id__gte=low, id__lt=high)
    return _with_items(list(bib.order_by("id").values(*_RECORD_COLUMNS)), codes or LibraryCodes())


def count() -> int:
    return Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC).count()
