"""A password validator for staff accounts beyond Django's: refuses passwords on thuvien's
own list of Vietnamese favourites (Django's common list is mostly English) and, when
``THUVIEN_PASSWORD_LIST`` names a file, on that list too (a breached-password extract: one
password, or its SHA-1 in hex as "Pwned Passwords" publishes them, a line; a ``:count`` after
the hash is ignored). The file is read once per process and kept as SHA-1 digests."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Seen again and again in leaked Vietnamese account lists.
VIETNAMESE = (
    "matkhau",
    "matkhau123",
    "matkhau@123",
    "anhyeuem",
    "anhyeuem123",
    "emyeuanh",
    "yeuem",
    "iloveyou",
    "vietnam",
    "vietnam123",
    "hanoi",
    "saigon",
    "thuvien",
    "thuvien123",
    "thuvien@123",
    "thuvien2024",
    "thuvien2025",
    "thuvien2026",
    "admin@123",
    "abc@123",
    "qwerty123",
    "1234567890",
    "0123456789",
    "123456789a",
    "a123456789",
    "12345678910",
)


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest().upper()


@cache
def _listed(path: str) -> frozenset[str]:
    digests = {_sha1(p) for p in VIETNAMESE}
    if path:
        with Path(path).open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                entry = line.strip().split(":", 1)[0]
                if len(entry) == 40 and all(c in "0123456789abcdefABCDEF" for c in entry):
                    digests.add(entry.upper())
                elif entry:
                    digests.add(_sha1(entry))
    return frozenset(digests)


class ListedPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        listed = _listed(str(getattr(settings, "THUVIEN_PASSWORD_LIST", "") or ""))
        if _sha1(password) in listed or _sha1(password.lower()) in listed:
            raise ValidationError(
                _(
                    "Mật khẩu này có trong danh sách mật khẩu bị lộ hoặc hay dùng; "
                    "hãy chọn mật khẩu khác."
                ),
                code="password_listed",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu không được có trong danh sách mật khẩu bị lộ hoặc hay dùng.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a Vietnamese message (Django's Vietnamese catalogue lacks this one)."""

    def __init__(self, min_length: int = 10) -> None:
        super().__init__(min_length)

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                _("Mật khẩu quá ngắn: cần ít nhất {count} ký tự.").format(count=self.min_length),
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất {count} ký tự.").format(count=self.min_length)
