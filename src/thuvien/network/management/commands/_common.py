"""Shared helpers of the network commands (Django skips modules starting with '_')."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.management.base import CommandError

from thuvien.errors import ThuvienError

# Usage errors exit with 2, as argparse's own do, so scripts can tell them from crashes.
USAGE = 2


def operator() -> str:
    """The audit label of whoever runs the command: ``cli:<os user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # a container user with no name
        return f"cli:uid-{os.getuid()}"


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a service's error into one clear line on stderr and exit status 2."""
    try:
        yield
    except ThuvienError as exc:
        raise fail(exc.message) from None


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(
            f'{option}: "{text}" không phải ngày dạng YYYY-MM-DD, ví dụ 2025-07-01. '
            f'/ {option}: "{text}" is not a date written YYYY-MM-DD, e.g. 2025-07-01.'
        ) from None
