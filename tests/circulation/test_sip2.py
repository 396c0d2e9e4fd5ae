"""SIP2 as a self-check kiosk speaks it, checked by pysip2 (an independent codec)."""

from __future__ import annotations

from collections.abc import Iterator

import pysip2
import pytest

from thuvien.catalogue.models import Item
from thuvien.circulation.models import Hold, Loan
from thuvien.circulation.sip2.accounts import add_account
from thuvien.circulation.sip2.server import serve_in_thread

from .conftest import Desk, make_desk
from .sip2_client import NOW, Kiosk, checkin, checkout, free_port, login

pytestmark = pytest.mark.django_db(transaction=True)

LIB = "VN-CT0001"


@pytest.fixture
def desk() -> Desk:
    desk = make_desk(LIB)
    add_account("test", desk.library, "kiosk1", "bí-mật")
    return desk


@pytest.fixture
def port(desk: Desk) -> Iterator[int]:
    server, thread = serve_in_thread("127.0.0.1", free_port())
    yield server.server_address[1]  # type: ignore[misc]
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def kiosk(port: int) -> Iterator[Kiosk]:
    kiosk = Kiosk(port)
    assert kiosk.ask(login("kiosk1", "bí-mật"), pysip2.LoginResponse).ok == "1"
    yield kiosk
    kiosk.close()


def test_login_with_a_wrong_password_is_refused_and_nothing_is_lent(port: int) -> None:
    kiosk = Kiosk(port)
    assert kiosk.ask(login("kiosk1", "sai"), pysip2.LoginResponse).ok == "0"
    reply = kiosk.ask(checkout(LIB, "B001", "TK-1"), pysip2.CheckoutResponse)
    assert reply.ok == "0"
    assert reply.screen_message == ("Máy tự phục vụ chưa đăng nhập (lệnh 93).",)
    kiosk.close()
    assert not Loan.objects.exists()


def test_sc_status_names_the_library_and_the_supported_messages(desk: Desk, kiosk: Kiosk) -> None:
    status = pysip2.SCStatusRequest(status_code="0", max_print_width="040", protocol_version="2.00")
    reply = kiosk.ask(status, pysip2.ACSStatusResponse)
    assert reply.online_status == "Y"
    assert reply.institution_id == LIB
    assert reply.library_name == desk.library.name_vi
    assert reply.supported_messages == "YYYNYYYYYYYNNYYY"
    assert reply.protocol_version == "2.00"


def test_checkout_and_checkin_with_vietnamese_text_and_checksums(kiosk: Kiosk) -> None:
    out = kiosk.ask(checkout(LIB, "B001", "TK-1"), pysip2.CheckoutResponse)
    loan = Loan.objects.get()
    assert (out.ok, out.renewal_ok, out.desensitize) == ("1", "Y", "Y")
    assert out.title_identifier == "Truyện Kiều"
    assert out.due_date == loan.due_on.isoformat()
    assert out.patron_identifier == "B001"
    assert Item.objects.get(barcode="TK-1").status == Item.Status.ON_LOAN
    back = kiosk.ask(checkin(LIB, "TK-1"), pysip2.CheckinResponse)
    assert (back.ok, back.alert) == ("1", "N")
    assert back.title_identifier == "Truyện Kiều"
    assert back.screen_message == ("Đã trả",)
    assert Item.objects.get(barcode="TK-1").status == Item.Status.AVAILABLE


