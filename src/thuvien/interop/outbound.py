"""Where the server may connect to on a member of staff's behalf (copy cataloguing, OAI-PMH
harvesting): never into the library's own network unless an administrator says so.

A host is resolved and every address it resolves to is checked: a loopback, link-local,
private, shared, reserved or multicast address (anything that is not global) is refused
unless the host name or a network holding the address is listed in
``THUVIEN_OUTBOUND_ALLOWED`` (comma-separated: ``opac.local, 10.0.5.0/24, 127.0.0.1``).
The check runs before any connection, so a refusal says nothing about the ports there.
"""

from __future__ import annotations

import ipaddress
import socket

from thuvien.interop import config

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _listed() -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    names: set[str] = set()
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for raw in config.get_str("OUTBOUND_ALLOWED").split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            names.add(entry)
    return names, networks


def addresses(host: str, port: int) -> list[IPAddress] | None:
    """Every address ``host`` resolves to (None: it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def internal(address: IPAddress) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    return not (mapped or address).is_global


def refused(host: str, found: list[IPAddress]) -> list[IPAddress]:
    """The internal addresses among ``found`` that are not listed (empty: may connect)."""
    names, networks = _listed()
    if host.strip("[]").lower() in names:
        return []
    return [a for a in found if internal(a) and not any(a in n for n in networks)]
