"""Who writes the union catalogue out for others (``thuvien union export``).

Writing it needs the rules of what may leave the system, which live in a layer above this one
(:mod:`thuvien.interop`); that layer registers its writer here when it starts, so the union's
command can offer the export without importing upwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class Exported:
    written: int  # editions written
    deleted: int  # deletion records written (editions gone since the date asked)
    skipped: list[str]  # editions ISO 2709 could not carry, named


Exporter = Callable[[BinaryIO, str, "dt.datetime | None"], Exported]
_registered: list[Exporter] = []


def register(exporter: Exporter) -> None:
    _registered[:] = [exporter]


def exporter() -> Exporter:
    if not _registered:
        raise RuntimeError("no union exporter registered (is thuvien.interop installed?)")
    return _registered[0]
