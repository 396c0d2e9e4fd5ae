"""A reader finds the record page's actions and asks for a hold, a loan by post, an
inter-library loan or a copy; each lands in their account with its state in words."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.circulation.conftest import Desk, make_desk
from thuvien.circulation import requests
from thuvien.circulation.models import CopyRequest, Hold, IllRequest, PostalLoan


@pytest.fixture
def desk() -> Desk:
    """Library VN-CT0001, reader B001 (PIN 1234), three copies of Truyện Kiều."""
    return make_desk()


def _signed_in(card: str = "B001", pin: str = "1234") -> Client:
    client = Client()
    assert client.post("/account/sign-in/", {"card": card, "pin": pin}).status_code == 302
    return client


def test_the_header_offers_sign_in_then_the_account(desk: Desk) -> None:
    page = Client().get(f"/record/{desk.record.pk}").content.decode()
    assert 'href="/account/sign-in/">Đăng nhập</a>' in page
    assert f'href="/account/sign-in/?next=/record/{desk.record.pk}">' in page
    page = _signed_in().get(f"/record/{desk.record.pk}").content.decode()
    assert 'title="VN-CT0001:B001"' in page
    assert ">Tài khoản của tôi</a>" in page
    for action in ("hold", "postal", "ill", "copy"):
        assert f'href="/record/{desk.record.pk}/ask/{action}"' in page


def test_a_reader_not_signed_in_signs_in_and_comes_back_to_the_form(desk: Desk) -> None:
    client = Client()
    form = f"/record/{desk.record.pk}/ask/hold"
    response = client.get(form)
    assert response.status_code == 302
    back = f"%2Frecord%2F{desk.record.pk}%2Fask%2Fhold"
    assert response["Location"] == f"/account/sign-in/?next={back}"
    response = client.post(
        "/account/sign-in/?next=" + form, {"card": "B001", "pin": "1234", "next": form}
    )
    assert response["Location"] == form
    # Somewhere else than this site is never a destination.
    response = Client().post(
        "/account/sign-in/", {"card": "B001", "pin": "1234", "next": "https://example.org/"}
    )
    assert response["Location"] == "/account/"


def test_a_hold_tells_the_reader_their_place_in_the_queue(desk: Desk) -> None:
    desk.add_reader("B002", pin="2222")
    first = _signed_in().post(
        f"/record/{desk.record.pk}/ask/hold", {"pickup": "VN-CT0001"}, follow=True
    )
    assert "Bạn đứng thứ 1 trong hàng chờ" in first.content.decode()
    second = _signed_in("B002", "2222").post(
        f"/record/{desk.record.pk}/ask/hold", {"pickup": "VN-CT0001"}, follow=True
    )
    page = second.content.decode()
    assert "Đã đặt mượn “Truyện Kiều”. Bạn đứng thứ 2 trong hàng chờ" in page
    assert Hold.objects.filter(record=desk.record, state=Hold.State.WAITING).count() == 2
    account = _signed_in("B002", "2222").get("/account/").content.decode()
    assert "Truyện Kiều · Đang chờ · thứ 2 trong hàng chờ · VN-CT0001" in account
    again = _signed_in("B002", "2222").post(
        f"/record/{desk.record.pk}/ask/hold", {"pickup": "VN-CT0001"}
    )
    assert again.status_code == 400
    assert "đã đặt trước tài liệu" in again.content.decode()


def test_a_loan_by_post_needs_an_address_and_shows_in_the_account(desk: Desk) -> None:
    client = _signed_in()
    refused = client.post(f"/record/{desk.record.pk}/ask/postal", {"address": "  "})
    assert refused.status_code == 400
    assert "Cần địa chỉ nhận sách." in refused.content.decode()
    assert not PostalLoan.objects.exists()
    done = client.post(
        f"/record/{desk.record.pk}/ask/postal", {"address": "12 Lý Văn Lâm, Cà Mau"}, follow=True
    )
    page = done.content.decode()
    assert "Đã gửi yêu cầu “Mượn qua bưu điện” cho “Truyện Kiều”." in page
    loan = PostalLoan.objects.get()
    assert (loan.address, loan.item.barcode) == ("12 Lý Văn Lâm, Cà Mau", "TK-1")
    assert "Mượn qua bưu điện: Truyện Kiều · Đã gửi yêu cầu" in page
    requests.advance(desk.clerk, loan, "dispatch", tracking="EB123456789VN", postage=25000)
    page = client.get("/account/").content.decode()
    assert (
        "Mượn qua bưu điện: Truyện Kiều · Đã gửi bưu điện · số vận đơn "
        '<span class="mono">EB123456789VN</span>'
    ) in page


def test_a_copy_needs_the_copyright_promise(desk: Desk) -> None:
    client = _signed_in()
    refused = client.post(f"/record/{desk.record.pk}/ask/copy", {"pages": "12-30"})
    assert refused.status_code == 400
    assert "Hãy xác nhận bạn dùng bản sao cho học tập" in refused.content.decode()
    assert not CopyRequest.objects.exists()
    client.post(
        f"/record/{desk.record.pk}/ask/copy",
        {"pages": "12-30", "format": "pdf", "copyright": "1"},
    )
    copy = CopyRequest.objects.get()
    assert (copy.pages, copy.format, copy.state) == ("12-30", "pdf", "requested")


def test_an_inter_library_loan_goes_through_the_home_library(desk: Desk) -> None:
    client = _signed_in()
    refused = client.post(f"/record/{desk.record.pk}/ask/ill", {})
    assert "thuộc chính thư viện VN-CT0001: mượn tại quầy" in refused.content.decode()
    elsewhere = make_desk("VN-CT0002")
    client.post(f"/record/{elsewhere.record.pk}/ask/ill", {"note": "Cần cho luận văn"})
    ill = IllRequest.objects.get()
    assert (ill.home_library.code, ill.lending_library.code, ill.note) == (
        "VN-CT0001",
        "VN-CT0002",
        "Cần cho luận văn",
    )


def test_an_unknown_action_is_not_found(desk: Desk) -> None:
    assert _signed_in().get(f"/record/{desk.record.pk}/ask/steal").status_code == 404
