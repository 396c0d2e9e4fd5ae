"""One bounded pool of worker processes, for work that is pure Python and CPU-bound (decoding
an import file, preparing documents for a rebuild), so it uses every core.

Workers are *spawned*, fresh interpreters: forking a process that has threads (a web server, a
test runner) can leave the child waiting forever on a lock held by a thread that is gone. The
function handed over must therefore live in a module that imports nothing heavy at import time.
At most ``ahead`` tasks are in flight, so results never pile up in memory, whatever the input's
size (``Pool.imap`` would read the whole input ahead into its task queue). This module imports
nothing of thuvien or Django: every layer may use it.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")


def in_order(
    work: Callable[[Task], Result], tasks: Iterable[Task], *, workers: int, ahead: int
) -> Iterator[Result]:
    """``work`` over ``tasks``, results in the tasks' order: here when ``workers`` is 1 or less,
    else in that many spawned processes with at most ``ahead`` tasks in flight. A task's
    exception reaches the caller when its result is due, so a failed worker stops the whole
    run with its reason instead of leaving it waiting."""
    if workers <= 1:
        yield from map(work, tasks)
        return
    in_flight: deque[AsyncResult[Result]] = deque()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for task in tasks:
            in_flight.append(pool.apply_async(work, (task,)))
            if len(in_flight) >= max(ahead, 1):
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()