def test_refusals_come_back_with_ok_0_and_the_reason(desk: Desk, kiosk: Kiosk) -> None:
    desk.add_reader("B002", blocked_reason="mất thẻ")
    kiosk.ask(checkout(LIB, "B001", "TK-1"), pysip2.CheckoutResponse)
    cases = [
        (
            ("B009", "TK-2"),
            "Không tìm thấy thẻ bạn đọc “B009” ở VN-CT0001; kiểm tra số thẻ, "
            "thẻ của thư viện khác ghi MÃ-THƯ-VIỆN:số.",
        ),
        (("B001", "ZZ-1"), "Không có tài liệu mã vạch “ZZ-1” ở VN-CT0001; quét lại hoặc nhập tay."),
        (("B001", "TK-1"), "Tài liệu TK-1 đang được cho mượn; cần trả trước khi cho mượn lại."),
        (("B002", "TK-2"), "Thẻ VN-CT0001:B002 đang bị khoá: mất thẻ. Mời bạn đọc gặp thủ thư."),
    ]
    for (card, barcode), message in cases:
        reply = kiosk.ask(checkout(LIB, card, barcode), pysip2.CheckoutResponse)
        assert reply.ok == "0"
        assert reply.screen_message == (message,)
    wrong_pin = kiosk.ask(
        checkout(LIB, "B001", "TK-2", patron_password="0000"), pysip2.CheckoutResponse
    )
    assert wrong_pin.screen_message == ("Sai mã PIN.",)
    other = kiosk.ask(checkout("VN-XX9999", "B001", "TK-2"), pysip2.CheckoutResponse)
    assert other.screen_message == (
        "Mã thư viện AO “VN-XX9999” khác thư viện của máy (VN-CT0001).",
    )
    assert Loan.objects.count() == 1


def test_bad_checksum_unknown_command_and_garbage_get_resend(kiosk: Kiosk) -> None:
    good = pysip2.encode_message(
        checkin(LIB, "TK-1"), sequence_number=3, checksum=True, encoding="utf-8"
    )
    tampered = good[:-5] + (b"0000" if good[-5:-1] != b"0000" else b"FFFF") + b"\r"
    assert kiosk.raw(tampered) == b"96\r"
    assert kiosk.raw(b"XX hello\r") == b"96\r"
    assert kiosk.raw(b"09N" + b"2026" + b"\r") == b"96\r"
    assert kiosk.raw(b"17" + NOW.encode() + b"AOVN-CT0001|ABTK-1\r") == b"96\r"
    assert kiosk.raw(b"17" + NOW.encode() + b"AB\xff\xfe|AY1AZ\r") == b"96\r"
    # After all that the connection still works, and 97 repeats the last good answer.
    info = kiosk.ask(
        pysip2.ItemInformationRequest(
            transaction_date=NOW, institution_id=LIB, item_identifier="TK-1"
        ),
        pysip2.ItemInformationResponse,
        checksum=False,
    )
    assert info.circulation_status == "03"
    again = pysip2.decode_as(kiosk.raw(b"97\r"), pysip2.ItemInformationResponse, encoding="utf-8")
    assert again.message.item_identifier == "TK-1"


def test_patron_status_and_information_list_loans(desk: Desk, kiosk: Kiosk) -> None:
    kiosk.ask(checkout(LIB, "B001", "TK-1"), pysip2.CheckoutResponse)
    status = kiosk.ask(
        pysip2.PatronStatusRequest(
            language="000",
            transaction_date=NOW,
            institution_id=LIB,
            patron_identifier="B001",
            terminal_password="",
            patron_password="1234",
        ),
        pysip2.PatronStatusResponse,
    )
    assert status.personal_name == "Bạn đọc B001"
    assert (status.valid_patron, status.valid_patron_password) == ("Y", "Y")
    assert status.patron_status == " " * 14
    info = kiosk.ask(
        pysip2.PatronInformationRequest(
            language="000",
            transaction_date=NOW,
            summary="  Y       ",
            institution_id=LIB,
            patron_identifier="B001",
        ),
        pysip2.PatronInformationResponse,
    )
    assert info.charged_items_count == "0001"
    assert info.charged_items == ("TK-1",)
    assert info.email_address == "ban.doc@example.vn"
    unknown = kiosk.ask(
        pysip2.PatronStatusRequest(
            language="000",
            transaction_date=NOW,
            institution_id=LIB,
            patron_identifier="B404",
            terminal_password="",
            patron_password="",
        ),
        pysip2.PatronStatusResponse,
    )
    assert unknown.valid_patron == "N"
    assert unknown.patron_status == "YYYY" + " " * 10


