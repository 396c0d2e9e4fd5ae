"""Quality control of shared records for the lead library (Decree 93/2020 Art. 28).

A record shared in the union catalogue should carry the minimum fields: title, author,
publication data (publisher or place, and year), keywords (653), subject (6xx), the
accession number (số ĐKCB) on its copies and a call number (mã xếp giá). Per library: the
share of its bibliographic records that have them all, how many miss each field, and the
records that fail with what they miss, so the lead library can fix them in the normal
MARC editor. Read-only: counted by the database, one query per question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library

# (key, label): the order of the columns on the page and in the JSON.
FIELDS = (
    ("title", gettext_lazy("Nhan đề")),
    ("author", gettext_lazy("Tác giả")),
    ("publication", gettext_lazy("Thông tin xuất bản")),
    ("keywords", gettext_lazy("Từ khoá")),
    ("subject", gettext_lazy("Chủ đề")),
    ("accession", gettext_lazy("Số ĐKCB")),
    ("call_number", gettext_lazy("Mã xếp giá")),
)


def _present() -> dict[str, Q]:
    """Each minimum field as a condition on a record annotated by :func:`_annotated`."""
    return {
        "title": ~Q(title=""),
        "author": ~Q(authors="") | ~Q(responsibility=""),
        "publication": (~Q(publisher="") | ~Q(place="")) & Q(year__isnull=False),
        # Compact JSON of the fields: a 653 field starts with this, wherever it is.
        "keywords": Q(marc__contains='["653",'),
        "subject": ~Q(subjects=""),
        "accession": Q(has_accession=True),
        "call_number": ~Q(call_number="") | Q(has_item_call_number=True),
    }


def _annotated(queryset: QuerySet[Record]) -> QuerySet[Record]:
    items = Item.objects.filter(record=OuterRef("pk"))
    return queryset.filter(kind=Record.Kind.BIBLIOGRAPHIC).annotate(
        has_accession=Exists(items.exclude(accession_number="")),
        has_item_call_number=Exists(items.exclude(call_number="")),
    )


def _complete() -> Q:
    condition = Q()
    for present in _present().values():
        condition &= present
    return condition


@dataclass(frozen=True)
class LibraryQuality:
    code: str
    name: str
    records: int
    complete: int
    missing: dict[str, int]  # field key → records missing it

    @property
    def share(self) -> float:
        """Share of records with every minimum field, 0 to 1 (1 for a library with none)."""
        return self.complete / self.records if self.records else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "library": self.code,
            "name": self.name,
            "records": self.records,
            "complete": self.complete,
            "share": round(self.share, 4),
            "missing": self.missing,
        }


def by_library(library: Library | None = None) -> list[LibraryQuality]:
    """The figures of every library that has records (or of ``library``), by code."""
    present = _present()
    counts: dict[str, Any] = {
        "records": Count("pk"),
        "complete": Count("pk", filter=_complete()),
    }
    counts |= {f"missing_{key}": Count("pk", filter=~present[key]) for key, _ in FIELDS}
    queryset = _annotated(Record.objects.all())
    if library is not None:
        queryset = queryset.filter(library=library)
    rows: Any = queryset.values("library__code", "library__name_vi").annotate(**counts)
    found = [
        LibraryQuality(
            code=row["library__code"],
            name=row["library__name_vi"],
            records=row["records"],
            complete=row["complete"],
            missing={key: row[f"missing_{key}"] for key, _ in FIELDS},
        )
        for row in rows
    ]
    return sorted(found, key=lambda q: q.code)


@dataclass(frozen=True)
class Failing:
    id: int
    library: str
    title: str
    missing: list[str]  # field keys


def failing(library: Library | None = None, limit: int | None = 200) -> list[Failing]:
    """The records that miss a minimum field, with which, oldest first (at most ``limit``;
    None: all of them)."""
    present = _present()
    flags = {f"ok_{key}": Q(present[key]) for key, _ in FIELDS}
    queryset = _annotated(Record.objects.all()).exclude(_complete())
    if library is not None:
        queryset = queryset.filter(library=library)
    queryset = queryset.annotate(
        **{
            name: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in flags.items()
        }
    )
    rows = queryset.order_by("pk").values("pk", "library__code", "title", *flags)
    if limit is not None:
        rows = rows[:limit]
    return [
        Failing(
            id=row["pk"],
            library=row["library__code"],
            title=row["title"],
            missing=[key for key, _ in FIELDS if not row[f"ok_{key}"]],
        )
        for row in rows
    ]


def label(key: str) -> str:
    return str(dict(FIELDS)[key])
