from __future__ import annotations

import pytest

from thuvien.audit.models import AuditEntry
from thuvien.catalogue.models import Item
from thuvien.changes.models import RecordChange
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.services import history
from thuvien.network.models import Role
from thuvien.stock import stocktake
from thuvien.stock.models import StockTake
from thuvien.testing import factories

from .conftest import Shelf


def scans(*codes: str, location: str = "") -> list[dict[str, str]]:
    return [{"id": f"c-{code}", "barcode": code, "location": location} for code in codes]


def test_a_count_finds_missing_misplaced_and_unexpected(shelf: Shelf) -> None:
    take = stocktake.open_stock_take(
        shelf.clerk, shelf.library, name="Kiểm kê 2026", locations=["Kho A"]
    )
    assert take.state == StockTake.State.OPEN
    result = stocktake.record_scans(shelf.clerk, take, scans("A1", "VV.A2", "B1", "X9", "L1"))
    assert result == {"accepted": 5, "repeated": 0}
    assert take.state == StockTake.State.COUNTING
    found = stocktake.findings(take)
    assert [i.barcode for i in found.missing] == ["A3", "A4"]
    assert [i.barcode for _, i in found.misplaced] == ["B1"]
    assert [(s.barcode, why) for s, why in found.unexpected] == [
        ("X9", "không có trong kho của thư viện"),
        ("L1", "đang ghi là cho mượn"),
    ]
    assert found.figures() == {
        "expected": 4,
        "scans": 5,
        "found": 4,
        "missing": 2,
        "misplaced": 1,
        "unexpected": 2,
    }


def test_a_batch_sent_twice_counts_once(shelf: Shelf) -> None:
    take = stocktake.open_stock_take(shelf.clerk, shelf.library, name="Kiểm kê")
    stocktake.record_scans(shelf.clerk, take, scans("A1", "A2"))
    again = stocktake.record_scans(shelf.clerk, take, scans("A1", "A2", "A3"))
    assert again == {"accepted": 1, "repeated": 2}
    assert take.scans.count() == 3


def test_a_bad_scan_keeps_nothing_of_its_batch(shelf: Shelf) -> None:
    take = stocktake.open_stock_take(shelf.clerk, shelf.library, name="Kiểm kê")
    with pytest.raises(InvalidInput) as caught:
        stocktake.record_scans(shelf.clerk, take, [*scans("A1"), {"id": "x", "barcode": ""}])
    assert caught.value.message == (
        "Lượt quét thứ 2 thiếu mã lượt quét (id) hoặc mã vạch, hoặc dài quá 64 ký tự; không "
        "lượt nào của đợt gửi này được ghi, hãy gửi lại."
    )
    assert take.scans.count() == 0


def test_close_marks_missing_lost_only_when_asked_and_freezes_the_report(shelf: Shelf) -> None:
    take = stocktake.open_stock_take(
        shelf.clerk, shelf.library, name="Kiểm kê", locations=["Kho A"]
    )
    stocktake.record_scans(shelf.clerk, take, scans("A1", "A2"))
    with pytest.raises(NotPermitted):
        stocktake.close(shelf.clerk, take, mark_lost=True)
    changes = RecordChange.objects.count()
    stocktake.close(shelf.admin, take, mark_lost=True)
    take.refresh_from_db()
    assert take.state == StockTake.State.CLOSED
    assert take.marked_lost == 2
    assert take.figures["missing"] == 2
    assert set(Item.objects.filter(status=Item.Status.LOST).values_list("barcode", flat=True)) == {
        "A3",
        "A4",
    }
    assert RecordChange.objects.count() == changes + 1
    assert (
        AuditEntry.objects.filter(object_type="item", summary__contains="mất (kiểm kê").count() == 2
    )
    # The report still lists them, although they are no longer expected on the shelf.
    assert [i.barcode for i in stocktake.findings(take).missing] == ["A3", "A4"]
    assert [t.action for t in history(take)] == ["open", "count", "close"]
    logged = AuditEntry.objects.filter(object_type="stock take", object_id=str(take.pk))
    assert [e.action for e in logged.order_by("pk")] == ["create", "update", "update"]
    with pytest.raises(Conflict) as caught:
        stocktake.record_scans(shelf.clerk, take, scans("A3"))
    assert caught.value.message == "Đợt kiểm kê Kiểm kê đã đóng; các lượt quét mới không được ghi."
    with pytest.raises(IllegalTransition):
        stocktake.close(shelf.admin, take)


def test_close_without_marking_leaves_copies_alone(shelf: Shelf) -> None:
    take = stocktake.open_stock_take(shelf.clerk, shelf.library, name="Kiểm kê")
    stocktake.close(shelf.clerk, take)
    assert not Item.objects.filter(status=Item.Status.LOST).exists()
    assert take.figures["missing"] == 5


def test_another_librarys_staff_may_not_count(shelf: Shelf) -> None:
    other = factories.staff(Role.CATALOGUER, factories.library())
    with pytest.raises(NotPermitted):
        stocktake.open_stock_take(other, shelf.library, name="x")
