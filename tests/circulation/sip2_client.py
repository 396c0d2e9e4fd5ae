"""A kiosk for the tests: requests encoded and responses decoded by pysip2, an independent
SIP2 codec from PyPI (strict about fixed widths, required fields and checksums)."""

from __future__ import annotations

import errno
import socket
from typing import Any, TypeVar

import pysip2

T = TypeVar("T", bound=pysip2.SIPMessage)

PORTS = range(8400, 8500)


def free_port() -> int:
    """A port of our range (8400-8499) nobody listens on now."""
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                continue
            return port
    raise RuntimeError("no free port in 8400-8499")


class Kiosk:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""
        self.sequence = 0

    def close(self) -> None:
        self.sock.close()

    def raw(self, frame: bytes) -> bytes:
        self.sock.sendall(frame)
        while b"\r" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buffer += chunk
        reply, self.buffer = self.buffer.split(b"\r", 1)
        return reply + b"\r"

    def ask(self, request: pysip2.SIPMessage, expect: type[T], *, checksum: bool = True) -> T:
        seq = self.sequence
        self.sequence = (self.sequence + 1) % 10
        frame = pysip2.encode_message(
            request, sequence_number=seq, checksum=checksum, encoding="utf-8"
        )
        decoded = pysip2.decode_as(self.raw(frame), expect, encoding="utf-8")
        if checksum:
            assert decoded.sequence_number == seq
            assert decoded.checksum is not None
        return decoded.message


NOW = "20261121    120000"


def checkout(library: str, card: str, barcode: str, **extra: Any) -> pysip2.CheckoutRequest:
    return pysip2.CheckoutRequest(
        sc_renewal_policy="Y",
        no_block="N",
        transaction_date=NOW,
        nb_due_date=NOW,
        institution_id=library,
        patron_identifier=card,
        item_identifier=barcode,
        terminal_password="",
        **extra,
    )


def checkin(library: str, barcode: str) -> pysip2.CheckinRequest:
    return pysip2.CheckinRequest(
        no_block="N",
        transaction_date=NOW,
        return_date=NOW,
        current_location=library,
        institution_id=library,
        item_identifier=barcode,
        terminal_password="",
    )


def login(user: str, password: str) -> pysip2.LoginRequest:
    return pysip2.LoginRequest(
        uid_algorithm="0", pwd_algorithm="0", login_user_id=user, login_password=password
    )
