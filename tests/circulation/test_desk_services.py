"""The desk's services: registering in person, fees and receipts, editing loan rules, the
preview of which rule applies, and refusing an online registration."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from thuvien.audit.models import AuditEntry
from thuvien.circulation import errors, fees, patrons, rules, services
from thuvien.circulation.models import Fee, LoanRule, Patron
from thuvien.errors import InvalidInput, NotPermitted
from thuvien.lifecycle.models import Transition
from thuvien.network.models import Role
from thuvien.testing import factories

from .conftest import Desk


def test_a_fee_waiver_reader_needs_the_number_of_the_document_seen(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        patrons.register_at_desk(
            desk.clerk, desk.library, card_number="B100", full_name="Cụ Lan", category="elderly"
        )
    assert caught.value.message == (
        "Bạn đọc thuộc nhóm “Người cao tuổi” được miễn phí khi có giấy tờ: ghi số giấy tờ "
        "đã xem (chỉ lưu số, không lưu bản sao)."
    )
    assert not Patron.objects.filter(card_number="B100").exists()


def test_a_child_needs_a_guardian_who_is_a_reader(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        patrons.register_at_desk(
            desk.clerk,
            desk.library,
            card_number="B101",
            full_name="Bé Na",
            category="child",
            evidence_reference="GKS-12",
        )
    assert caught.value.message == (
        "Bạn đọc trẻ em cần người giám hộ: nhập số thẻ của cha, mẹ hoặc người giám hộ."
    )
    child = patrons.register_at_desk(
        desk.clerk,
        desk.library,
        card_number="B101",
        full_name="Bé Na",
        category="child",
        evidence_reference="GKS-12",
        guardian_card="B001",
    )
    assert child.guardian == desk.reader


def test_consent_to_keep_history_is_noted_with_its_time(desk: Desk) -> None:
    reader = patrons.register_at_desk(
        desk.clerk, desk.library, card_number="B102", full_name="Trần Văn Ba", keep_history=True
    )
    assert reader.keep_history is True
    assert isinstance(reader.consent_at, datetime)
    other = patrons.register_at_desk(
        desk.clerk, desk.library, card_number="B103", full_name="Lê Thị Tư"
    )
    assert (other.keep_history, other.consent_at) == (False, None)


def test_the_card_fee_is_charged_at_registration_and_waived_for_waiver_groups(desk: Desk) -> None:
    adult = patrons.register_at_desk(
        desk.clerk, desk.library, card_number="B104", full_name="Ngô Văn Năm", card_fee="20.000"
    )
    fee = Fee.objects.get(patron=adult)
    assert (fee.kind, fee.amount, fee.state, fee.payer_name) == (
        "card",
        20000,
        "open",
        "Ngô Văn Năm",
    )
    elder = patrons.register_at_desk(
        desk.clerk,
        desk.library,
        card_number="B105",
        full_name="Cụ Sáu",
        category="elderly",
        evidence_reference="CCCD 0123",
        card_fee="20000",
    )
    waived = Fee.objects.get(patron=elder)
    assert waived.state == "waived"
    assert waived.waived_reason == (
        "Người cao tuổi, miễn phí theo Luật Thư viện Điều 26 (giấy tờ: CCCD 0123)"
    )


def test_a_bad_card_fee_leaves_no_reader_behind(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as caught:
        patrons.register_at_desk(
            desk.clerk, desk.library, card_number="B106", full_name="Đỗ Bảy", card_fee="hai"
        )
    assert caught.value.message == "Số tiền “hai” không hợp lệ; nhập số đồng, ví dụ 20000."
    assert not Patron.objects.filter(card_number="B106").exists()


def test_paid_fees_get_consecutive_receipt_numbers_per_library_and_year(desk: Desk) -> None:
    first = fees.charge(desk.clerk, desk.library, desk.reader, "postage", 32000)
    second = fees.charge(desk.clerk, desk.library, desk.reader, "copies", "5 000", note="12 trang")
    fees.pay(desk.clerk, first)
    fees.pay(desk.clerk, second)
    year = timezone.localdate().year
    assert first.receipt_number == f"VN-CT0001/{year}/000001"
    assert second.receipt_number == f"VN-CT0001/{year}/000002"
    assert second.amount == 5000
    assert (second.state, second.received_by) == ("paid", desk.clerk.get_username())
    moves = Transition.objects.filter(machine="fee", object_id=str(second.pk))
    assert list(moves.values_list("action", flat=True)) == ["charge", "pay"]
    with pytest.raises(Exception, match="thu tiền"):
        fees.pay(desk.clerk, second)  # paid once only


def test_a_waiver_needs_a_reason(desk: Desk) -> None:
    fee = fees.charge(desk.clerk, desk.library, desk.reader, "overdue", 3000)
    with pytest.raises(InvalidInput) as caught:
        fees.waive(desk.clerk, fee, " ")
    assert caught.value.message == "Cần ghi lý do miễn khoản thu."
    fees.waive(desk.clerk, fee, "sách trả muộn do thiên tai")
    assert Fee.objects.get(pk=fee.pk).waived_reason == "sách trả muộn do thiên tai"


def test_the_preview_names_the_rule_that_applies_in_words(desk: Desk) -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    rules.add_rule(admin, library=None, loan_days=21, max_items=10)
    own = rules.add_rule(admin, library=desk.library, category="adult", item_type="sách tham khảo",
                         loan_days=0, renewals=0, max_items=2)  # fmt: skip
    applied = rules.rule_for(desk.library, "adult", "sách tham khảo")
    assert applied.rule_id == own.pk
    assert applied.scope == (
        f"quy tắc của {desk.library.name_vi} cho Người lớn, loại tài liệu “sách tham khảo”"
    )
    assert applied.explanation.endswith(": chỉ đọc tại chỗ, tối đa 2 cuốn")
    desk.add_title("Từ điển", ["TD-9"], item_type="sách tham khảo")
    with pytest.raises(errors.ItemNotLoanable) as caught:
        services.checkout(desk.clerk, desk.library, "B001", "TD-9")
    assert caught.value.message == (
        f"Tài liệu TD-9 chỉ đọc tại chỗ theo quy tắc của {desk.library.name_vi} cho Người lớn, "
        "loại tài liệu “sách tham khảo”."
    )
    assert "#" not in caught.value.message


def test_rules_are_edited_and_removed_with_audit_in_words(desk: Desk) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, desk.library)
    rule = rules.add_rule(admin, library=desk.library, loan_days=14)
    rules.edit_rule(admin, rule, loan_days=7, renewals=1, max_items=3)
    assert LoanRule.objects.get(pk=rule.pk).loan_days == 7
    edit = AuditEntry.objects.get(object_type="loan rule", action="update")
    assert edit.before == {"terms": "mượn 14 ngày, gia hạn 2 lần, tối đa 5 cuốn"}
    assert edit.after == {"terms": "mượn 7 ngày, gia hạn 1 lần, tối đa 3 cuốn"}
    assert edit.summary == (
        f"quy tắc của {desk.library.name_vi} cho mọi bạn đọc, mọi loại tài liệu"
    )
    rules.remove_rule(admin, rule)
    assert not LoanRule.objects.exists()
    assert AuditEntry.objects.filter(object_type="loan rule", action="delete").count() == 1
    with pytest.raises(NotPermitted):
        rules.add_rule(desk.clerk, library=desk.library)


def test_an_online_registration_is_refused_with_a_reason_and_not_kept(desk: Desk) -> None:
    online = patrons.self_register(desk.library, full_name="Phan Tám", pin="480264")
    with pytest.raises(InvalidInput):
        patrons.refuse(desk.clerk, online, "")
    patrons.refuse(desk.clerk, online, "trùng với thẻ B001")
    assert not Patron.objects.filter(pk=online.pk).exists()
    entry = AuditEntry.objects.get(object_type="patron", action="delete")
    assert entry.summary == f"Từ chối đăng ký {online.card_number}: trùng với thẻ B001"


def test_readers_are_found_by_card_name_or_phone(desk: Desk) -> None:
    ba = desk.add_reader("B200", phone="0912345678")
    patrons.register("test", desk.library, card_number="B201", full_name="Nguyễn Thị Hoa")
    assert patrons.search(desk.library, "B200") == [ba]
    assert [p.card_number for p in patrons.search(desk.library, "Thị Hoa")] == ["B201"]
    assert patrons.search(desk.library, "0912 345 678") == [ba]
    assert patrons.search(desk.library, "345678") == [ba]
    assert patrons.search(desk.library, "không ai") == []
    # Typed without Vietnamese input, or in capitals: the name is still found.
    assert [p.card_number for p in patrons.search(desk.library, "nguyen thi hoa")] == ["B201"]
    assert [p.card_number for p in patrons.search(desk.library, "NGUYỄN THỊ")] == ["B201"]
    renamed = Patron.objects.get(card_number="B201")
    renamed.full_name = "Đặng Thị Hoa"
    renamed.save(update_fields=["full_name"])
    assert [p.card_number for p in patrons.search(desk.library, "dang thi")] == ["B201"]
