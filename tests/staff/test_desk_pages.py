"""The desk as a clerk uses it in the browser's pages: the menu, finding and registering a
reader, the reader page, fees and the printed receipt, the loan-rule editor and its preview,
online registrations, and the audit log in words."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from django.utils import timezone

from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services as catalogue
from thuvien.circulation import patrons
from thuvien.circulation.models import Fee, LoanRule, Patron
from thuvien.network.models import Library, Role
from thuvien.testing import factories

from .conftest import client_for
from .pages import accessibility_problems, text


def _clerk(library: Library) -> AbstractUser:
    return factories.staff(Role.CIRCULATION_CLERK, library, username="thuthu-a")


def test_the_menu_shows_the_desk_pages_to_clerks_and_not_to_cataloguers(
    library_a: Library, cataloguer: AbstractUser
) -> None:
    page = text(client_for(_clerk(library_a)).get(reverse("staff:home")).content.decode())
    for entry in ("Lưu thông", "Yêu cầu bạn đọc", "Bạn đọc", "Quy tắc mượn", "Đăng ký chờ duyệt"):
        assert entry in page
    other = text(client_for(cataloguer).get(reverse("staff:home")).content.decode())
    assert "Quy tắc mượn" not in other
    assert "Đăng ký chờ duyệt" not in other


def test_a_clerk_registers_a_reader_and_lands_on_their_page(library_a: Library) -> None:
    client = client_for(_clerk(library_a))
    form = client.get(reverse("staff:circulation:register"))
    assert accessibility_problems(form.content.decode()) == []
    response = client.post(
        reverse("staff:circulation:register"),
        {
            "library": "VN-A0001",
            "card_number": "A-0042",
            "full_name": "Võ Thị Mai",
            "category": "adult",
            "phone": "0987654321",
            "keep_history": "on",
            "card_fee": "20000",
        },
        follow=True,
    )
    reader = Patron.objects.get(card_number="A-0042")
    assert response.redirect_chain[-1][0] == reverse("staff:circulation:reader", args=[reader.pk])
    page = text(response.content.decode())
    assert "Đã cấp thẻ A-0042 cho Võ Thị Mai." in page
    assert "Lệ phí làm thẻ" in page
    assert "Chưa thu" in page
    assert reader.keep_history is True


def test_a_refused_registration_says_what_is_missing_next_to_the_field(library_a: Library) -> None:
    client = client_for(_clerk(library_a))
    response = client.post(
        reverse("staff:circulation:register"),
        {"library": "VN-A0001", "card_number": "A-7", "full_name": "Bé Bi", "category": "child",
         "evidence_reference": "GKS-1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "guardian_card": [
            "Bạn đọc trẻ em cần người giám hộ: nhập số thẻ của cha, mẹ hoặc người giám hộ."
        ]
    }
    assert not Patron.objects.filter(card_number="A-7").exists()


def test_a_clerk_finds_a_reader_by_phone_and_by_name(library_a: Library) -> None:
    patrons.register(
        "test", library_a, card_number="A-1", full_name="Lý Văn Hùng", phone="0911222333"
    )
    patrons.register("test", library_a, card_number="A-2", full_name="Lý Thị Hà")
    client = client_for(_clerk(library_a))
    one = client.get(reverse("staff:circulation:find"), {"q": "0911222333"})
    assert one.status_code == 302
    both = text(client.get(reverse("staff:circulation:find"), {"q": "Lý"}).content.decode())
    assert "2 bạn đọc khớp “Lý”" in both
    none = text(client.get(reverse("staff:circulation:find"), {"q": "Zzz"}).content.decode())
    assert "Không có bạn đọc nào khớp; kiểm tra lại, hoặc đăng ký bạn đọc mới." in none


def test_a_fee_taken_prints_a_numbered_receipt(library_a: Library) -> None:
    reader = patrons.register("test", library_a, card_number="A-3", full_name="Hồ Văn Cường")
    client = client_for(_clerk(library_a))
    client.post(
        reverse("staff:circulation:charge", args=[reader.pk]),
        {"library": "VN-A0001", "kind": "postage", "amount": "32.000", "note": "gửi 2 cuốn"},
    )
    fee = Fee.objects.get(patron=reader)
    response = client.post(reverse("staff:circulation:settle", args=[fee.pk]), follow=True)
    page = text(response.content.decode())
    number = f"VN-A0001/{timezone.localdate().year}/000001"
    assert "Biên lai thu tiền" in page
    assert f"Số biên lai {number}" in page
    assert "Số tiền 32.000 đồng" in page
    assert "Nội dung Cước gửi sách qua bưu điện — gửi 2 cuốn" in page
    reader_page = client.get(reverse("staff:circulation:reader", args=[reader.pk]))
    assert f"Biên lai {number}" in text(reader_page.content.decode())


def test_the_reader_page_says_why_a_reader_cannot_borrow_and_hides_unconsented_history(
    library_a: Library,
) -> None:
    reader = patrons.register(
        "test", library_a, card_number="A-4", full_name="Mai Anh", blocked_reason="mất thẻ"
    )
    page = text(
        client_for(_clerk(library_a))
        .get(reverse("staff:circulation:reader", args=[reader.pk]))
        .content.decode()
    )
    assert (
        "Chưa mượn được: Thẻ VN-A0001:A-4 đang bị khoá: mất thẻ. Mời bạn đọc gặp thủ thư." in page
    )
    assert "Bạn đọc không đồng ý lưu lịch sử mượn." in page


def test_an_admin_adds_and_edits_a_loan_rule_and_previews_which_applies(
    library_a: Library,
) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, library_a, username="quantri-a")
    client = client_for(admin)
    rules_url = reverse("staff:circulation:rules")
    client.post(
        rules_url,
        {"library": "VN-A0001", "scope": "VN-A0001", "category": "student", "item_type": "",
         "loan_days": "21", "renewals": "1", "max_items": "8"},
    )  # fmt: skip
    rule = LoanRule.objects.get()
    page = text(client.get(rules_url).content.decode())
    assert (
        "quy tắc của Thư viện tỉnh A cho Học sinh, sinh viên, mọi loại tài liệu "
        "mượn 21 ngày, gia hạn 1 lần, tối đa 8 cuốn"
    ) in page
    client.post(
        reverse("staff:circulation:rule_edit", args=[rule.pk]),
        {"library": "VN-A0001", "loan_days": "30", "renewals": "2", "max_items": "8"},
    )
    assert LoanRule.objects.get().loan_days == 30
    record = catalogue.create_record(admin, library_a, factories.marc("Giáo trình"))
    catalogue.add_item(admin, record, barcode="GT-1")
    patrons.register("test", library_a, card_number="SV-1", full_name="Sinh Viên Một",
                     category="student")  # fmt: skip
    preview = client.get(rules_url, {"card": "SV-1", "barcode": "GT-1"})
    assert (
        "Cho Sinh Viên Một mượn GT-1: theo quy tắc của Thư viện tỉnh A cho Học sinh, sinh viên, "
        "mọi loại tài liệu — mượn 30 ngày, gia hạn 2 lần, tối đa 8 cuốn."
    ) in text(preview.content.decode())
    unknown = client.get(rules_url, {"card": "SV-9", "barcode": "GT-1"})
    assert "Không tìm thấy thẻ bạn đọc “SV-9” ở VN-A0001" in text(unknown.content.decode())
    log = text(client.get(reverse("staff:audit:log"), {"type": "loan rule"}).content.decode())
    assert (
        "Điều kiện mượn mượn 21 ngày, gia hạn 1 lần, tối đa 8 cuốn "
        "mượn 30 ngày, gia hạn 2 lần, tối đa 8 cuốn"
    ) in log
    assert f"quantri-a · sửa quy tắc mượn #{rule.pk}" in log


def test_a_clerk_may_read_the_rules_but_not_change_them(library_a: Library) -> None:
    client = client_for(_clerk(library_a))
    page = text(client.get(reverse("staff:circulation:rules")).content.decode())
    assert "Thêm quy tắc" not in page
    response = client.post(
        reverse("staff:circulation:rules"),
        {"library": "VN-A0001", "scope": "VN-A0001", "loan_days": "1", "renewals": "0",
         "max_items": "1"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not LoanRule.objects.exists()


def test_online_registrations_are_approved_or_refused_from_the_list(library_a: Library) -> None:
    first = patrons.self_register(library_a, full_name="Người Một", pin="480264")
    second = patrons.self_register(library_a, full_name="Người Hai", pin="480264")
    client = client_for(_clerk(library_a))
    url = reverse("staff:circulation:registrations")
    client.post(url, {"library": "VN-A0001", "patron": first.pk})
    refused = client.post(
        url,
        {"library": "VN-A0001", "patron": second.pk, "refuse": "1", "reason": "không có thật"},
        follow=True,
    )
    assert f"Đã từ chối đăng ký {second.card_number}." in text(refused.content.decode())
    assert Patron.objects.get(pk=first.pk).blocked_reason == ""
    assert not Patron.objects.filter(pk=second.pk).exists()
    log = text(client_for(factories.staff(Role.LIBRARY_ADMIN, library_a)).get(
        reverse("staff:audit:log"), {"type": "patron"}).content.decode())  # fmt: skip
    assert f"xoá bạn đọc #{second.pk}" in log
    assert "Lý do khoá thẻ chờ thư viện duyệt đăng ký trực tuyến —" in log
    assert AuditEntry.objects.filter(object_type="patron", action="update").count() == 1


def test_every_desk_page_has_labels_one_h1_and_no_repeated_ids(library_a: Library) -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, library_a, username="quantri-a2")
    reader = patrons.register("test", library_a, card_number="A-9", full_name="Tạ Văn Chín")
    patrons.self_register(library_a, full_name="Người Chờ", pin="480264")
    client = client_for(admin)
    client.post(
        reverse("staff:circulation:charge", args=[reader.pk]),
        {"library": "VN-A0001", "kind": "copies", "amount": "5000"},
    )
    fee = Fee.objects.get()
    client.post(reverse("staff:circulation:settle", args=[fee.pk]))
    rule = LoanRule.objects.create(library=library_a, loan_days=7)
    pages = [
        reverse("staff:circulation:find") + "?q=T&go=0",
        reverse("staff:circulation:register"),
        reverse("staff:circulation:reader", args=[reader.pk]),
        reverse("staff:circulation:receipt", args=[fee.pk]),
        reverse("staff:circulation:rules") + "?card=A-9&barcode=X",
        reverse("staff:circulation:rule_edit", args=[rule.pk]),
        reverse("staff:circulation:registrations"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert accessibility_problems(response.content.decode()) == [], url
