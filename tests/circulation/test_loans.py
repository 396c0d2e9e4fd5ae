"""Lending, returning, renewing: the rules a desk clerk meets every day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from thuvien.catalogue.models import Item
from thuvien.changes.models import RecordChange
from thuvien.circulation import errors, machines, services
from thuvien.circulation.models import ClosedDay, Loan, LoanRule
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.lifecycle.models import Transition
from thuvien.network.models import Role
from thuvien.testing import factories

from .conftest import Desk


def test_clerk_lends_a_copy_and_the_index_hears_of_it(desk: Desk) -> None:
    RecordChange.objects.all().delete()
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    assert loan.state == Loan.State.ACTIVE
    assert loan.due_on == timezone.localdate() + timedelta(days=14)
    assert Item.objects.get(barcode="TK-1").status == Item.Status.ON_LOAN
    assert list(RecordChange.objects.values_list("record_id", flat=True)) == [desk.record.pk]
    assert loan.rule == (
        "quy tắc mặc định (chưa có quy tắc nào khớp): mượn 14 ngày, gia hạn 2 lần, tối đa 5 cuốn"
    )
    history = Transition.objects.get(machine="loan", object_id=loan.pk)
    assert (history.action, history.from_state, history.to_state) == ("checkout", "", "active")
    assert history.actor_label == desk.clerk.get_username()


def test_clerk_cannot_lend_copy_already_on_loan(desk: Desk) -> None:
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    desk.add_reader("B002")
    with pytest.raises(errors.ItemOnLoan) as caught:
        services.checkout(desk.clerk, desk.library, "B002", "TK-1")
    assert caught.value.message == (
        "Tài liệu TK-1 đang được cho mượn; cần trả trước khi cho mượn lại."
    )
    assert Loan.objects.count() == 1


def test_unknown_card_and_barcode_are_named(desk: Desk) -> None:
    with pytest.raises(errors.UnknownCard) as card:
        services.checkout(desk.clerk, desk.library, "B999", "TK-1")
    assert card.value.message.startswith("Không tìm thấy thẻ bạn đọc “B999” ở VN-CT0001;")
    with pytest.raises(errors.UnknownItem) as item:
        services.checkout(desk.clerk, desk.library, "B001", "XX-9")
    assert item.value.message == (
        "Không có tài liệu mã vạch “XX-9” ở VN-CT0001; quét lại hoặc nhập tay."
    )
    assert not Loan.objects.exists()


def test_blocked_and_expired_readers_borrow_nothing(desk: Desk) -> None:
    desk.add_reader("B002", blocked_reason="chưa trả sách quá hạn")
    desk.add_reader("B003", expires_on=date(2020, 1, 31))
    with pytest.raises(errors.PatronBlocked) as blocked:
        services.checkout(desk.clerk, desk.library, "B002", "TK-1")
    assert blocked.value.message == (
        "Thẻ VN-CT0001:B002 đang bị khoá: chưa trả sách quá hạn. Mời bạn đọc gặp thủ thư."
    )
    with pytest.raises(errors.PatronExpired) as expired:
        services.checkout(desk.clerk, desk.library, "B003", "TK-1")
    assert expired.value.message == (
        "Thẻ VN-CT0001:B003 đã hết hạn ngày 31/01/2020; cần gia hạn thẻ."
    )
    with translation.override("en"), pytest.raises(errors.PatronExpired) as expired:
        services.checkout(desk.clerk, desk.library, "B003", "TK-1")
    assert expired.value.message == (
        "Card VN-CT0001:B003 expired on 2020-01-31; renew the card first."
    )
    assert Item.objects.get(barcode="TK-1").status == Item.Status.AVAILABLE


def test_reference_copy_is_not_for_loan(desk: Desk) -> None:
    desk.add_title("Từ điển", ["TD-1"], status=Item.Status.NOT_FOR_LOAN)
    with pytest.raises(errors.ItemNotLoanable) as caught:
        services.checkout(desk.clerk, desk.library, "B001", "TD-1")
    assert caught.value.message == (
        "Tài liệu TD-1 không cho mượn về: tài liệu đang ở trạng thái “Chỉ đọc tại chỗ”."
    )
    with translation.override("en"), pytest.raises(errors.ItemNotLoanable) as caught:
        services.checkout(desk.clerk, desk.library, "B001", "TD-1")
    assert (
        caught.value.message == "Item TD-1 cannot be taken home: its status is “Library use only”."
    )


def test_rule_matrix_most_specific_cell_applies_and_is_explained(desk: Desk) -> None:
    LoanRule.objects.create(loan_days=21, max_items=10)
    LoanRule.objects.create(library=desk.library, category="adult", loan_days=7, max_items=2)
    LoanRule.objects.create(library=desk.library, category="child", loan_days=30)
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    assert loan.due_on == timezone.localdate() + timedelta(days=7)
    assert loan.rule == (
        f"quy tắc của {desk.library.name_vi} cho Người lớn, mọi loại tài liệu: "
        "mượn 7 ngày, gia hạn 2 lần, tối đa 2 cuốn"
    )
    services.checkout(desk.clerk, desk.library, "B001", "TK-2")
    with pytest.raises(errors.LimitReached) as caught:
        services.checkout(desk.clerk, desk.library, "B001", "TK-3")
    assert caught.value.message == (
        "Bạn đọc Bạn đọc B001 (thẻ B001) đang mượn 2 cuốn, đã đủ mức tối đa 2 cuốn theo "
        f"quy tắc của {desk.library.name_vi} cho Người lớn, mọi loại tài liệu; "
        "nhận trả bớt trước khi cho mượn thêm."
    )
    assert Item.objects.get(barcode="TK-3").status == Item.Status.AVAILABLE


def test_due_date_on_a_closed_day_moves_to_the_next_open_day(desk: Desk) -> None:
    due = timezone.localdate() + timedelta(days=14)
    ClosedDay.objects.create(library=desk.library, date=due, reason="Tết")
    ClosedDay.objects.create(library=desk.library, date=due + timedelta(days=1), reason="Tết")
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    assert loan.due_on == due + timedelta(days=2)


def test_return_frees_the_copy_and_forgets_the_reader_without_consent(desk: Desk) -> None:
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    result = services.checkin(desk.clerk, desk.library, "TK-1")
    assert result.patron == desk.reader
    loan.refresh_from_db()
    assert loan.state == Loan.State.RETURNED
    assert loan.patron is None
    assert loan.patron_category == "adult"
    assert Item.objects.get(barcode="TK-1").status == Item.Status.AVAILABLE
    with pytest.raises(errors.NotOnLoan):
        services.checkin(desk.clerk, desk.library, "TK-1")


def test_return_keeps_history_for_a_reader_who_opted_in(desk: Desk) -> None:
    desk.reader.keep_history = True
    desk.reader.save()
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.checkin(desk.clerk, desk.library, "TK-1")
    loan.refresh_from_db()
    assert loan.patron == desk.reader


def test_renewals_stop_at_the_rule_limit(desk: Desk) -> None:
    LoanRule.objects.create(library=desk.library, loan_days=10, renewals=1)
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.renew_item(desk.clerk, desk.library, "TK-1")
    loan.refresh_from_db()
    assert loan.renewals == 1
    with pytest.raises(errors.RenewalRefused) as caught:
        services.renew_item(desk.clerk, desk.library, "TK-1")
    assert caught.value.message == "Tài liệu TK-1 đã gia hạn 1 lần, tối đa 1."


def test_returned_loan_cannot_be_renewed_illegal_move_is_typed(desk: Desk) -> None:
    loan = services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    services.checkin(desk.clerk, desk.library, "TK-1")
    loan.refresh_from_db()
    with pytest.raises(IllegalTransition) as caught:
        machines.move(loan, "renew", actor="test", library_code="")
    assert caught.value.code == "lifecycle.illegal_transition"
    assert caught.value.message == (
        f"Không thể gia hạn lượt mượn #{loan.pk} khi đang ở trạng thái “Đã trả”. "
        "Ở trạng thái này không còn bước nào."
    )
    assert caught.value.ids == {
        "machine": "loan",
        "object": str(loan.pk),
        "action": "renew",
        "from_state": "returned",
        "to_state": "active",
    }


def test_cataloguer_may_not_lend_and_other_library_clerk_neither(desk: Desk) -> None:
    from thuvien.errors import NotPermitted

    cataloguer = factories.staff(Role.CATALOGUER, desk.library)
    other = factories.staff(Role.CIRCULATION_CLERK, factories.library("VN-CT0002"))
    for user in (cataloguer, other):
        with pytest.raises(NotPermitted):
            services.checkout(user, desk.library, "B001", "TK-1")
    assert not Loan.objects.exists()


def test_joint_card_of_another_library_borrows_here(desk: Desk) -> None:
    from .conftest import make_desk

    other = make_desk("VN-CT0009")
    loan = services.checkout(other.clerk, other.library, "VN-CT0001:B001", "TK-1")
    assert loan.patron == desk.reader
    assert loan.library == other.library


def test_copy_returned_at_another_library_travels_home_and_is_trapped_there(desk: Desk) -> None:
    from thuvien.circulation.models import Hold, Transit

    from .conftest import make_desk

    elsewhere = make_desk("VN-CT0009")
    services.checkout(desk.clerk, desk.library, "B001", "TK-1")
    waiting = services.place_hold(desk.clerk, desk.add_reader("B002"), desk.record, desk.library)
    # The reader hands it in at another library; that library has a TK-1 of its own, so the
    # copy is named with its library's code.
    result = services.checkin(elsewhere.clerk, elsewhere.library, "VN-CT0001:TK-1")
    assert result.transit is not None
    assert (result.transit.from_library, result.transit.to_library) == (
        elsewhere.library,
        desk.library,
    )
    item = Item.objects.get(library=desk.library, barcode="TK-1")
    assert item.status == Item.Status.IN_PROCESSING
    assert result.hold is None
    with pytest.raises(errors.ItemNotLoanable):
        services.checkout(desk.clerk, desk.library, "B002", "TK-1")
    home = services.checkin(desk.clerk, desk.library, "TK-1")  # scanned back home
    assert home.transit is not None
    assert home.transit.state == Transit.State.ARRIVED
    assert home.hold == waiting
    assert Hold.objects.get(pk=waiting.pk).state == Hold.State.READY
    assert Item.objects.get(pk=item.pk).status == Item.Status.AVAILABLE
    events = Transition.objects.filter(machine="transit").values_list("action", "library_code")
    assert list(events) == [("send", "VN-CT0009"), ("arrive", "VN-CT0001")]
