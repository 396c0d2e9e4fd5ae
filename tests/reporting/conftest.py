"""A small province whose every figure is known: rows made with set dates, so each test can
say exactly what the report must count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from thuvien.catalogue.models import Item, Record
from thuvien.circulation.models import IllRequest, Loan, Patron, PostalLoan
from thuvien.digital.models import AccessLog, Collection, DigitalObject, Page
from thuvien.lifecycle.models import Transition
from thuvien.network.models import Library, LibraryLevel, LibraryType, Role
from thuvien.testing import factories


def at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    """A moment in the site's time zone (the period's days are local days)."""
    return timezone.make_aware(datetime(y, m, d, hh, mm))


def dated(obj: Any, **fields: Any) -> Any:
    """Set auto_now(_add) fields, which create() and save() would overwrite."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    return obj


@dataclass
class World:
    library: Library
    other: Library
    n: dict[str, int] = field(default_factory=lambda: {"rec": 0, "item": 0, "p": 0})

    def record(
        self,
        *,
        leader: str = "00000nam a2200000 a 4500",
        lib: Library | None = None,
        when: datetime | None = None,
        **values: Any,
    ) -> Record:
        self.n["rec"] += 1
        values.setdefault("material_type", "book")
        values.setdefault("language", "vie")
        r = Record.objects.create(
            library=lib or self.library,
            leader=leader,
            marc="[]",
            match_key=f"k{self.n['rec']}",
            content_hash=f"h{self.n['rec']}",
            title=f"Sách {self.n['rec']}",
            **values,
        )
        return dated(r, created_at=when or at(2025, 1, 1))

    def item(
        self,
        record: Record,
        *,
        when: datetime,
        lib: Library | None = None,
        updated: datetime | None = None,
        **values: Any,
    ) -> Item:
        self.n["item"] += 1
        i = Item.objects.create(
            library=lib or self.library, record=record, barcode=f"B{self.n['item']}", **values
        )
        return dated(i, created_at=when, updated_at=updated or when)

    def reader(
        self,
        *,
        when: datetime,
        category: str = "adult",
        expires_on: date | None = None,
        lib: Library | None = None,
    ) -> Patron:
        self.n["p"] += 1
        p = Patron.objects.create(
            home_library=lib or self.library,
            card_number=f"C{self.n['p']}",
            full_name="Bạn đọc",
            category=category,
            expires_on=expires_on,
        )
        return dated(p, created_at=when)

    def loan(self, item: Item, *, when: datetime, category: str = "adult") -> Loan:
        return Loan.objects.create(
            item=item,
            library=item.library,
            checked_out_at=when,
            due_on=when.date(),
            state=Loan.State.RETURNED,
            returned_at=when,
            patron_category=category,
        )

    def renewal(self, loan: Loan, *, when: datetime) -> Transition:
        return Transition.objects.create(
            machine="loan",
            model="circulation.loan",
            object_id=str(loan.pk),
            action="renew",
            from_state="active",
            to_state="active",
            at=when,
            actor_label="test",
            library_code=loan.library.code,
        )


@pytest.fixture
def world() -> World:
    lib = factories.library(
        "VN-TH0001", library_type=LibraryType.PUBLIC, level=LibraryLevel.PROVINCIAL
    )
    other = factories.library(
        "VN-TH0002", library_type=LibraryType.SCHOOL, level=LibraryLevel.INSTITUTION
    )
    return World(lib, other)


@pytest.fixture
def officer() -> Any:
    return factories.staff(Role.DEPARTMENT_OFFICER)


def make_digital(
    lib: Library, identifier: str, kind: str, *, pages: int, size: int, when: datetime
) -> DigitalObject:
    coll, _ = Collection.objects.get_or_create(
        code=f"{lib.code.lower()}-{kind}", defaults={"name_vi": kind, "kind": kind, "library": lib}
    )
    obj = DigitalObject.objects.create(
        identifier=identifier, library=lib, title=identifier, collection=coll
    )
    dated(obj, created_at=when)
    for n in range(1, pages + 1):
        Page.objects.create(
            digital_object=obj,
            sequence=n,
            original=f"{n}.tif",
            media_type="image/tiff",
            sha256="0" * 64,
            size=size,
            width=1,
            height=1,
        )
    return obj


__all__ = ["AccessLog", "IllRequest", "PostalLoan", "at", "dated", "make_digital"]
