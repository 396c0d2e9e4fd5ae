"""New acquisitions: the newest bibliographic records that have at least one copy to lend.

Read from the database (the source of truth), newest first. Every query here walks the
(library, kind, id) index backwards and stops after a few rows, so the pages stay fast on a
network of a million records: no COUNT over the catalogue, no sort of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from thuvien.catalogue.exposure import public_records
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library

LIBRARIES_ON_HOME = 6
RECORDS_PER_LIBRARY_ON_HOME = 4
PER_PAGE = 20
IN_FEED = 30

_CARD_COLUMNS = (
    "id",
    "title",
    "authors",
    "responsibility",
    "publisher",
    "year",
    "material_type",
    "language",
    "created_at",
    "library__code",
    "library__name_vi",
    "library__name_en",
)


def _count(items: QuerySet[Item]) -> Coalesce:
    """A correlated count: computed for the rows shown only, not grouped over the catalogue."""
    counted = items.filter(record=OuterRef("pk")).order_by().values("record")
    n = Subquery(counted.annotate(n=Count("id")).values("n"), output_field=IntegerField())
    return Coalesce(n, 0)


def with_copies(records: QuerySet[Record]) -> QuerySet[Record]:
    """Bibliographic records with a copy, newest first, with their library and how many
    copies they have (``copy_count``) and how many are on the shelf now (``available_count``)."""
    return (
        public_records(records)
        .filter(kind=Record.Kind.BIBLIOGRAPHIC)
        .filter(Exists(Item.objects.filter(record=OuterRef("pk"))))
        .select_related("library")
        .only(*_CARD_COLUMNS)
        .annotate(
            copy_count=_count(Item.objects.all()),
            available_count=_count(Item.objects.filter(Q(status=Item.Status.AVAILABLE))),
        )
        .order_by("-id")
    )


@dataclass(frozen=True)
class LibraryShelf:
    library: Library
    records: list[Record]


def home_shelves() -> list[LibraryShelf]:
    """The few newest acquisitions of each of the libraries that catalogued most recently."""
    newest = Record.objects.filter(library=OuterRef("pk"), kind=Record.Kind.BIBLIOGRAPHIC)
    libraries = (
        Library.objects.annotate(newest=Subquery(newest.order_by("-id").values("id")[:1]))
        .filter(newest__isnull=False)
        .only("id", "code", "name_vi", "name_en")
        .order_by(F("newest").desc())[:LIBRARIES_ON_HOME]
    )
    shelves = []
    for library in libraries:
        records = list(
            with_copies(Record.objects.filter(library=library))[:RECORDS_PER_LIBRARY_ON_HOME]
        )
        if records:
            shelves.append(LibraryShelf(library, records))
    return shelves


def page_of(library: Library | None, page: int) -> tuple[list[Record], bool]:
    """Page ``page`` (from 1) of the new acquisitions, and whether a next page exists."""
    records = with_copies(
        Record.objects.filter(library=library) if library else Record.objects.all()
    )
    start = (page - 1) * PER_PAGE
    rows = list(records[start : start + PER_PAGE + 1])
    return rows[:PER_PAGE], len(rows) > PER_PAGE


def for_feed(library: Library | None) -> list[Record]:
    records = with_copies(
        Record.objects.filter(library=library) if library else Record.objects.all()
    )
    return list(records[:IN_FEED])
