"""OAI-PMH resumption tokens: where a list stopped, signed so they cannot be forged, with an
expiry.

A token carries the request's own arguments and the last (datestamp, id) returned. The list
is ordered by (datestamp, id) and resumed strictly after that key ("keyset" paging), so it
stays correct while records change: a record changed during a harvest moves to the end and is
delivered again, a deleted one comes as a deleted header; none is skipped. No state is kept on
the server, so a token survives restarts and works on any worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core import signing

from thuvien.interop import config

_SALT = "thuvien.interop.oai-resumption"


class BadToken(ValueError):
    """The token was not made here, was altered, or has expired (the message says which)."""


@dataclass(frozen=True)
class Position:
    verb: str
    prefix: str
    set: str
    start: str  # the request's from/until, as sent
    until: str
    after_datestamp: str  # ISO 8601 with microseconds, UTC
    after_id: int
    cursor: int  # records returned before this page
    after_kind: int = 0  # 0 a record, 1 a digital object (lists are ordered by stamp, kind, id)

    @property
    def after(self) -> tuple[dt.datetime, int, int]:
        return dt.datetime.fromisoformat(self.after_datestamp), self.after_kind, self.after_id


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=config.get_int("OAI_TOKEN_HOURS"))


def encode(position: Position) -> str:
    return signing.dumps(asdict(position), salt=_SALT, compress=True)


def decode(token: str) -> Position:
    try:
        data = signing.loads(token, salt=_SALT, max_age=lifetime())
    except signing.SignatureExpired:
        raise BadToken(
            "The resumptionToken has expired; start the list again without it."
        ) from None
    except signing.BadSignature:
        raise BadToken(
            "The resumptionToken was not issued by this repository or was altered."
        ) from None
    try:
        return Position(**data)
    except TypeError:
        raise BadToken("The resumptionToken is not one this repository can read.") from None
