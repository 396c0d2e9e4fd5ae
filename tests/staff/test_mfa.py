"""Two-step sign-in for staff (issue 14): admins and Department officers enrol a TOTP app
before any other staff page, then type a code after the password; wrong codes count with
wrong passwords; recovery codes work once; the network admin or the command line resets a
lost phone. Codes are computed with django-otp's own TOTP, as a phone would."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thuvien import attempts
from thuvien.audit.models import AuditEntry
from thuvien.network import mfa
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.mfa import code, code_from_secret, enrol, fresh_code

PASSWORD = "mật-khẩu-thử-1"  # the factories' password


def _password(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/staff/login/", {"username": username, "password": password})


def _text(response: Any) -> str:
    return str(response.content.decode())


def test_an_admin_without_an_app_is_sent_to_enrolment_and_nowhere_else() -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, factories.library("VN-M0001"))
    client = Client()
    assert _password(client, admin.username)["Location"] == "/staff/"
    for path in ("/staff/", "/staff/records/", "/staff/accounts/", "/admin/"):
        page = client.get(path)
        assert page.status_code == 302
        assert page["Location"].startswith("/staff/mfa/enrol/?next=")
    api = client.get("/api/v1/reports/")
    assert api.status_code == 403
    assert api.json()["detail"] == "Hãy bật xác thực hai bước trên trang nghiệp vụ trước."
    page = client.get("/staff/mfa/enrol/")
    assert page.status_code == 200
    assert 'aria-label="Mục chính"' not in _text(page)  # no menu to pages it cannot reach


def test_enrolment_confirms_the_app_with_a_code_and_shows_ten_recovery_codes_once() -> None:
    officer = factories.staff(Role.DEPARTMENT_OFFICER)
    client = Client()
    _password(client, officer.username)
    page = _text(client.get("/staff/mfa/enrol/?next=/staff/oversight/"))
    assert "<svg" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script (CSP)
    secret = re.search(r'<code class="secret" id="secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    wrong = client.post("/staff/mfa/enrol/", {"code": "000000"})
    assert "Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trên ứng dụng xác thực." in _text(wrong)
    assert not TOTPDevice.objects.get(user=officer).confirmed
    done = client.post(
        "/staff/mfa/enrol/",
        {"code": code_from_secret(secret.group(1)), "next": "/staff/oversight/"},
    )
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", _text(done))
    assert len(shown) == 10
    assert len(set(shown)) == 10
    assert done["Cache-Control"].startswith("max-age=0")
    # Kept only as keyed hashes, never as typed.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in shown}
    assert client.get("/staff/").status_code == 200  # this session passed the code
    assert "đã bật xác thực hai bước" in _text(client.get("/staff/mfa/enrol/"))
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="staff").last()
    assert entry is not None
    assert entry.summary == (
        f"{officer.username} two-step sign-in enrolled (TOTP app, 10 recovery codes)"
    )
    secret_text = secret.group(1).replace(" ", "")
    for row in AuditEntry.objects.values_list("summary", "before", "after"):
        assert secret_text not in json.dumps(row)


def test_sign_in_asks_for_the_code_after_the_password() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    device = enrol(admin)
    client = Client()
    assert _password(client, admin.username).status_code == 302
    sent = client.get("/staff/libraries/")
    assert sent["Location"] == "/staff/mfa/verify/?next=%2Fstaff%2Flibraries%2F"
    wrong = client.post("/staff/mfa/verify/", {"code": "123456", "next": "/staff/libraries/"})
    assert "Mã không đúng." in _text(wrong)
    assert attempts.failures(attempts.Subject("staff-account", admin.username)) == 1
    right = client.post(
        "/staff/mfa/verify/", {"code": fresh_code(device), "next": "/staff/libraries/"}
    )
    assert right["Location"] == "/staff/libraries/"
    assert client.get("/staff/libraries/").status_code == 200
    assert attempts.failures(attempts.Subject("staff-account", admin.username)) == 0
    summaries = list(
        AuditEntry.objects.filter(object_id=str(admin.pk)).values_list("action", "summary")
    )
    assert (
        AuditEntry.Action.SIGN_IN_FAILED,
        f"{admin.username} (mfa TOTP wrong; staff-login 127.0.0.1)",
    ) in summaries
    assert (
        AuditEntry.Action.SIGN_IN,
        f"{admin.username} second step (TOTP; staff-login 127.0.0.1)",
    ) in summaries


def test_a_code_is_used_once() -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, factories.library())
    device = enrol(admin)
    used = fresh_code(device)
    assert mfa.verify(admin, used)
    with pytest.raises(Exception, match="Mã không đúng"):
        mfa.verify(admin, used)


def test_a_recovery_code_works_once_and_says_how_many_are_left() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    device = mfa.start_enrolment(admin)
    codes = mfa.confirm(admin, code(device))
    client = Client()
    _password(client, admin.username)
    page = client.post("/staff/mfa/verify/", {"code": codes[3].upper()}, follow=True)
    assert "Đã dùng một mã dự phòng; còn 9 mã." in _text(page)
    again = Client()
    _password(again, admin.username)
    assert "Mã không đúng." in _text(again.post("/staff/mfa/verify/", {"code": codes[3]}))


def test_wrong_codes_count_with_wrong_passwords_and_a_right_password_does_not_reset_them() -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, factories.library())
    enrol(admin)
    account = attempts.Subject("staff-account", admin.username)
    for n in range(2):
        _password(Client(REMOTE_ADDR=f"198.51.100.{n}"), admin.username, "sai")
    client = Client(REMOTE_ADDR="198.51.100.7")
    _password(client, admin.username)  # right: the count stays
    assert attempts.failures(account) == 2
    client.post("/staff/mfa/verify/", {"code": "000001"})
    client.post("/staff/mfa/verify/", {"code": "000002"})
    last = client.post("/staff/mfa/verify/", {"code": "000003"}, follow=True)
    until = attempts.locked_until(account)
    assert until is not None
    at = timezone.localtime(until).strftime("%H:%M")
    assert (
        f"Đã nhập sai 5 lần; tài khoản tạm khoá đăng nhập đến {at}. Hãy thử lại sau {at} "
        "hoặc nhờ quản trị viên."
    ) in _text(last)
    assert last.redirect_chain[-1][0] == "/staff/login/"  # the session ended
    # The codes counted against the address too, as wrong passwords do.
    assert attempts.failures(attempts.Subject("address", "198.51.100.7", "address")) == 3
    assert "tạm khoá" in _text(_password(Client(REMOTE_ADDR="198.51.100.8"), admin.username))


def test_other_roles_are_not_forced_but_may_enrol() -> None:
    library = factories.library()
    clerk = factories.staff(Role.CIRCULATION_CLERK, library)
    client = Client()
    _password(client, clerk.username)
    assert client.get("/staff/").status_code == 200
    device = enrol(clerk)
    later = Client()
    _password(later, clerk.username)
    assert later.get("/staff/")["Location"].startswith("/staff/mfa/verify/")
    assert later.post("/staff/mfa/verify/", {"code": fresh_code(device)}).status_code == 302
    assert later.get("/staff/").status_code == 200


def test_offered_mode_forces_nobody_and_off_asks_no_code(settings: Any) -> None:
    admin = factories.staff(Role.NETWORK_ADMIN)
    settings.THUVIEN_MFA = "offered"
    client = Client()
    _password(client, admin.username)
    assert client.get("/staff/").status_code == 200
    enrol(admin)
    asked = Client()
    _password(asked, admin.username)
    assert asked.get("/staff/")["Location"].startswith("/staff/mfa/verify/")
    settings.THUVIEN_MFA = "off"
    assert asked.get("/staff/").status_code == 200
    assert asked.get("/staff/mfa/enrol/").status_code == 404


def test_the_network_admin_resets_a_lost_phone_from_the_accounts_page() -> None:
    library = factories.library("VN-M0002")
    lost = factories.staff(Role.LIBRARY_ADMIN, library, username="mat-dien-thoai")
    enrol(lost)
    admin = factories.staff(Role.NETWORK_ADMIN, username="quantri-mang")
    client = Client()
    client.force_login(admin)
    page = _text(client.get("/staff/accounts/"))
    assert "Đã bật · còn 10 mã dự phòng" in page
    assert "Đặt lại (mất điện thoại) cho mat-dien-thoai" in page
    done = client.post(f"/staff/accounts/{lost.pk}/mfa-reset/", follow=True)
    assert (
        "Đã đặt lại xác thực hai bước của mat-dien-thoai; lần đăng nhập tới sẽ đăng ký lại "
        "ứng dụng."
    ) in _text(done)
    assert mfa.device_of(lost) is None
    assert mfa.recovery_left(lost) == 0
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).last()
    assert entry is not None
    assert entry.summary == "mat-dien-thoai two-step sign-in reset"
    assert entry.actor_label == "quantri-mang"
    # Never one's own, and a library admin may not.
    own = client.post(f"/staff/accounts/{admin.pk}/mfa-reset/", follow=True)
    assert "Không tự đặt lại xác thực hai bước của chính mình" in _text(own)
    library_admin = Client()
    library_admin.force_login(factories.staff(Role.LIBRARY_ADMIN, library))
    assert library_admin.post(f"/staff/accounts/{admin.pk}/mfa-reset/").status_code == 403


def test_the_command_shows_the_state_and_resets_an_account() -> None:
    admin = factories.staff(Role.NETWORK_ADMIN, username="quantri")
    factories.staff(Role.CATALOGUER, factories.library("VN-M0003"), username="bienmuc")
    enrol(admin)
    out = io.StringIO()
    call_command("staff", "mfa", "status", "--json", stdout=out)
    state = json.loads(out.getvalue().splitlines()[-1])
    assert state["mode"] == "required"
    assert state["accounts"] == [
        {
            "username": "quantri",
            "role": "network-admin",
            "library": "",
            "required": True,
            "enrolled": True,
            "recovery_codes_left": 10,
        },
        {
            "username": "bienmuc",
            "role": "cataloguer",
            "library": "VN-M0003",
            "required": False,
            "enrolled": False,
            "recovery_codes_left": 0,
        },
    ]
    out = io.StringIO()
    call_command("staff", "mfa", "reset", "quantri", stdout=out)
    assert out.getvalue().strip() == (
        "Đã đặt lại xác thực hai bước của quantri; lần đăng nhập tới sẽ đăng ký lại ứng dụng."
    )
    assert mfa.device_of(admin) is None
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).last()
    assert entry is not None
    assert entry.actor_label.startswith("cli:")
    with pytest.raises(CommandError, match=r"Không có tài khoản cán bộ ai-do\."):
        call_command("staff", "mfa", "reset", "ai-do")
    out = io.StringIO()
    call_command("staff", "mfa", "reset", "quantri", stdout=out)  # nothing left to reset
    assert out.getvalue().strip() == ("quantri chưa bật xác thực hai bước; không có gì để đặt lại.")
    out = io.StringIO()
    call_command("staff", "mfa", "status", stdout=out)  # for a person: one line an account
    assert out.getvalue().splitlines() == [
        "Chế độ: THUVIEN_MFA=required",
        "quantri  network-admin  —  CHƯA BẬT (bắt buộc)",
        "bienmuc  cataloguer  VN-M0003  chưa bật",
        "2 tài khoản; 1 bắt buộc mà chưa bật.",
    ]


def test_the_demo_serves_with_two_step_sign_in_offered_and_says_so(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    import os

    from thuvien.core.management.commands.demo import Command

    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "THUVIEN_MFA"})
    out = io.StringIO()
    command = Command(stdout=out)
    command._two_step_offered()
    assert os.environ["THUVIEN_MFA"] == settings.THUVIEN_MFA == "offered"
    assert "bản demo chạy với THUVIEN_MFA=offered" in out.getvalue()
    # An operator's own choice is kept.
    os.environ["THUVIEN_MFA"] = "required"
    settings.THUVIEN_MFA = "required"
    Command(stdout=io.StringIO())._two_step_offered()
    assert settings.THUVIEN_MFA == "required"


def test_a_reset_sends_a_signed_in_session_back_to_enrolment() -> None:
    admin = factories.staff(Role.LIBRARY_ADMIN, factories.library())
    device = enrol(admin)
    client = Client()
    _password(client, admin.username)
    client.post("/staff/mfa/verify/", {"code": fresh_code(device)})
    assert client.get("/staff/").status_code == 200
    mfa.reset("cli:test", admin)
    assert client.get("/staff/")["Location"] == "/staff/mfa/enrol/?next=%2Fstaff%2F"
