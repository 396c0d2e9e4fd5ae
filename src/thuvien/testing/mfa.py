"""Two-step sign-in in tests: an enrolled app and the codes it would show, computed with
django-otp's own TOTP (RFC 6238), never a mock."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thuvien.network import mfa


def code(device: TOTPDevice, *, ahead: int = 0) -> str:
    """What the phone shows now (``ahead`` steps later: a code the device has not used yet,
    within its tolerance of one step)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{value:0{device.digits}d}"


def code_from_secret(secret: str, *, ahead: int = 0) -> str:
    """The code an app computes from the secret shown as text on the enrolment page."""
    import base64

    text = secret.replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    return f"{totp(key, 30, 0, 6, ahead):06d}"


def enrol(user: AbstractBaseUser) -> TOTPDevice:
    """A confirmed app for ``user`` (set up as the enrolment page would)."""
    device = mfa.start_enrolment(user)
    mfa.confirm(user, code(device))
    found = mfa.device_of(user)
    assert found is not None  # noqa: S101
    return found


def fresh_code(device: TOTPDevice) -> str:
    """A code the device will still accept: the next step's when this step's was used."""
    device.refresh_from_db()
    now_t = int(time.time() - device.t0) // device.step + device.drift
    return code(device, ahead=1 if device.last_t is not None and device.last_t >= now_t else 0)


def mark_verified(client: Any, user: AbstractBaseUser) -> None:
    """A test client's session that passed the code step (beside ``force_login``, which
    skips the password the same way): the account gets an app when it has none."""
    device = mfa.device_of(user) or enrol(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
