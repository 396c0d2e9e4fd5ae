from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from thuvien.catalogue.models import Item
from thuvien.stock import stocktake, weeding
from thuvien.stock.models import StockTake

from .conftest import Shelf


def test_open_scan_and_close_from_the_staff_pages(shelf: Shelf, client: Client) -> None:
    client.force_login(shelf.admin)
    home = client.get(reverse("staff:home"))
    assert reverse("staff:stock:takes") in home.content.decode()
    answer = client.post(
        reverse("staff:stock:takes"),
        {"library": shelf.library.pk, "name": "Kiểm kê 2026", "locations": "Kho A\n"},
    )
    take = StockTake.objects.get()
    assert answer["Location"] == reverse("staff:stock:take", args=[take.pk])
    assert take.locations == ["Kho A"]
    page = client.get(reverse("staff:stock:scan", args=[take.pk])).content.decode()
    assert 'id="scan-barcode"' in page
    assert "staff/stocktake" in page
    batch = {"scans": [{"id": "p1", "barcode": "A1"}, {"id": "p2", "barcode": "A2"}]}
    url = reverse("staff:stock:scans", args=[take.pk])
    sent = client.post(url, json.dumps(batch), content_type="application/json")
    assert sent.json() == {"accepted": 2, "repeated": 0, "total": 2}
    again = client.post(url, json.dumps(batch), content_type="application/json")
    assert again.json() == {"accepted": 0, "repeated": 2, "total": 2}
    bad = client.post(url, "{}", content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("Nội dung gửi lên phải là JSON")
    detail = client.get(reverse("staff:stock:take", args=[take.pk])).content.decode()
    assert "Thiếu (2)" in detail
    report = client.get(reverse("staff:stock:report", args=[take.pk])).content.decode()
    assert "Biên bản kiểm kê" in report
    client.post(reverse("staff:stock:close", args=[take.pk]), {"mark_lost": "yes"})
    assert Item.objects.filter(status=Item.Status.LOST).count() == 2


def test_a_clerk_counts_but_may_not_mark_lost_nor_decide(shelf: Shelf, client: Client) -> None:
    client.force_login(shelf.clerk)
    take = stocktake.open_stock_take(shelf.admin, shelf.library, name="K")
    page = client.get(reverse("staff:stock:take", args=[take.pk])).content.decode()
    assert 'name="mark_lost"' not in page
    listing = weeding.propose(shelf.admin, shelf.library, name="T", damaged=True)
    page = client.get(reverse("staff:stock:weeding", args=[listing.pk])).content.decode()
    assert "Quyết định thanh lý" not in page


def test_weeding_pages_review_and_decide(shelf: Shelf, client: Client) -> None:
    client.force_login(shelf.admin)
    client.post(
        reverse("staff:stock:weedings"),
        {"library": shelf.library.pk, "name": "Thanh lọc", "damaged": "on"},
    )
    listing = shelf.library.weeding_lists.get()
    base = reverse("staff:stock:weeding_move", args=[listing.pk, "decide"])
    client.post(base, {"number": "3/QĐ-TV", "date": "2026-01-02"})
    assert Item.objects.get(barcode="A4").status == Item.Status.WITHDRAWN
