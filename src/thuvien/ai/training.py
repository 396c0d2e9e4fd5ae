"""The trainers ``thuvien ai train`` runs in turn. Each is a name and a function that trains
from the network's own data, stores its model under the data folder, and returns a dict that
says what it learnt and its measured quality on held-out records. Another suggester registers
itself by appending to :data:`TRAINERS` (from its module, imported by ``ai/apps.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Trainer:
    name: str
    train: Callable[[], dict[str, Any]]


TRAINERS: list[Trainer] = []


def register(name: str, train: Callable[[], dict[str, Any]]) -> None:
    if all(t.name != name for t in TRAINERS):
        TRAINERS.append(Trainer(name, train))


def run_all(only: str | None = None) -> dict[str, dict[str, Any]]:
    return {t.name: t.train() for t in TRAINERS if only in (None, t.name)}
