"""What leaves the system through OAI-PMH, SRU and open data.

The rule itself is :mod:`thuvien.catalogue.exposure` (one rule for every public surface);
these are the bulk surfaces, which send descriptions and not working data
(``copies=False``): only bibliographic records (authority and holdings records are working
data), restricted records never (OAI-PMH reports them deleted, so a harvester drops its copy),
and no copy, acquisition or local fields.
"""

from __future__ import annotations

from django.db.models import QuerySet

from thuvien.catalogue import exposure
from thuvien.catalogue.exposure import restricted
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record

__all__ = ["published_records", "restricted", "shown"]


def published_records() -> QuerySet[Record]:
    """Records that may be shown (restriction is checked per record too: see :func:`shown`)."""
    return Record.objects.filter(kind=Record.Kind.BIBLIOGRAPHIC)


def shown(record: MarcRecord) -> MarcRecord | None:
    """The record as the bulk surfaces send it, or None when it may not leave."""
    return exposure.public_view(record, copies=False)
