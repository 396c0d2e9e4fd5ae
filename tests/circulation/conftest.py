"""A small desk: one library, a clerk, a reader, a title with three copies."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item, Record
from thuvien.circulation import patrons
from thuvien.circulation.models import Patron
from thuvien.network.models import Library, Role
from thuvien.testing import factories


@dataclass
class Desk:
    library: Library
    clerk: AbstractUser
    reader: Patron
    record: Record
    items: list[Item]

    def add_reader(self, card: str, **values: object) -> Patron:
        """A reader; a PIN shorter than a new reader's is one kept from before (legacy)."""
        pin = str(values.get("pin", ""))
        legacy = bool(pin) and len(pin) < patrons.PIN_LENGTH
        return patrons.register(
            "test",
            self.library,
            card_number=card,
            full_name=f"Bạn đọc {card}",
            legacy_pin=legacy,
            **values,  # type: ignore[arg-type]
        )

    def add_title(self, title: str, barcodes: list[str], **item_values: object) -> list[Item]:
        admin = factories.staff(Role.NETWORK_ADMIN)
        record = catalogue.create_record(admin, self.library, factories.marc(title))
        return [catalogue.add_item(admin, record, barcode=b, **item_values) for b in barcodes]


def make_desk(code: str = "VN-CT0001") -> Desk:
    library = factories.library(code)
    clerk = factories.staff(Role.CIRCULATION_CLERK, library)
    desk = Desk(library, clerk, None, None, [])  # type: ignore[arg-type]
    desk.reader = desk.add_reader("B001", pin="1234", email="ban.doc@example.vn")
    desk.items = desk.add_title("Truyện Kiều", ["TK-1", "TK-2", "TK-3"])
    desk.record = desk.items[0].record
    return desk


@pytest.fixture
def desk() -> Desk:
    return make_desk()
