"""The demo's school library has checked in a periodical issue, counted its open stack (one
copy missing, the count left open for a visitor to close) and withdrawn two worn textbooks by a
decision."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from thuvien.catalogue.models import Item
from thuvien.serials.models import Issue
from thuvien.stock import stocktake, weeding
from thuvien.stock.models import StockTake


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_school_library_keeps_its_stock() -> None:
    out = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=out)
    assert (
        "[15/18] Kho và ấn phẩm định kỳ: VN-CM0006: nhận số 1 tạp chí, kiểm kê thiếu 1 bản, "
        "thanh lý 2 bản theo quyết định 05/QĐ-TV (mới 3)"
    ) in out.getvalue()
    take = StockTake.objects.get(library__code="VN-CM0006")
    assert take.state == StockTake.State.COUNTING
    assert [i.barcode for i in stocktake.findings(take).missing] == ["TH-KK-5"]
    withdrawn = Item.objects.filter(library__code="VN-CM0006", status=Item.Status.WITHDRAWN)
    assert sorted(i.barcode for i in withdrawn) == ["TH-TL-1", "TH-TL-2"]
    decisions = weeding.withdrawals(i.pk for i in withdrawn)
    assert sorted(decisions) == sorted(i.pk for i in withdrawn)
    assert {number for _day, number in decisions.values()} == {"05/QĐ-TV"}
    assert Issue.objects.filter(state=Issue.State.RECEIVED).count() == 1
    again = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=again)
    assert (
        "[15/18] Kho và ấn phẩm định kỳ: VN-CM0006: nhận số 1 tạp chí, kiểm kê thiếu 1 bản"
        in again.getvalue()
    )
    assert "(mới 0)" in again.getvalue()
