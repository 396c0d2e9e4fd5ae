"""The portal as an installable app (PWA): the manifest, the service worker and the reader's
digital card (the icons are static files, opac/icons/app-192.png and app-512.png).

The service worker (served from ``/sw.js`` so that its scope is the whole site) keeps the
portal's shell and, each time they are opened online, the card page and the account page:
offline, the reader still shows the card at the desk and sees the loans as last known. The
card page carries the loans for that reason. Signing out empties the reader's cache.
"""

from __future__ import annotations

import io
import json

import barcode
import segno
from barcode.writer import SVGWriter
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thuvien.circulation import push, services
from thuvien.errors import ThuvienError
from thuvien.opac.account import signed_in_reader

THEME = "#12325a"  # the portal header's colour (opac.css --head)
BACKGROUND = "#ffffff"
ICON_SIZES = (192, 512)  # opac/static/opac/icons/app-<size>.png
# Bump when the shell changes: the worker then drops the old caches.
VERSION = "1"


def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {
            "src": static(f"opac/icons/app-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in ICON_SIZES
    ]
    document = {
        "name": _("Thư viện của tôi"),
        "short_name": _("Thư viện"),
        "description": _("Thẻ bạn đọc, sách đang mượn và tra cứu thư viện."),
        "lang": "vi",
        "id": "/account/",
        "start_url": "/account/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": icons,
        "shortcuts": [{"name": _("Thẻ bạn đọc"), "url": reverse("opac:account:card")}],
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    shell = ["/", static("opac/opac.css"), reverse("opac:pwa_manifest")]
    response = render(
        request,
        "opac/pwa/sw.js",
        {
            "version": VERSION,
            "shell": json.dumps(shell),
            "sign_out": reverse("opac:account:sign_out"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    # A worker is checked for updates on each visit; never let a cache hold an old one.
    response["Cache-Control"] = "no-cache"
    return response


def _svg(markup: str) -> SafeString:
    # Only the <svg> element: the XML declaration is not allowed inside HTML.
    return mark_safe(markup[markup.index("<svg") :])  # noqa: S308 - made here, from a card number


def barcode_svg(number: str) -> SafeString:
    out = io.BytesIO()
    code = barcode.get("code128", number, writer=SVGWriter())
    code.write(out, options={"module_height": 12, "font_size": 6, "text_distance": 3})
    return _svg(out.getvalue().decode())


def qr_svg(number: str) -> SafeString:
    return _svg(segno.make(number, error="m").svg_inline(scale=5, border=2))


def card(request: HttpRequest) -> HttpResponse:
    patron = signed_in_reader(request)
    if patron is None:
        return redirect("opac:account:sign_in")
    number = str(patron)
    context = {
        "reader": patron,
        "number": number,
        "barcode": barcode_svg(number),
        "qr": qr_svg(number),
        "loans": services.loans_of(patron),
        "today": timezone.localdate(),
        "as_of": timezone.localtime(),
    }
    return render(request, "opac/pwa/card.html", context)


def push_key(request: HttpRequest) -> JsonResponse:
    """The key a browser subscribes with; ``null`` when the library has not turned push on."""
    return JsonResponse({"key": push.public_key()})


@require_POST
def push_subscription(request: HttpRequest) -> HttpResponse:
    """The reader opts in (``{"endpoint", "keys": {"p256dh", "auth"}}``) or, with
    ``"remove": true``, out, for this browser."""
    patron = signed_in_reader(request)
    if patron is None:
        return JsonResponse({"error": _("Hãy đăng nhập trước.")}, status=401)
    try:
        data = json.loads(request.body)
        endpoint = str(data["endpoint"])
        keys = data.get("keys") or {}
        if data.get("remove"):
            push.unsubscribe(patron, endpoint)
            return JsonResponse({"message": _("Đã tắt thông báo trên thiết bị này.")})
        push.subscribe(patron, endpoint, str(keys.get("p256dh", "")), str(keys.get("auth", "")))
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": _("Trình duyệt gửi đăng ký không đọc được; hãy thử bật lại.")}, status=400
        )
    except ThuvienError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status)
    return JsonResponse({"message": _("Đã bật thông báo trên thiết bị này.")})
