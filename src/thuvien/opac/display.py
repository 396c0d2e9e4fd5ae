"""A record as a reader sees it: names, notes, the MARC view and the copies per library.

Everything shown comes from the stored MARC record and the database, never from the
search index, so a record page is right even while the index catches up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from thuvien.catalogue.exposure import public_records
from thuvien.catalogue.extract import clean
from thuvien.catalogue.marc import Field, MarcRecord, subfield_values
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.union import clusters

# Relator terms ($e) of names that are authors; any other role is a contributor.
_AUTHOR_ROLES = ("", "tác giả", "author", "chủ biên", "editor", "biên soạn", "compiler")
_NAME_CODES = "abcdq"


@dataclass(frozen=True)
class Name:
    text: str
    person: bool  # X00; False for corporate and meeting names (X10, X11)
    inverted: bool  # "Surname, Forename" (X00 ind1 1); Vietnamese names keep their order
    role: str

    @property
    def is_author(self) -> bool:
        return self.role.casefold() in _AUTHOR_ROLES


def _joined(f: Field, codes: str) -> str:
    return clean(" ".join(clean(v) for v in subfield_values(f, codes) if v.strip()))


def names(marc: MarcRecord) -> list[Name]:
    """Main and added entries (1XX, 7XX) in record order, each once."""
    found: dict[str, Name] = {}
    for f in marc.data_fields("100", "110", "111", "700", "710", "711"):
        text = _joined(f, _NAME_CODES)
        if not text or text in found:
            continue
        role = clean(" ".join(subfield_values(f, "e"))).strip(" ,.")
        person = f[0].endswith("00")
        found[text] = Name(text, person, person and f[1] == "1", role)
    return list(found.values())


def _title_of(f: Field) -> str:
    return clean(" ".join(v.strip() for c, v in f[3] if c in "abfgknps" and v.strip()))


def full_title(marc: MarcRecord, fallback: str) -> str:
    """The title with its remainder as catalogued, ISBD punctuation between the parts kept
    ("Title : subtitle", "Title = Parallel title", "Title. Part 1") and the statement of
    responsibility left out."""
    for f in marc.data_fields("245"):
        return _title_of(f) or fallback
    return fallback


def notes(marc: MarcRecord) -> list[str]:
    """General notes and the like (5XX), as text."""
    out = []
    for f in marc.fields:
        if len(f) == 4 and f[0].startswith("5"):
            text = " ".join(v.strip() for c, v in f[3] if c.isalpha() and v.strip())
            if text:
                out.append(text)
    return out


def physical_description(marc: MarcRecord) -> str:
    for f in marc.data_fields("300"):
        return " ".join(v.strip() for v in subfield_values(f, "abce") if v.strip())
    return ""


def series(marc: MarcRecord) -> list[str]:
    return [_joined(f, "anpv") for f in marc.data_fields("490", "830") if _joined(f, "anpv")]


def original_script_title(marc: MarcRecord) -> str:
    """The title in its own script (880 linked to 245), e.g. Khmer beside its romanisation."""
    for f in marc.data_fields("880"):
        if any(c == "6" and v.startswith("245") for c, v in f[3]):
            return _title_of(f)
    return ""


@dataclass(frozen=True)
class MarcRow:
    tag: str
    indicators: str
    value: str | None  # control fields
    subfields: list[tuple[str, str]]


def marc_rows(marc: MarcRecord) -> list[MarcRow]:
    rows = []
    for f in marc.fields:
        if len(f) == 2:
            rows.append(MarcRow(f[0], "", str(f[1]).replace(" ", "#"), []))
        else:
            indicators = (f[1] + f[2]).replace(" ", "#")
            rows.append(MarcRow(f[0], indicators, None, [(c, v) for c, v in f[3]]))
    return rows


@dataclass
class LibraryHoldings:
    library: Library
    record_id: int
    items: list[Item] = field(default_factory=list)

    @property
    def available(self) -> int:
        return sum(1 for item in self.items if item.status == Item.Status.AVAILABLE)


def same_record_elsewhere(record: Record) -> Q | None:
    """Records of other libraries that are the same description: the same source record
    (001 + 003) or the same ISBN. The union catalogue's clusters will replace this."""
    condition = Q()
    if record.control_number and record.control_number_identifier:
        condition |= Q(
            control_number=record.control_number,
            control_number_identifier=record.control_number_identifier,
        )
    if record.isbn:
        condition |= Q(isbn=record.isbn)
    if not condition:
        return None
    return condition & Q(kind=Record.Kind.BIBLIOGRAPHIC) & ~Q(library=record.library_id)


def holdings(record: Record, near: clusters.Neighbourhood | None = None) -> list[LibraryHoldings]:
    """The record's copies, then those of the same edition in other libraries, one entry
    per library (a few queries whatever the number of copies). The same edition is the
    record's cluster in the union catalogue: every member library is listed, with or
    without copies; a record alone falls back to the same source record or ISBN."""
    record_ids = {record.pk: record.library}
    near = near or clusters.neighbourhood(record.pk)
    in_cluster = set(near.members) - {record.pk}
    elsewhere = Q(pk__in=in_cluster) if in_cluster else same_record_elsewhere(record)
    if elsewhere is not None:
        for other in (
            public_records(Record.objects.filter(elsewhere))
            .select_related("library")
            .only("id", "library__code", "library__name_vi", "library__name_en", "library__address")
            .order_by("id")
        ):
            record_ids.setdefault(other.pk, other.library)
    by_library: dict[int, LibraryHoldings] = {}
    for rid, library in record_ids.items():
        by_library.setdefault(library.pk, LibraryHoldings(library, rid))
    items = Item.objects.filter(record_id__in=record_ids).order_by("call_number", "id")
    for item in items:  # a copy is filed under the library of the record it belongs to
        by_library[record_ids[item.record_id].pk].items.append(item)
    own = by_library.pop(record.library_id)
    others = sorted(by_library.values(), key=lambda h: h.library.code)
    return [own, *(h for h in others if h.items or in_cluster)]


def other_editions(record: Record, near: clusters.Neighbourhood) -> list[Record]:
    """The shown records of the work's other editions (other clusters, same work key)."""
    ids = clusters.other_editions(record.pk, near=near)
    if not ids:
        return []
    found = Record.objects.filter(pk__in=ids).select_related("library").defer("marc")
    return sorted(found, key=lambda r: (-(r.year or 0), r.pk))
