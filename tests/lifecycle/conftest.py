"""A shelf of copies as the engine's test machine: copies go for repair, come back, are
written off. Item.status is a real state field with choices and the item has an auto_now field,
so the engine is tested on its own, apart from any domain's tables."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item
from thuvien.lifecycle.machine import Machine, Move
from thuvien.network.models import Library, Role
from thuvien.testing import factories

_ST = Item.Status
# Plain strings: a machine's words may be gettext_lazy or not; the engine's sentences are.
SHELF = Machine(
    "shelf",
    Item,
    field="status",
    noun="bản",
    starts={"acquire": "nhập kho"},
    moves={
        "repair": Move("gửi sửa", {_ST.AVAILABLE}, _ST.DAMAGED),
        "mend": Move("nhận lại sau khi sửa", {_ST.DAMAGED}, _ST.AVAILABLE),
        "withdraw": Move("thanh lý", {_ST.AVAILABLE, _ST.DAMAGED}, _ST.WITHDRAWN),
    },
)
AUDITED_SHELF = Machine(
    "audited-shelf",
    Item,
    field="status",
    noun="bản",
    moves=SHELF.moves,
    audit_as="item",
    key=lambda item: f"{item.library.code}:{item.barcode}",
)


@dataclass
class Shelf:
    library: Library
    clerk: AbstractUser
    items: list[Item]


def make_shelf() -> Shelf:
    library = factories.library("VN-LC0001")
    clerk = factories.staff(Role.LIBRARY_ADMIN, library, username="thu-thu")
    record = catalogue.create_record(clerk, library, factories.marc("Truyện Kiều"))
    items = [catalogue.add_item(clerk, record, barcode=f"TK-{n}") for n in (1, 2)]
    return Shelf(library, clerk, items)


@pytest.fixture
def shelf() -> Shelf:
    return make_shelf()
