"""What leaves the system through OAI-PMH, SRU and open data: one rule, used by all three.

* Only bibliographic records (authority and holdings records are working data).
* A record whose access is restricted (MARC 506 with first indicator 1, "restrictions
  apply") is not shown; OAI-PMH reports it as deleted, so a harvester drops its copy.
* Fields that may hold personal or internal data are removed from every record shown:
  local fields (9XX: Koha's 952 copies with prices and statuses), copies and their
  acquisition (852, 876-878), the source of acquisition and ownership history (541, 561:
  donors and previous owners are people), action notes (583: staff names) and local notes
  (59X). Decree 47/2020 allows open data only without personal data.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thuvien.catalogue.marc import Field, MarcRecord
from thuvien.catalogue.models import Record

_PRIVATE_TAGS = frozenset({"852", "876", "877", "878", "541", "561", "583"})


def published_records() -> QuerySet[Record]:
    """Records that may be shown (restriction is checked per record: see :func:`restricted`)."""
    return Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC)


def restricted(record: MarcRecord) -> bool:
    return any(f[1] == "1" for f in record.data_fields("506"))


def _private(f: Field) -> bool:
    tag = f[0]
    return tag[0] == "9" or tag.startswith("59") or tag in _PRIVATE_TAGS


def public_copy(record: MarcRecord) -> MarcRecord:
    """The record without the fields that may hold personal or internal data."""
    return MarcRecord(record.leader, [f for f in record.fields if not _private(f)])
