"""Lifting sign-in locks and resetting a reader's PIN from the staff pages (issue 14): the
reader's page at the desk and the staff accounts page, each permission-checked and audited."""

from __future__ import annotations

from django.test import Client

from thuvien import attempts
from thuvien.audit.models import AuditEntry
from thuvien.circulation import identity
from thuvien.circulation.models import Patron
from thuvien.network.models import Role
from thuvien.testing import factories


def _lock(subject: attempts.Subject) -> None:
    for _n in range(attempts.limit()):
        attempts.fail(subject)
    assert attempts.locked_until(subject) is not None


def test_a_clerk_resets_a_forgotten_pin_and_lifts_the_lock_from_the_readers_page() -> None:
    library = factories.library("VN-K0001")
    patron = Patron.objects.create(home_library=library, card_number="K001", full_name="Lê Mai")
    _lock(attempts.Subject("reader-card", "K001"))
    clerk = Client()
    clerk.force_login(factories.staff(Role.CIRCULATION_CLERK, library, username="thuthu"))
    reader_page = clerk.get(f"/staff/circulation/readers/{patron.pk}/").content.decode()
    assert f'href="/staff/circulation/readers/{patron.pk}/security/"' in reader_page
    page = clerk.get(f"/staff/circulation/readers/{patron.pk}/security/").content.decode()
    assert "Thẻ đang bị khoá đăng nhập đến" in page
    easy = clerk.post(f"/staff/circulation/readers/{patron.pk}/security/", {"pin": "123456"})
    assert (
        "Mã PIN quá dễ đoán (một chữ số lặp lại hoặc dãy liên tiếp); hãy chọn mã khác."
        in easy.content.decode()
    )
    done = clerk.post(
        f"/staff/circulation/readers/{patron.pk}/security/", {"pin": "480613"}, follow=True
    )
    assert "Đã đặt mã PIN mới cho thẻ VN-K0001:K001 và mở khoá đăng nhập." in (
        done.content.decode()
    )
    assert identity.authenticate("K001", "480613", library) == patron
    summaries = list(
        AuditEntry.objects.filter(object_type="patron", object_id=str(patron.pk)).values_list(
            "actor_label", "summary"
        )
    )
    assert ("thuthu", "VN-K0001:K001 new PIN") in summaries
    assert ("thuthu", "VN-K0001:K001 sign-in lock lifted") in summaries


def test_the_unlock_button_alone_and_a_clerk_of_another_library_is_refused() -> None:
    library = factories.library("VN-K0002")
    patron = Patron.objects.create(home_library=library, card_number="K002", full_name="Lê An")
    _lock(attempts.Subject("reader-card", "VN-K0002:K002"))
    stranger = Client()
    stranger.force_login(factories.staff(Role.CIRCULATION_CLERK, factories.library("VN-K0009")))
    assert stranger.post(f"/staff/circulation/readers/{patron.pk}/unlock/").status_code == 403
    assert identity.card_locked_until(patron) is not None
    clerk = Client()
    clerk.force_login(factories.staff(Role.CIRCULATION_CLERK, library))
    done = clerk.post(f"/staff/circulation/readers/{patron.pk}/unlock/", follow=True)
    assert "Đã mở khoá đăng nhập của thẻ VN-K0002:K002." in done.content.decode()
    assert identity.card_locked_until(patron) is None


def test_an_admin_lifts_a_staff_accounts_lock_from_the_accounts_page() -> None:
    library = factories.library("VN-K0003")
    locked = factories.staff(Role.CATALOGUER, library, username="bi-khoa")
    _lock(attempts.Subject("staff-account", "bi-khoa"))
    admin = Client()
    admin.force_login(factories.staff(Role.LIBRARY_ADMIN, library, username="quantri-tv"))
    page = admin.get("/staff/accounts/").content.decode()
    assert "Mở khoá bi-khoa" in page
    assert 'href="/staff/accounts/"' in admin.get("/staff/libraries/VN-K0003/").content.decode()
    done = admin.post(f"/staff/accounts/{locked.pk}/unlock/", follow=True)
    assert "Đã mở khoá đăng nhập của bi-khoa." in done.content.decode()
    assert attempts.locked_until(attempts.Subject("staff-account", "bi-khoa")) is None
    entry = AuditEntry.objects.filter(object_type="staff", object_id=str(locked.pk)).last()
    assert entry is not None
    assert entry.summary == "bi-khoa sign-in lock lifted"
    assert entry.library_code == "VN-K0003"
    # A library admin manages only their own library's accounts; a cataloguer none.
    network_wide = factories.staff(Role.NETWORK_ADMIN, username="quantri-mang")
    assert admin.post(f"/staff/accounts/{network_wide.pk}/unlock/").status_code == 403
    cataloguer = Client()
    cataloguer.force_login(locked)
    assert cataloguer.get("/staff/accounts/").status_code == 403
