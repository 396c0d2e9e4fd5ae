"""The text of a record's open scans is found by the catalogue's search, diacritics or not;
the text of material a reader may not open never is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.digital import samples
from thuvien.catalogue.models import Record
from thuvien.digital.models import DigitalObject
from thuvien.digital.tasks import reindex_record
from thuvien.network.models import Library
from thuvien.search.services import search
from thuvien.search.types import SearchRequest
from thuvien.testing import factories
from thuvien.testing.search import import_records, index_now, rebuild_index, use_index_in


def test_ocr_text_of_open_scans_is_searchable_in_the_catalogue(
    settings: Any, tmp_path: Path, library: Library, ingested: Callable[..., DigitalObject]
) -> None:
    files = settings.FILES_DIR
    use_index_in(settings, tmp_path / "search")
    settings.FILES_DIR = files
    import_records(library, [factories.marc("Địa chí Cà Mau"), factories.marc("Gia phả họ Lê")])
    gazetteer, family = Record.objects.order_by("id")
    rebuild_index()
    for record, level in ((gazetteer, "open"), (family, "restricted")):
        obj = ingested(
            [samples.png(tmp_path / f"{record.pk}.png")],
            f"scan-{record.pk}",
            record=record,
            access=level,
        )
        # What the OCR job writes, and then it queues the record for the index again.
        obj.pages.update(ocr_text="Bến sông Gành Hào năm 1938", ocr_done=True)
        reindex_record(obj)
    index_now()
    found = search(SearchRequest(q="ganh hao 1938", with_facets=False))
    assert [hit.id for hit in found.hits] == [gazetteer.pk]