def test_renew_renew_all_hold_and_fee_paid(desk: Desk, kiosk: Kiosk) -> None:
    kiosk.ask(checkout(LIB, "B001", "TK-1"), pysip2.CheckoutResponse)
    kiosk.ask(checkout(LIB, "B001", "TK-2"), pysip2.CheckoutResponse)
    renew = kiosk.ask(
        pysip2.RenewRequest(
            third_party_allowed="N",
            no_block="N",
            transaction_date=NOW,
            nb_due_date=NOW,
            institution_id=LIB,
            patron_identifier="B001",
            item_identifier="TK-1",
        ),
        pysip2.RenewResponse,
    )
    assert (renew.ok, renew.title_identifier) == ("1", "Truyện Kiều")
    assert Loan.objects.get(item__barcode="TK-1").renewals == 1
    every = kiosk.ask(
        pysip2.RenewAllRequest(transaction_date=NOW, institution_id=LIB, patron_identifier="B001"),
        pysip2.RenewAllResponse,
    )
    assert (every.renewed_count, every.unrenewed_count) == ("0002", "0000")
    assert sorted(every.renewed_items) == ["TK-1", "TK-2"]
    desk.add_reader("B002")
    hold = kiosk.ask(
        pysip2.HoldRequest(
            hold_mode="+",
            transaction_date=NOW,
            institution_id=LIB,
            patron_identifier="B002",
            item_identifier="TK-1",
        ),
        pysip2.HoldResponse,
    )
    assert (hold.ok, hold.available, hold.queue_position) == ("1", "Y", "1")
    assert Hold.objects.get().patron.card_number == "B002"
    refused = kiosk.ask(
        pysip2.RenewRequest(
            third_party_allowed="N",
            no_block="N",
            transaction_date=NOW,
            nb_due_date=NOW,
            institution_id=LIB,
            patron_identifier="B001",
            item_identifier="TK-1",
        ),
        pysip2.RenewResponse,
    )
    assert refused.ok == "0"
    assert refused.screen_message == ("Tài liệu TK-1 đã gia hạn 2 lần, tối đa 2.",)
    fee = kiosk.ask(
        pysip2.FeePaidRequest(
            transaction_date=NOW,
            fee_type="01",
            payment_type="00",
            currency_type="VND",
            fee_amount="5000",
            institution_id=LIB,
            patron_identifier="B001",
        ),
        pysip2.FeePaidResponse,
    )
    assert fee.payment_accepted == "N"
    assert fee.screen_message == ("Bạn đọc không có khoản phí nào cần trả.",)
    back = kiosk.ask(checkin(LIB, "TK-1"), pysip2.CheckinResponse)
    assert (back.ok, back.alert, back.sort_bin) == ("1", "Y", "HOLD")
    item = kiosk.ask(
        pysip2.ItemInformationRequest(
            transaction_date=NOW, institution_id=LIB, item_identifier="TK-1"
        ),
        pysip2.ItemInformationResponse,
    )
    assert item.circulation_status == "08"
    assert Hold.objects.get().state == Hold.State.READY


def test_sip2_account_add_command_creates_a_login_once() -> None:
    import io

    from django.core.management import CommandError, call_command

    from thuvien.circulation.models import Sip2Account
    from thuvien.testing import factories

    factories.library("VN-SA0001")
    out = io.StringIO()
    args = ["sip2", "account", "add", "--library", "VN-SA0001", "--login", "may1"]
    call_command(*args, "--password", "pw", stdout=out)
    assert out.getvalue().strip() == "Đã tạo tài khoản SIP2 may1 (VN-SA0001)"
    account = Sip2Account.objects.get()
    assert account.password_hash != "pw"
    with pytest.raises(CommandError) as caught:
        call_command(*args, "--password", "other", stdout=io.StringIO())
    assert str(caught.value) == "Tài khoản SIP2 “may1” đã có."


def test_kiosk_return_of_another_librarys_copy_sorts_it_to_transit(kiosk: Kiosk) -> None:
    from thuvien.circulation import services

    other = make_desk("VN-CT0002")
    other.add_title("Đất rừng phương Nam", ["DRPN-1"])
    services.checkout(other.clerk, other.library, "VN-CT0001:B001", "DRPN-1")
    back = kiosk.ask(checkin(LIB, "DRPN-1"), pysip2.CheckinResponse)
    assert (back.ok, back.alert, back.sort_bin) == ("1", "Y", "TRANSIT")
    assert back.permanent_location == "VN-CT0002"
    assert back.screen_message == ("Đã trả; chuyển về VN-CT0002",)
