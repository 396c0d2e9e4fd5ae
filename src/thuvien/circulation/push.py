"""Notices by Web Push, for readers who opted in on their account page.

The server's VAPID key pair is made once by ``thuvien webpush keys`` and kept under the data
dir (``DATA_DIR/webpush/``); with no keys, Web Push is off and notices go by e-mail/SMS only.
A push service that answers 404 or 410 has forgotten the subscription: it is removed.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from thuvien.circulation.models import Patron, PushSubscription
from thuvien.errors import InvalidInput

log = logging.getLogger(__name__)
CONTACT = "mailto:thuvien@localhost.localdomain"


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "webpush"


def private_key_file() -> Path:
    return _folder() / "vapid_private.pem"


def make_keys(replace: bool = False) -> str:
    """Makes the key pair (once, unless ``replace``); returns the public key for browsers."""
    target = private_key_file()
    if target.exists() and not replace:
        return public_key() or ""
    target.parent.mkdir(parents=True, exist_ok=True)
    vapid = Vapid()
    vapid.generate_keys()
    vapid.save_key(str(target))
    target.chmod(0o600)
    return public_key() or ""


def public_key() -> str | None:
    """The applicationServerKey a browser subscribes with (base64url), or None when off."""
    if not private_key_file().exists():
        return None
    vapid = Vapid.from_file(str(private_key_file()))
    raw = vapid.public_key.public_bytes(
        encoding=serialization.Encoding.X962,
        format=serialization.PublicFormat.UncompressedPoint,
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def subscribe(patron: Patron, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    # Push services are https; plain http only on this machine (a test's push service).
    if not endpoint.startswith(("https://", "http://127.0.0.1:")):
        raise InvalidInput(_("Địa chỉ nhận thông báo phải bắt đầu bằng https://."))
    if not p256dh or not auth:
        raise InvalidInput(_("Thiếu khoá của trình duyệt (p256dh, auth); hãy thử bật lại."))
    with transaction.atomic():
        found, _made = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"patron": patron, "p256dh": p256dh, "auth": auth}
        )
    return found


def unsubscribe(patron: Patron, endpoint: str) -> bool:
    deleted, _kinds = PushSubscription.objects.filter(patron=patron, endpoint=endpoint).delete()
    return bool(deleted)


def send(patron: Patron, title: str, body: str) -> int:
    """Pushes one notice to each of the reader's subscriptions; returns how many took it."""
    if not private_key_file().exists():
        return 0
    message = json.dumps({"title": title, "body": body, "url": "/account/"}, ensure_ascii=False)
    delivered = 0
    for subscription in PushSubscription.objects.filter(patron=patron):
        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        try:
            webpush(
                info,
                message,
                vapid_private_key=str(private_key_file()),
                vapid_claims={"sub": CONTACT},
                timeout=10,
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (404, 410):
                subscription.delete()
            else:
                log.warning("web push to %s failed: %s", patron, exc)
            continue
        delivered += 1
    return delivered
