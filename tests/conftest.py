from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _db_for_every_test(db: None) -> None:
    """Most tests touch the database; those that do not pay almost nothing for this."""
