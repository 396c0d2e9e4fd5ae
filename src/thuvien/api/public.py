"""What of the catalogue may leave through the public API: shaping rows into responses.

What of a record leaves is decided by :mod:`thuvien.catalogue.exposure`, as for every other
public surface. Item rows carry status, never who has a copy.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from thuvien.catalogue import exposure
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.union import clusters


def public_marc(record: Record) -> MarcRecord:
    """The record as the rule of :mod:`thuvien.catalogue.exposure` lets it out (the API
    answers 404 for a restricted record before it gets here)."""
    shown = exposure.public_marc(record)
    if shown is None:
        raise ValueError(f"record {record.pk} is restricted")
    return shown


def names(joined: str) -> list[str]:
    """Authors and subjects are stored joined by ' ; '."""
    return [part.strip() for part in joined.split(" ; ") if part.strip()]


def record_url(record_id: int) -> str:
    return reverse("api-v1:get_record", kwargs={"record_id": record_id})


def library_url(code: str) -> str:
    return reverse("api-v1:get_library", kwargs={"code": code})


def holdings(record: Record) -> list[dict[str, Any]]:
    rows = (
        Item.objects.filter(record=record)
        .values("library__code")
        .annotate(copies=Count("id"), available=Count("id", filter=Q(status=Item.Status.AVAILABLE)))
        .order_by("library__code")
    )
    return [
        {"library": r["library__code"], "copies": r["copies"], "available": r["available"]}
        for r in rows
    ]


def record_summary(record: Record) -> dict[str, Any]:
    return {
        "id": record.pk,
        "kind": record.kind,
        "library": record.library.code,
        "title": record.title,
        "authors": names(record.authors),
        "year": record.year,
        "material_type": record.material_type,
        "language": record.language,
        "isbn": record.isbn,
        "updated_at": record.updated_at,
        "url": record_url(record.pk),
    }


def item(row: Item) -> dict[str, Any]:
    return {
        "library": row.library.code,
        "record": row.record_id,
        "barcode": row.barcode,
        "accession_number": row.accession_number,
        "call_number": row.call_number,
        "location": row.location,
        "item_type": row.item_type,
        "status": row.status,
        "status_label": str(Item.Status(row.status).label)
        if row.status in Item.Status.values
        else row.status,
        "record_url": record_url(row.record_id),
    }


def library_summary(library: Library) -> dict[str, Any]:
    return {
        "code": library.code,
        "name_vi": library.name_vi,
        "name_en": library.name_en,
        "library_type": library.library_type,
        "status": library.status,
        "url": library_url(library.code),
    }


def cluster_of(record: Record) -> dict[str, Any] | None:
    """The record's cluster in the union catalogue: its records and libraries (None: alone)."""
    cluster_id = clusters.of_record(record.pk)
    found = clusters.view(cluster_id) if cluster_id is not None else None
    if found is None:
        return None
    return {
        "id": found.id,
        "records": [{"id": m.record_id, "library": m.library} for m in found.members],
        "libraries": found.libraries,
    }
