"""Builders for the network registry's tests (libraries and staff are in ``factories``)."""

from __future__ import annotations

from pathlib import Path

from thuvien.network import units
from thuvien.network.unit_sources import DOWNLOAD_HINT, PRE_2025_WHEEL_NAME


def pre_2025_wheel() -> Path:
    """The ``vietnam-provinces`` 0.6.0 wheel that ``make setup`` downloads into .cache/wheels."""
    path = units.default_pre_2025_wheel()
    if path is None:
        raise FileNotFoundError(
            f"{PRE_2025_WHEEL_NAME} is missing: run `make setup`, or from the checkout: "
            f".venv/bin/{DOWNLOAD_HINT}"
        )
    return path


def load_units(*, with_pre_2025: bool = True) -> units.LoadReport:
    """Both schemes of administrative units with their links (the 2025 scheme alone if asked)."""
    return units.load(pre_2025_wheel() if with_pre_2025 else None, actor="test")
