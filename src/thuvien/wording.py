"""Pieces of wording that messages in either language share.

A date inside a message is written the way the active language writes dates (31/12/2025 in
Vietnamese, 2025-12-31 in English), and a large number with its thousands grouped the same way
(10.000, 10,000): the catalogue translates the pattern as well.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def day(value: date | None) -> str:
    """The date as the active language writes it; nothing for a date not set."""
    if value is None:
        return ""
    return _("{day:02d}/{month:02d}/{year}").format(
        day=value.day, month=value.month, year=value.year
    )


def number(value: int) -> str:
    return f"{value:,}".replace(",", pgettext("thousands separator", "."))
