"""Where the server may connect to on a member of staff's behalf (copy cataloguing, OAI-PMH
harvesting): never into the library's own network unless an administrator says so.

A host is resolved and every address it resolves to is checked: a loopback, link-local,
private, shared, reserved or multicast address (anything that is not global) is refused
unless the host name or a network holding the address is listed in
``THUVIEN_OUTBOUND_ALLOWED`` (comma-separated: ``opac.local, 10.0.5.0/24, 127.0.0.1``).
The check runs before any connection, so a refusal says nothing about the ports there.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request

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


# --- connecting ------------------------------------------------------------------------------

CONNECT_TIMEOUT = 5  # seconds to open a connection; reads wait THUVIEN_INTEROP_TIMEOUT


class Refused(Exception):
    """The host resolves to an internal address nobody listed."""

    def __init__(self, host: str, address: IPAddress) -> None:
        super().__init__(host, address)
        self.host = host
        self.address = address


def checked_address(host: str, port: int) -> IPAddress:
    """The address to connect to, after every address of ``host`` was checked. Raises
    :class:`Refused`, or OSError when the host does not resolve."""
    found = addresses(host, port)
    if not found:
        raise OSError(f"{host} does not resolve")
    if bad := refused(host, found):
        raise Refused(host, bad[0])
    return found[0]


def _pinned_socket(host: str, port: int, timeout: float | None) -> socket.socket:
    address = checked_address(host, port)
    sock = socket.create_connection((str(address), port), timeout=CONNECT_TIMEOUT)
    sock.settimeout(timeout)
    return sock


class _HTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _pinned_socket(self.host, self.port, self.timeout)


class _HTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        sock = _pinned_socket(self.host, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTP, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPS, req)


def urlopen(request: urllib.request.Request, timeout: float) -> http.client.HTTPResponse:
    """``urllib.request.urlopen`` that connects only to the address it checked (so a name
    that resolves differently the second time cannot slip through), checks again on every
    redirect, and gives up opening a connection after :data:`CONNECT_TIMEOUT` seconds."""
    opener = urllib.request.build_opener(_HTTPHandler, _HTTPSHandler)
    response: http.client.HTTPResponse = opener.open(request, timeout=timeout)
    return response
