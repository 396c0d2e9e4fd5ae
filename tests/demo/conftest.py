from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thuvien.digital.lookup import forget_pages


@pytest.fixture(autouse=True)
def _files_of_this_test(settings: Any, tmp_path: Path) -> None:
    """The demo ingests scans: each test's files in a folder of its own (the database rolls
    back, files would not)."""
    settings.FILES_DIR = tmp_path / "files"
    forget_pages()
