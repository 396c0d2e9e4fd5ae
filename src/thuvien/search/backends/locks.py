"""Exclusive file locks between processes (``flock``): released by the kernel when a holder
dies, so a crashed writer never leaves a stale lock behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from thuvien.search.backends.base import WriterBusy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@contextlib.contextmanager
def exclusive(path: Path, *, wait: bool, what: StrOrPromise) -> Iterator[None]:
    """Hold ``path`` exclusively. Without ``wait``, raise :class:`WriterBusy` (naming the
    holder's process id, written into the file) when another process has it. ``what`` names
    the role for the message (a translated name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise WriterBusy(
                _("Một tiến trình khác (pid {pid}) đang là {role}; chỉ được chạy một.").format(
                    pid=holder, role=what
                ),
                pid=holder,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
