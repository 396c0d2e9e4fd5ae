"""Transport and headers by setting (issue 14, item 2 of "What to build"): THUVIEN_HTTPS turns
on Secure cookies, HSTS and the proxy header; every page has a Permissions-Policy and a
Referrer-Policy; security.txt names the contact; a check warns about a public host without
HTTPS."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.test import Client

from thuvien.core import checks
from thuvien.core.headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _settings_with(env: dict[str, str], names: str) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='thuvien.settings'; "
        "from django.conf import settings as s; "
        f"print(repr(tuple(getattr(s, n, None) for n in {names.split()!r})))"
    )
    environment = {**os.environ, "PYTHONPATH": SRC, **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_https_setting_turns_on_secure_cookies_hsts_and_the_proxy_header(tmp_path: Path) -> None:
    names = "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS SECURE_PROXY_SSL_HEADER"
    data = {"THUVIEN_DATA_DIR": str(tmp_path)}
    assert _settings_with({**data, "THUVIEN_HTTPS": "1"}, names) == (
        "(True, True, 31536000, ('HTTP_X_FORWARDED_PROTO', 'https'))"
    )
    assert _settings_with({**data, "THUVIEN_HTTPS": "0"}, names) == "(False, False, 0, None)"


def test_every_page_has_permissions_and_referrer_policies(settings: Any) -> None:
    client = Client()
    for url in ("/", "/staff/login/", "/account/sign-in/", "/api/v1/openapi.json"):
        response = client.get(url)
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY


def test_no_template_has_an_inline_script_or_an_event_handler_attribute() -> None:
    """The CSP refuses inline scripts; a page that had one would silently stop working.
    Data blocks (JSON, JSON-LD) are not scripts and stay."""
    templates = Path(SRC, "thuvien").rglob("templates/**/*.html")
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
    found = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path in templates
        for pattern in (inline, handler)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_hsts_is_sent_over_https_when_the_setting_is_on(settings: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = Client().get("/account/sign-in/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_security_txt_names_the_contact_or_is_absent(settings: Any) -> None:
    settings.THUVIEN_SECURITY_CONTACT = ""
    assert Client().get("/.well-known/security.txt").status_code == 404
    settings.THUVIEN_SECURITY_CONTACT = "bao-mat@thuvien.example.vn"
    response = Client().get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Contact: mailto:bao-mat@thuvien.example.vn"
    assert lines[1].startswith("Expires: ")
    assert lines[2:] == [
        "Preferred-Languages: vi, en",
        "Canonical: http://testserver/.well-known/security.txt",
    ]


def test_a_public_host_without_https_is_warned_about(settings: Any) -> None:
    settings.DEBUG = False
    settings.THUVIEN_HTTPS = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    assert checks.https_settings() == []
    settings.ALLOWED_HOSTS = ["localhost", "thuvien.camau.gov.vn"]
    (warning,) = checks.https_settings()
    assert warning.id == "thuvien.W003"
    assert warning.msg == (
        "The server answers for thuvien.camau.gov.vn without THUVIEN_HTTPS: session cookies "
        "go out without Secure and browsers are not told to use HTTPS (HSTS)."
    )
    settings.THUVIEN_HTTPS = True
    assert checks.https_settings() == []


def test_a_public_server_without_required_two_step_sign_in_is_warned(settings: Any) -> None:
    settings.DEBUG = False
    settings.THUVIEN_MFA = "offered"
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    assert checks.mfa_settings() == []  # the demo on this machine
    settings.ALLOWED_HOSTS = ["thuvien.camau.gov.vn"]
    (warning,) = checks.mfa_settings()
    assert warning.id == "thuvien.W004"
    assert warning.msg == (
        "The server answers for thuvien.camau.gov.vn with THUVIEN_MFA=offered: network admins, "
        "library admins and Department officers can sign in with a password alone."
    )
    settings.THUVIEN_MFA = "required"
    assert checks.mfa_settings() == []
