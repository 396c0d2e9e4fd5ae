"""Rows made one by one, with the dates the KPIs count by, so each figure is known exactly."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

from django.utils import timezone

from thuvien.catalogue.models import Item, Record
from thuvien.circulation.models import Loan, Patron
from thuvien.digital.models import Collection, DigitalObject
from thuvien.network.models import Library

_n = count(1)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def record(library: Library) -> Record:
    n = next(_n)
    return Record.objects.create(
        library=library,
        leader="00000nam a2200000 a 4500",
        marc="[]",
        match_key=f"k{n}",
        content_hash=f"h{n}",
        title=f"Sách {n}",
    )


def items(library: Library, how_many: int, created: date, **values: object) -> list[Item]:
    made = []
    for _ in range(how_many):
        item = Item.objects.create(
            library=library, record=record(library), barcode=f"B{next(_n)}", **values
        )
        Item.objects.filter(pk=item.pk).update(created_at=at(created))
        made.append(item)
    return made


def patron(library: Library, created: date, expires_on: date | None = None) -> Patron:
    p = Patron.objects.create(
        home_library=library, card_number=f"C{next(_n)}", full_name="Bạn đọc", expires_on=expires_on
    )
    Patron.objects.filter(pk=p.pk).update(created_at=at(created))
    return p


def loan(item: Item, lent: date) -> Loan:
    return Loan.objects.create(
        item=item,
        library=item.library,
        state=Loan.State.RETURNED,
        checked_out_at=at(lent),
        due_on=lent,
        returned_at=at(lent),
    )


def digitised(library: Library, kind: str, how_many: int, created: date, **values: object) -> None:
    collection, _ = Collection.objects.get_or_create(
        code=f"{library.code.lower()}-{kind}",
        defaults={"name_vi": kind, "kind": kind, "library": library},
    )
    for _ in range(how_many):
        obj = DigitalObject.objects.create(
            identifier=f"so-{next(_n)}",
            library=library,
            collection=collection,
            title="Tài liệu",
            **values,
        )
        DigitalObject.objects.filter(pk=obj.pk).update(created_at=at(created))
