from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories


@dataclass
class Shelf:
    library: Library
    admin: Any
    clerk: Any
    record: Record
    items: dict[str, Item]


@pytest.fixture
def shelf() -> Shelf:
    """A library with six copies: four on shelf A, one on shelf B, one lent."""
    library = factories.library("VN-KK01")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    clerk = factories.staff(Role.CIRCULATION_CLERK, library)
    record = catalogue.create_record(admin, library, factories.marc("Truyện Kiều"))
    items = {}
    for code, place, status in [
        ("A1", "Kho A", Item.Status.AVAILABLE),
        ("A2", "Kho A", Item.Status.AVAILABLE),
        ("A3", "Kho A", Item.Status.AVAILABLE),
        ("A4", "Kho A", Item.Status.DAMAGED),
        ("B1", "Kho B", Item.Status.AVAILABLE),
        ("L1", "Kho A", Item.Status.ON_LOAN),
    ]:
        items[code] = catalogue.add_item(
            admin,
            record,
            barcode=code,
            accession_number=f"VV.{code}",
            location=place,
            status=status,
        )
    return Shelf(library, admin, clerk, record, items)
