from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thuvien.testing.search import use_index_in


@pytest.fixture(autouse=True)
def _private_index(settings: Any, tmp_path: Path) -> Path:
    """Each test writes its own index: the database is rolled back after a test, the index
    folder would not be."""
    return use_index_in(settings, tmp_path)
