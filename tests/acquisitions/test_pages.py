"""The staff pages: a clerk receives an order line and finds the copies in the registers."""

from __future__ import annotations

import io
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.acquisitions.conftest import Shop
from thuvien.acquisitions import services
from thuvien.acquisitions.models import Order
from thuvien.network.models import Role
from thuvien.testing import factories


def test_a_clerk_receives_a_line_and_sees_the_copies_in_the_individual_register(
    shop: Shop,
) -> None:
    client = Client()
    client.force_login(shop.clerk)
    answer = client.post(
        "/staff/acquisitions/", {"library": shop.library.code, "supplier": shop.supplier.pk}
    )
    order = Order.objects.get()
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"/staff/acquisitions/orders/{order.pk}/")
    client.post(
        f"/staff/acquisitions/orders/{order.pk}/",
        {"title": "Tắt đèn", "author": "Ngô Tất Tố", "quantity": "2", "unit_price": "52000"},
    )
    client.post(f"/staff/acquisitions/orders/{order.pk}/place/")
    line = order.lines.get()
    answer = client.post(
        f"/staff/acquisitions/orders/{order.pk}/receive/",
        {f"line-{line.pk}": "2", "document": "HĐ 77"},
        follow=True,
    )
    page = answer.content.decode()
    assert "Đã nhận 2 bản, số ĐKCB VV.000001 – VV.000002 (phiếu nhập số 1)." in page
    assert "<td>VV.000002</td><td>Tắt đèn / Ngô Tất Tố</td>" in page
    pdf = client.get("/staff/acquisitions/registers/individual.pdf", {"library": "THCS-A"})
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "SỔ ĐĂNG KÝ CÁ BIỆT" in text
    assert "VV.000001" in text
    xlsx = client.get("/staff/acquisitions/registers/general.xlsx", {"library": "THCS-A"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[3]][2:7] == ["Mua", "Nhà sách Fahasa", "HĐ 77", 1, 2]


def test_a_circulation_clerk_is_refused_with_the_reason(shop: Shop) -> None:
    client = Client()
    client.force_login(factories.staff(Role.CIRCULATION_CLERK, shop.library))
    answer = client.get("/staff/acquisitions/registers/", {"library": "THCS-A"})
    assert answer.status_code == 403
    assert (
        "không được phép bổ sung tài liệu và ghi sổ đăng ký tại THCS-A" in answer.content.decode()
    )


def test_late_orders_are_listed_and_claimed(shop: Shop) -> None:
    import datetime as dt

    order = services.create_order(
        shop.clerk, shop.library, shop.supplier, expected_by=dt.date(2020, 1, 1)
    )
    services.add_line(shop.clerk, order, record=shop.record, quantity=2, unit_price=Decimal(1))
    services.place(shop.clerk, order)
    client = Client()
    client.force_login(shop.clerk)
    assert order.number in client.get("/staff/acquisitions/").content.decode()
    client.post(f"/staff/acquisitions/orders/{order.pk}/claim/")
    claim = order.claims.get()
    assert claim.outstanding == 2
    assert "- Dế Mèn phiêu lưu ký — 2 bản" in claim.letter


def test_a_receipt_cancelled_on_the_register_page_keeps_its_lines_with_the_reason(
    shop: Shop,
) -> None:
    from thuvien.acquisitions import receiving
    from thuvien.acquisitions.models import Receipt, Source

    receiving.take_in(
        shop.clerk,
        shop.library,
        source=Source.DONATION,
        provider="Ông Nguyễn Văn B",
        entries=[receiving.Entry(shop.record, 1, Decimal(0))],
    )
    client = Client()
    client.force_login(shop.clerk)
    receipt = Receipt.objects.get()
    client.post(f"/staff/acquisitions/receipts/{receipt.pk}/cancel/", {"reason": "Nhập nhầm"})
    page = client.get("/staff/acquisitions/registers/", {"library": "THCS-A"}).content.decode()
    assert "<td>VV.000001</td><td>Dế Mèn phiêu lưu ký</td>" in page
    assert "<td>Đã huỷ: Nhập nhầm</td>" in page
