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

from django.conf import settings
from django.http import HttpRequest


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
