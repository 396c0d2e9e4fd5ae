"""A copy withdrawn by a weeding decision shows that decision's date and number on its line of
the individual register (the register lives in acquisitions, below stock: stock hands it the
facts at start-up); a copy withdrawn by hand keeps the register's own date."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thuvien.acquisitions import registers
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item
from thuvien.stock import weeding

from .conftest import Shelf


def test_the_register_reads_each_withdrawal_with_its_decision(shelf: Shelf) -> None:
    marc = MarcRecord(
        "00000nam a2200000 a 4500",
        [
            ["008", "850101s1985    vm            000 0 vie d"],
            ["245", "1", "0", [["a", "Sách cũ"]]],
        ],
    )
    old = catalogue.create_record(shelf.admin, shelf.library, marc)
    decided = catalogue.add_item(shelf.admin, old, barcode="Q1", location="Kho A")
    by_hand = catalogue.add_item(shelf.admin, old, barcode="Q2", location="Kho A")
    listing = weeding.propose(shelf.admin, shelf.library, name="Thanh lọc", published_before=1990)
    weeding.review(shelf.admin, listing, keep=[by_hand.pk])
    weeding.decide(shelf.admin, listing, number="07/QĐ-TV", date=dt.date(2026, 3, 1))
    Item.objects.filter(pk=by_hand.pk).update(status=Item.Status.WITHDRAWN)

    found = registers.WITHDRAWALS([decided.pk, by_hand.pk])

    assert found[decided.pk] == (dt.date(2026, 3, 1), "07/QĐ-TV")
    assert found[by_hand.pk] == (timezone.localdate(), "")
