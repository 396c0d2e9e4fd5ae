"""Security headers Django does not set itself, and ``/.well-known/security.txt``.

Django's SecurityMiddleware sends nosniff, Referrer-Policy and, with ``THUVIEN_HTTPS``, HSTS;
this adds a Permissions-Policy that turns off the browser features no page of thuvien uses
(the camera stays allowed for this site only: the desk's barcode scanner reads a phone's
camera) and a Content-Security-Policy on every response: scripts only from this site's own
files (no inline script, no event-handler attributes: a catalogue text that slipped into a
page as markup cannot run), nothing embedded from elsewhere, no framing. Inline styles are
still allowed: the portal's colours and a few print pages use them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(self), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "interest-cohort=()"
)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: whom to tell about a vulnerability (``THUVIEN_SECURITY_CONTACT``); 404 when
    no contact is set, rather than a file naming nobody."""
    contact = str(getattr(settings, "THUVIEN_SECURITY_CONTACT", "") or "").strip()
    if not contact:
        raise Http404
    if "@" in contact and not contact.startswith(("mailto:", "https:")):
        contact = f"mailto:{contact}"
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    body = (
        f"Contact: {contact}\n"
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        "Preferred-Languages: vi, en\n"
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
