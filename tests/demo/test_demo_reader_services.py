"""The demo leaves each reader-service journey in mid-course for a visitor to click through:
signed in as CM-0001 they see a hold waiting on the shelf, a loan by post on its way with its
tracking number, a copy waiting for approval and one to download; the provincial desk has
the postal loan and the copy request to move on."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from thuvien.circulation.models import CopyRequest, Hold, Loan, PostalLoan


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_reader_has_each_service_in_mid_course() -> None:
    out = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=out)
    output = out.getvalue()
    assert (
        "[12/18] Dịch vụ bạn đọc: thẻ CM-0001: sách giữ chờ nhận, mượn qua bưu điện đang gửi "
        "(vận đơn EB123456785VN), bản sao chờ duyệt và bản sao PDF đã giao (mới 3)"
    ) in output

    hold = Hold.objects.get(patron__card_number="CM-0001")
    assert hold.state == Hold.State.READY
    assert hold.item is not None
    postal = PostalLoan.objects.get(patron__card_number="CM-0001")
    assert (postal.state, postal.tracking_out) == ("dispatched", "EB123456785VN")
    assert Loan.objects.get(item=postal.item, state="active").patron == postal.patron
    copies = CopyRequest.objects.filter(patron__card_number="CM-0001").order_by("pk")
    assert [(c.pages, c.state) for c in copies] == [("1-4", "delivered"), ("12-30", "requested")]

    reader = Client()
    reader.post("/account/sign-in/", {"card": "CM-0001", "pin": "271828"})
    page = reader.get("/account/").content.decode()
    assert "Sẵn sàng để nhận" in page
    assert "Đã gửi bưu điện · số vận đơn" in page
    assert "EB123456785VN" in page
    assert "(12-30) · Đã gửi yêu cầu" in page
    response = reader.get(f"/account/copies/{copies[0].pk}.pdf")
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    stamp = f"Ban sao cho ban doc VN-CM0001:CM-0001, ngay {timezone.localdate():%d/%m/%Y}"
    assert all(stamp in p.extract_text() for p in pdf.pages)

    clerk = Client()
    assert clerk.login(username="luuthong.tinh", password="thuvien-demo")
    desk = clerk.get("/staff/circulation/requests/?library=VN-CM0001").content.decode()
    assert "xác nhận đã giao" in desk  # the postal loan, to confirm delivered
    assert "chấp thuận" in desk  # the copy request waiting
