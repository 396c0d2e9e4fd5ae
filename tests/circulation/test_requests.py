"""Inter-library loans through the home library, loans by post, remote copy requests."""

from __future__ import annotations

import pytest

from thuvien.catalogue.models import Item
from thuvien.circulation import requests
from thuvien.circulation.models import IllRequest, Loan, PostalLoan
from thuvien.errors import InvalidInput, NotPermitted
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.models import Transition

from .conftest import Desk, make_desk


def test_ill_goes_from_request_to_closed_each_side_making_its_own_moves(desk: Desk) -> None:
    lender = make_desk("VN-CT0002")
    ill = requests.request_ill(desk.clerk, desk.reader, lender.record)
    assert (ill.home_library, ill.lending_library) == (desk.library, lender.library)
    with pytest.raises(NotPermitted):
        requests.advance(desk.clerk, ill, "approve")  # the lender approves, not the home library
    for actor, event in [
        (lender.clerk, "approve"),
        (lender.clerk, "ship"),
        (desk.clerk, "receive"),
        (desk.clerk, "lend"),
        (desk.clerk, "return"),
        (desk.clerk, "send-back"),
        (lender.clerk, "close"),
    ]:
        requests.advance(actor, ill, event)
    ill.refresh_from_db()
    assert ill.state == IllRequest.State.CLOSED
    history = Transition.objects.filter(machine="ill", object_id=ill.pk)
    assert [(t.action, t.library_code) for t in history] == [
        ("request", "VN-CT0001"),
        ("approve", "VN-CT0002"),
        ("ship", "VN-CT0002"),
        ("receive", "VN-CT0001"),
        ("lend", "VN-CT0001"),
        ("return", "VN-CT0001"),
        ("send-back", "VN-CT0001"),
        ("close", "VN-CT0002"),
    ]


def test_refused_ill_cannot_be_shipped(desk: Desk) -> None:
    lender = make_desk("VN-CT0002")
    ill = requests.request_ill(desk.clerk, desk.reader, lender.record)
    requests.advance(lender.clerk, ill, "refuse")
    with pytest.raises(IllegalTransition) as caught:
        requests.advance(lender.clerk, ill, "ship")
    assert caught.value.message == (
        f"Không thể gửi đi yêu cầu mượn liên thư viện #{ill.pk} khi đang ở trạng thái "
        "“Bị từ chối”. Ở trạng thái này không còn bước nào."
    )


def test_ill_for_a_title_of_the_home_library_is_refused(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        requests.request_ill(desk.clerk, desk.reader, desk.record)
    assert caught.value.message.startswith(
        f"Tài liệu #{desk.record.pk} thuộc chính thư viện VN-CT0001: mượn tại quầy"
    )


def test_postal_loan_lends_on_dispatch_and_returns_on_receipt(desk: Desk) -> None:
    item = desk.items[0]
    postal = requests.request_postal("reader:B001", desk.reader, item, "12 Lê Lợi, Huế")
    with pytest.raises(InvalidInput) as caught:
        requests.advance(desk.clerk, postal, "dispatch", tracking="", postage="20000")
    assert caught.value.message == "Cần số vận đơn khi gửi."
    requests.advance(
        desk.clerk, postal, "dispatch", tracking="EB123456789VN", postage="20000", fee="5000"
    )
    postal.refresh_from_db()
    assert postal.fee == 5000
    assert (postal.state, postal.tracking_out, postal.postage) == (
        "dispatched",
        "EB123456789VN",
        20000,
    )
    assert Item.objects.get(pk=item.pk).status == Item.Status.ON_LOAN
    assert Loan.objects.get(state="active").patron == desk.reader
    requests.advance(desk.clerk, postal, "deliver")
    requests.advance(desk.clerk, postal, "post-back", tracking="EB987654321VN")
    requests.advance(desk.clerk, postal, "receive")
    postal.refresh_from_db()
    assert postal.state == PostalLoan.State.RECEIVED
    assert Item.objects.get(pk=item.pk).status == Item.Status.AVAILABLE


def test_copy_request_is_checked_for_copyright_then_delivered(desk: Desk) -> None:
    # On paper: handed over at the desk, no file (PDF copies: tests/opac/test_copy_delivery.py).
    copy = requests.request_copy("reader:B001", desk.reader, desk.record, "12-30", "paper")
    requests.advance(desk.clerk, copy, "approve", note="dưới 10% tác phẩm (Luật SHTT Đ.25)")
    requests.advance(desk.clerk, copy, "deliver")
    copy.refresh_from_db()
    assert (copy.state, copy.copyright_note) == ("delivered", "dưới 10% tác phẩm (Luật SHTT Đ.25)")
    with pytest.raises(InvalidInput):
        requests.request_copy("reader:B001", desk.reader, desk.record, " ", "pdf")


def test_staff_screen_lists_requests_and_moves_them(desk: Desk) -> None:
    from django.test import Client

    lender = make_desk("VN-CT0002")
    ill = requests.request_ill(desk.clerk, desk.reader, lender.record)
    client = Client()
    client.force_login(lender.clerk)
    page = client.get("/staff/circulation/requests/").content.decode()
    assert "Thư viện khác mượn của ta (1)" in page
    assert f'action="/staff/circulation/requests/ill/{ill.pk}/approve/"' in page
    page = client.post(f"/staff/circulation/requests/ill/{ill.pk}/approve/", follow=True)
    assert f"Yêu cầu mượn liên thư viện số {ill.pk}: đã chấp thuận." in page.content.decode()
    page = client.post(f"/staff/circulation/requests/ill/{ill.pk}/receive/", follow=True)
    assert "không được phép cho mượn và nhận trả tại VN-CT0001" in page.content.decode()
    ill.refresh_from_db()
    assert ill.state == IllRequest.State.APPROVED
