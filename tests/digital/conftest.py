from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from thuvien.digital.lookup import forget_pages
from thuvien.digital.models import DigitalObject
from thuvien.digital.services import ingest
from thuvien.network.models import Library
from thuvien.testing import factories

VALIDATOR_ID = "67352ccc-d1b0-11e1-89ae-279075081939"


@pytest.fixture(autouse=True)
def _files_of_this_test(settings: Any, tmp_path: Path) -> None:
    """Each test's scans in a folder of its own: the database rolls back, files would not."""
    settings.FILES_DIR = tmp_path / "files"
    forget_pages()  # the same identifiers come back in the next test, as other objects


@pytest.fixture
def library() -> Library:
    return factories.library("VN-DL0001", name_vi="Thư viện tỉnh thử", name_en="Test Library")


@pytest.fixture
def validator_image() -> Path:
    return factories.shared("iiif", f"{VALIDATOR_ID}.png")


@pytest.fixture
def ingested(library: Library) -> Callable[..., DigitalObject]:
    def make(paths: list[Path], identifier: str = "obj-1", **values: Any) -> DigitalObject:
        values.setdefault("title", "Địa chí tỉnh Cà Mau")
        values.setdefault("rights", "public-domain")
        return ingest(paths, library=library, identifier=identifier, actor="test", **values)

    return make
