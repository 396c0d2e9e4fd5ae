"""SIP2 2.00 frames: reading a request, writing a response, the AY/AZ error-detection trailer.

A frame is a two-digit command, fixed-width fields, then ``XXvalue|`` fields, optionally
``AY<digit>AZ<4 hex>``, then CR. Text is UTF-8 (Vietnamese names and titles); the checksum is
the two's complement of the sum of the frame's bytes up to and including ``AZ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

# Fixed-width fields of each request, in order: (name, width).
REQUEST_LAYOUT: dict[str, tuple[tuple[str, int], ...]] = {
    "99": (("status_code", 1), ("max_print_width", 3), ("protocol_version", 4)),
    "93": (("uid_algorithm", 1), ("pwd_algorithm", 1)),
    "23": (("language", 3), ("date", 18)),
    "63": (("language", 3), ("date", 18), ("summary", 10)),
    "11": (("renewal_policy", 1), ("no_block", 1), ("date", 18), ("nb_due_date", 18)),
    "09": (("no_block", 1), ("date", 18), ("return_date", 18)),
    "29": (("third_party", 1), ("no_block", 1), ("date", 18), ("nb_due_date", 18)),
    "65": (("date", 18),),
    "17": (("date", 18),),
    "37": (("date", 18), ("fee_type", 2), ("payment_type", 2), ("currency", 3)),
    "15": (("hold_mode", 1), ("date", 18)),
    "35": (("date", 18),),
    "97": (),
}

_TRAILER = re.compile(rb"(?:AY(?P<seq>.))?AZ(?P<sum>[0-9A-Fa-f]{4})$")


class FrameError(ValueError):
    """The frame cannot be read: the server answers 96 (please resend)."""


@dataclass
class Request:
    command: str
    fixed: dict[str, str]
    fields: dict[str, str]
    sequence: str | None = None  # the AY digit, echoed in the response
    checked: bool = False  # whether the request carried a checksum

    def get(self, field_id: str) -> str:
        return self.fields.get(field_id, "")


@dataclass
class Response:
    command: str
    fixed: list[str]
    fields: list[tuple[str, str]] = field(default_factory=list)

    def add(self, field_id: str, value: object) -> Response:
        self.fields.append((field_id, str(value)))
        return self


def checksum(data: bytes) -> str:
    return f"{(-sum(data)) & 0xFFFF:04X}"


def _strip_trailer(frame: bytes) -> tuple[bytes, str | None, bool]:
    """(frame without AY/AZ, the sequence digit, whether a checksum was there and right)."""
    trailer = _TRAILER.search(frame)
    if trailer is None:
        tail = frame.rsplit(b"|", 1)[-1] if b"|" in frame else b""
        if b"AZ" in tail or b"AY" in tail:
            raise FrameError("malformed error-detection trailer")
        return frame, None, False
    if checksum(frame[: trailer.start("sum")]) != trailer.group("sum").decode().upper():
        raise FrameError("wrong checksum")
    seq = trailer.group("seq")
    if seq is not None and not seq.isdigit():
        raise FrameError("sequence number is not a digit")
    return frame[: trailer.start()], seq.decode() if seq is not None else None, True


def _identified(rest: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    while rest:
        if len(rest) < 2 or not rest[:2].isalpha() or not rest[:2].isupper():
            raise FrameError(f"bad field identifier at {rest[:8]!r}")
        end = rest.find("|", 2)
        if end == -1:
            raise FrameError(f"field {rest[:2]} has no terminator")
        fields.setdefault(rest[:2], rest[2:end])
        rest = rest[end + 1 :]
    return fields


def parse(frame: bytes) -> Request:
    """Read one frame (CR and any LF already removed); raise :class:`FrameError` if bad."""
    frame, sequence, checked = _strip_trailer(frame)
    try:
        text = frame.decode("utf-8")
    except UnicodeDecodeError:
        raise FrameError("not UTF-8") from None
    command = text[:2]
    layout = REQUEST_LAYOUT.get(command)
    if layout is None:
        raise FrameError(f"unknown command {command!r}")
    fixed: dict[str, str] = {}
    cursor = 2
    for name, width in layout:
        value = text[cursor : cursor + width]
        if len(value) != width:
            raise FrameError(f"fixed field {name} truncated")
        fixed[name] = value
        cursor += width
    return Request(command, fixed, _identified(text[cursor:]), sequence, checked)


def _clean(value: str) -> str:
    # A field cannot carry the delimiter or a CR, and holds 255 bytes at most (long titles
    # are cut on a character boundary).
    value = value.replace("|", "/").replace("\r", " ").replace("\n", " ")
    return value.encode("utf-8")[:255].decode("utf-8", "ignore")


def render(response: Response, request: Request | None) -> bytes:
    """The response frame; with AY/AZ when the request used error detection."""
    text = response.command + "".join(response.fixed)
    text += "".join(f"{fid}{_clean(value)}|" for fid, value in response.fields)
    data = text.encode("utf-8")
    if request is not None and request.checked:
        if request.sequence is not None:
            data += b"AY" + request.sequence.encode()
        data += b"AZ"
        data += checksum(data).encode()
    return data + b"\r"


RESEND = b"96\r"


def sip_date(moment: datetime | None = None) -> str:
    """SIP2's 18-character date: YYYYMMDD, four spaces (local time), HHMMSS."""
    local = timezone.localtime(moment or timezone.now())
    return local.strftime("%Y%m%d    %H%M%S")


def yn(value: bool) -> str:
    return "Y" if value else "N"
