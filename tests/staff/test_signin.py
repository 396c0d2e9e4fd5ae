"""Staff sign-in (issue 14, item 2): five wrong passwords lock the account, and five from one
address lock the address, for fifteen minutes with the time to try again; every sign-in and
failure is audited; passwords follow the rules; an idle staff session ends after 15 minutes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thuvien import attempts
from thuvien.audit.models import AuditEntry
from thuvien.errors import InvalidInput
from thuvien.network import services as network
from thuvien.network.models import Role
from thuvien.staff.signin import LAST_SEEN_KEY
from thuvien.testing import factories

PASSWORD = "mật-khẩu-thử-1"  # the factories' password


def _login(username: str, password: str, address: str = "127.0.0.1") -> str:
    page = Client(REMOTE_ADDR=address).post(
        "/staff/login/", {"username": username, "password": password}
    )
    return "" if page.status_code == 302 else page.content.decode()


def _at(subject: attempts.Subject) -> str:
    until = attempts.locked_until(subject)
    assert until is not None
    assert 899 <= (until - timezone.now()).total_seconds() <= 900
    return timezone.localtime(until).strftime("%H:%M")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one() -> None:
    user = factories.staff(Role.CATALOGUER, factories.library("VN-S0001"))
    for n in range(4):
        page = _login(user.username, "sai-mật-khẩu", address=f"198.51.100.{n}")
        assert 'role="alert"' in page
        assert "tạm khoá" not in page
    page = _login(user.username, "sai-mật-khẩu", address="198.51.100.9")
    at = _at(attempts.Subject("staff-account", user.username))
    message = (
        f"Đã nhập sai mật khẩu 5 lần; tài khoản tạm khoá đăng nhập đến {at}. "
        f"Hãy thử lại sau {at} hoặc nhờ quản trị viên đặt lại mật khẩu."
    )
    assert message in page
    assert message in _login(user.username, PASSWORD, address="198.51.100.10")
    other = factories.staff(Role.CATALOGUER, factories.library())
    assert _login(other.username, PASSWORD, address="198.51.100.11") == ""


def test_five_failures_from_one_address_lock_the_address_for_every_account() -> None:
    user = factories.staff(Role.CATALOGUER, factories.library())
    for name in ("an", "binh", "chi", "dung"):
        assert "tạm ngừng" not in _login(name, "x", address="203.0.113.5")
    page = _login("em", "x", address="203.0.113.5")
    at = _at(attempts.Subject("address", "203.0.113.5", "address"))
    message = (
        f"Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này; tạm ngừng nhận đăng nhập đến "
        f"{at}. Hãy thử lại sau {at}."
    )
    assert message in page
    assert message in _login(user.username, PASSWORD, address="203.0.113.5")
    assert _login(user.username, PASSWORD, address="203.0.113.6") == ""


def test_every_staff_sign_in_and_failure_is_audited_without_the_password() -> None:
    user = factories.staff(Role.CATALOGUER, factories.library())
    _login(user.username, "sai-mật-khẩu")
    _login("không-có-ai", "sai-mật-khẩu")
    assert _login(user.username, PASSWORD) == ""
    entries = list(
        AuditEntry.objects.filter(object_type="staff", action__in=["signin", "signfail"])
        .order_by("pk")
        .values_list("action", "actor_label", "object_id", "summary")
    )
    assert entries == [
        (
            "signfail",
            "staff-login:127.0.0.1",
            str(user.pk),
            f"{user.username} (staff-login 127.0.0.1)",
        ),
        (
            "signfail",
            "staff-login:127.0.0.1",
            "",
            "không-có-ai (staff-login 127.0.0.1) no such account",
        ),
        ("signin", user.username, str(user.pk), f"{user.username} (staff-login 127.0.0.1)"),
    ]
    assert not AuditEntry.objects.filter(summary__contains="sai-mật-khẩu").exists()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("12345678", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", "Mật khẩu này quá phổ biến."),
        ("1234567890", "Mật khẩu này quá phổ biến."),
        (
            "thuvien@123",
            "Mật khẩu này có trong danh sách mật khẩu bị lộ hoặc hay dùng; hãy chọn mật khẩu khác.",
        ),
    ],
)
def test_weak_staff_passwords_are_refused(password: str, reason: str) -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    lib = factories.library()
    with pytest.raises(InvalidInput) as refused:
        network.create_staff(
            admin, username="moi", password=password, role="cataloguer", library=lib
        )
    assert refused.value.message.startswith("Mật khẩu chưa đạt yêu cầu: ")
    assert reason in refused.value.message


def test_a_breached_list_file_is_honoured(settings: Any, tmp_path: Any) -> None:
    from thuvien.staff import passwords

    listed = tmp_path / "pwned.txt"
    # One in clear, one as a Pwned Passwords SHA-1 line ("Sông-Hương-2026" → its hash).
    listed.write_text("Cầu-Rồng-Đà-Nẵng\n" + passwords._sha1("Sông-Hương-2026") + ":42\n")
    settings.THUVIEN_PASSWORD_LIST = str(listed)
    admin = factories.staff(Role.NETWORK_ADMIN)
    lib = factories.library()
    for password in ("Cầu-Rồng-Đà-Nẵng", "Sông-Hương-2026"):
        with pytest.raises(InvalidInput):
            network.create_staff(
                admin, username="moi", password=password, role="cataloguer", library=lib
            )
    assert network.create_staff(
        admin, username="moi", password="Hoa-Phượng-Đỏ-9", role="cataloguer", library=lib
    )


def test_an_idle_staff_session_ends_after_fifteen_minutes() -> None:
    user = factories.staff(Role.NETWORK_ADMIN)
    client = Client()
    client.force_login(user)
    assert client.get("/staff/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 14 * 60
    session.save()
    assert client.get("/staff/").status_code == 200  # 14 minutes: still signed in
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 16 * 60
    session.save()
    page = client.get("/staff/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/staff/login/")
    assert (
        "Phiên làm việc đã hết hạn sau 15 phút không dùng; hãy đăng nhập lại."
        in page.content.decode()
    )
    assert client.get("/staff/").status_code == 302
