"""Builders for tests that search: a private index folder, records in, the index brought up
to date. Other apps' tests (portal, API) use these too.

    def test_reader_finds_a_book(settings, tmp_path):
        use_index_in(settings, tmp_path)
        library = factories.library()
        import_records(library, [factories.marc("Thư viện số")])
        rebuild_index()          # or index_now() once the catalogue notes its changes in the feed
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from thuvien.catalogue import iso2709
from thuvien.catalogue.importing import ImportReport
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.services import run_import
from thuvien.network.models import Library
from thuvien.search import applier
from thuvien.search.backends import get_backend


def use_index_in(settings: Any, folder: Path) -> Path:
    """Point the index (``DATA_DIR/index``) at a folder of this test; returns the index path."""
    settings.DATA_DIR = folder
    return folder / "index"


def import_records(library: Library, records: Iterable[MarcRecord]) -> ImportReport:
    """Import records (with their 952 copies) through the real importer."""
    data = b"".join(iso2709.encode(r) for r in records)
    return run_import(library, io.BytesIO(data), actor="test", source="test-records", fmt="iso2709")


def index_now() -> int:
    """Apply the change feed's pending notes, as ``thuvien search apply`` does."""
    return applier.apply_pending()


def rebuild_index() -> int:
    """Rebuild the whole index from the database, as ``thuvien reindex`` does."""
    return get_backend().rebuild()
