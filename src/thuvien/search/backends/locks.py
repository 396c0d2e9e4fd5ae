"""Exclusive file locks between processes (``flock``): released by the kernel when a holder
dies, so a crashed writer never leaves a stale lock behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from thuvien.search.backends.base import WriterBusy


@contextlib.contextmanager
def exclusive(path: Path, *, wait: bool, what: tuple[str, str]) -> Iterator[None]:
    """Hold ``path`` exclusively. Without ``wait``, raise :class:`WriterBusy` (naming the
    holder's process id, written into the file) when another process has it. ``what`` names
    the role in Vietnamese and English, for the message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise WriterBusy(
                f"Một tiến trình khác (pid {holder}) đang là {what[0]}; chỉ được chạy một. / "
                f"Another process (pid {holder}) is already the {what[1]}; only one may run.",
                pid=holder,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
