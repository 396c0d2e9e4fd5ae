from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item
from thuvien.circulation.models import Loan
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.search.documents import documents_for
from thuvien.stock import weeding
from thuvien.stock.models import WeedingList

from .conftest import Shelf


def test_rules_propose_review_keeps_and_the_decision_withdraws(shelf: Shelf) -> None:
    marc = MarcRecord(
        "00000nam a2200000 a 4500",
        [
            ["008", "850101s1985    vm            000 0 vie d"],
            ["245", "1", "0", [["a", "Sách cũ"]]],
        ],
    )
    old = catalogue.create_record(shelf.admin, shelf.library, marc)
    O1 = catalogue.add_item(shelf.admin, old, barcode="O1", location="Kho A")
    O2 = catalogue.add_item(shelf.admin, old, barcode="O2", location="Kho A")
    listing = weeding.propose(
        shelf.clerk, shelf.library, name="Thanh lọc 2026", published_before=1990, damaged=True
    )
    reasons = {c.item.barcode: c.reason for c in listing.candidates.select_related("item")}
    assert reasons == {
        "O1": "xuất bản trước năm 1990",
        "O2": "xuất bản trước năm 1990",
        "A4": "hư hỏng",
    }
    assert weeding.review(shelf.clerk, listing, keep=[O2.pk]) == 1
    with pytest.raises(NotPermitted):
        weeding.decide(shelf.clerk, listing, number="12/QĐ-TV", date=dt.date(2026, 3, 1))
    with pytest.raises(InvalidInput) as caught:
        weeding.decide(shelf.admin, listing, number=" ", date=dt.date(2026, 3, 1))
    assert caught.value.message == "Hãy ghi số quyết định thanh lý (ví dụ: 12/QĐ-TV)."
    day = timezone.localdate()
    assert weeding.decide(shelf.admin, listing, number="12/QĐ-TV", date=day) == 2
    listing.refresh_from_db()
    assert listing.state == WeedingList.State.DECIDED
    assert set(Item.objects.filter(status="withdrawn").values_list("barcode", flat=True)) == {
        "O1",
        "A4",
    }
    assert Item.objects.get(pk=O2.pk).status == Item.Status.AVAILABLE
    assert weeding.withdrawals([O1.pk, O2.pk]) == {O1.pk: (day, "12/QĐ-TV")}
    # The search index (and through it the union catalogue's hits) no longer counts it held.
    assert documents_for([old.pk])[old.pk].holdings == [("VN-KK01", 1, 1)]
    with pytest.raises(Conflict):
        weeding.review(shelf.clerk, listing, keep=[])


def test_copies_not_lent_for_years(shelf: Shelf) -> None:
    Item.objects.update(created_at=timezone.now() - dt.timedelta(days=5 * 365))
    Loan.objects.create(
        item=shelf.items["A1"],
        library=shelf.library,
        checked_out_at=timezone.now(),
        due_on=timezone.localdate(),
        state=Loan.State.RETURNED,
    )
    listing = weeding.propose(shelf.clerk, shelf.library, name="Ít mượn", idle_years=3)
    assert sorted(c.item.barcode or "" for c in listing.candidates.all()) == [
        "A2",
        "A3",
        "A4",
        "B1",
    ]


def test_a_copy_lent_since_the_list_blocks_the_decision(shelf: Shelf) -> None:
    listing = weeding.propose(shelf.clerk, shelf.library, name="x", damaged=True)
    Item.objects.filter(barcode="A4").update(status=Item.Status.ON_LOAN)
    with pytest.raises(Conflict) as caught:
        weeding.decide(shelf.admin, listing, number="1/QĐ", date=timezone.localdate())
    assert caught.value.message == (
        "Không thanh lý được 1 bản vì đang cho mượn, đã mất hoặc đã thanh lý: A4. Hãy đánh dấu "
        "giữ lại các bản này rồi ra quyết định."
    )


def test_no_rule_is_refused(shelf: Shelf) -> None:
    with pytest.raises(InvalidInput):
        weeding.propose(shelf.clerk, shelf.library, name="x")


def test_a_copy_on_a_weeding_list_is_not_deleted(shelf: Shelf) -> None:
    weeding.propose(shelf.clerk, shelf.library, name="x", damaged=True)
    with pytest.raises(Conflict) as caught:
        catalogue.delete_item(shelf.admin, shelf.items["A4"])
    assert caught.value.message == (
        "Bản sao A4 đã có lịch sử mượn hoặc nằm trong danh sách thanh lọc nên không xoá được; "
        "hãy đổi tình trạng (ví dụ: Đã thanh lý) thay vì xoá."
    )
    assert Item.objects.filter(barcode="A4").exists()
