"""Facts about an HTTP request that domains, pages and the API all need.

Kept below the surfaces so that a domain (digital access rules by network, say) can ask for
the client's address without importing the API.

Settings:

- ``THUVIEN_API_TRUSTED_PROXIES``: how many reverse proxies in front of the server append to
  ``X-Forwarded-For`` (default 0: the address is the TCP peer, and the header, which any
  client can write, is ignored).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

View = Callable[..., HttpResponseBase]


def client_address(request: HttpRequest) -> str:
    """The client's address, IPv6 reduced to its /64 (one household or phone network
    hands out a whole /64, so counting single addresses would be trivially dodged)."""
    proxies = int(getattr(settings, "THUVIEN_API_TRUSTED_PROXIES", 0))
    address = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


# --- the language of a page -------------------------------------------------------------------
# Vietnamese first: pages speak Vietnamese until the person asks for English. Django's
# LocaleMiddleware would follow the browser's Accept-Language, so a reader in Cà Mau whose phone
# is set to English would land on an English portal, and a clerk's English browser would mix
# English labels into Vietnamese staff pages. Here only the person's own choice (the language
# cookie that ``/i18n/setlang/`` sets) changes the language of a page.


def chosen_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def vietnamese_first(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return view(request, *args, **kwargs)

    return wrapper


# --- the reader signed in to a session --------------------------------------------------------
# A reader is not a Django user: the portal's sign-in (card + PIN, or the province's sign-on)
# keeps the reader's key in the session under this name. Kept here, below the domains, so that
# the digital library can tell a signed-in reader without importing the portal or circulation.
READER_SESSION_KEY = "circulation_reader"
READER_CARD_KEY = "circulation_reader_card"  # the card as shown (``CODE:number``), for logs


def sign_reader_in(request: HttpRequest, key: int, card: str) -> None:
    """Remember the reader in a fresh session (a new key: no fixation)."""
    request.session.cycle_key()
    request.session[READER_SESSION_KEY] = key
    request.session[READER_CARD_KEY] = card


def signed_in_reader_id(request: HttpRequest) -> int | None:
    """The key of the reader signed in to this session, if any (the portal checks the reader
    still exists when it signs them in and on every account page)."""
    session = getattr(request, "session", None)
    value = session.get(READER_SESSION_KEY) if session is not None else None
    return value if isinstance(value, int) else None


def signed_in_reader_card(request: HttpRequest) -> str:
    """The card of the reader signed in to this session ("" when none)."""
    if signed_in_reader_id(request) is None:
        return ""
    return str(request.session.get(READER_CARD_KEY, "")) or f"#{signed_in_reader_id(request)}"
