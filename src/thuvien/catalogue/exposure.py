"""What of a record may leave the system: one rule, used by every public surface.

The portal (record page, its MARC/MARCXML/RIS/BibTeX/JSON-LD exports, search, new
acquisitions and their feeds), ``/api/v1``, SRU, OAI-PMH (with the union set) and open data
all ask :func:`public_view` (or filter with :func:`public_records`). Staff pages show the
stored record whole.

* **Restricted records** (MARC 506 with first indicator 1, "restrictions apply") do not
  leave at all: the portal and the API answer 404, OAI-PMH reports them deleted, SRU sends a
  surrogate diagnostic, open data and the search index leave them out.
* **Staff-only data** never leaves: the private form (first indicator 0) of the source of
  acquisition (541), ownership history (561) and action notes (583), which name donors,
  sellers and prices; the nonpublic note ``$x`` of the holdings fields (852, 876–878,
  Koha's 952).
* **Bulk surfaces** (``copies=False``: OAI-PMH, SRU, open data) send descriptions, not
  working data: they also drop the copy and acquisition fields whole (852, 876–878, 541,
  561, 583), local notes (59X) and local fields (9XX). Decree 47/2020 allows open data
  only without personal data.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thuvien.catalogue.marc import Field, MarcRecord
from thuvien.catalogue.models import Record

# How a restricting 506 looks in the stored compact JSON (a field starts ["506","1",…]):
# the database can filter on it without parsing records.
RESTRICTED_MARKER = '["506","1"'

_PRIVATE_WHEN_IND1_0 = frozenset({"541", "561", "583"})
_NONPUBLIC_NOTE_TAGS = frozenset({"852", "876", "877", "878", "952"})
_COPY_TAGS = frozenset({"852", "876", "877", "878", "541", "561", "583"})


def restricted(marc: MarcRecord) -> bool:
    """Whether the record's access is restricted (506 first indicator 1)."""
    return any(f[1] == "1" for f in marc.data_fields("506"))


def public_records(records: QuerySet[Record] | None = None) -> QuerySet[Record]:
    """These records (default: all) less the restricted ones, filtered in the database."""
    records = Record.objects.all() if records is None else records
    return records.exclude(marc__contains=RESTRICTED_MARKER)


def is_public(record: Record) -> bool:
    return RESTRICTED_MARKER not in record.marc or not restricted(_marc_of(record))


def _field_for(f: Field, copies: bool) -> Field | None:
    if len(f) == 2:
        return f
    tag, ind1, ind2, subfields = f
    if not copies and (tag in _COPY_TAGS or tag[0] == "9" or tag.startswith("59")):
        return None
    if tag in _PRIVATE_WHEN_IND1_0 and ind1 == "0":
        return None
    if tag in _NONPUBLIC_NOTE_TAGS:
        kept = [s for s in subfields if s[0] != "x"]
        return [tag, ind1, ind2, kept] if kept else None
    return f


def public_view(marc: MarcRecord, *, copies: bool = True) -> MarcRecord | None:
    """The record as it may leave the system, or None when it may not leave at all.

    ``copies=False`` for the bulk surfaces (OAI-PMH, SRU, open data): holdings and local
    fields are left out whole."""
    if restricted(marc):
        return None
    fields = [p for p in (_field_for(f, copies) for f in marc.fields) if p is not None]
    return MarcRecord(marc.leader, fields)


def _marc_of(record: Record) -> MarcRecord:
    return MarcRecord.from_stored(record.leader, record.marc)


def public_marc(record: Record, *, copies: bool = True) -> MarcRecord | None:
    """:func:`public_view` of a stored record."""
    return public_view(_marc_of(record), copies=copies)
