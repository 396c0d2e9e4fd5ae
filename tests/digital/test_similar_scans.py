"""More like this reads a record's scans too: two records whose titles share nothing are
alike when their OCR text is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.digital import samples
from thuvien.catalogue.models import Record
from thuvien.digital.models import DigitalObject
from thuvien.digital.tasks import reindex_record
from thuvien.network.models import Library
from thuvien.search import services
from thuvien.testing import factories
from thuvien.testing.search import import_records, index_now, rebuild_index, use_index_in

TEXT = "Ghe xuồng trên sông Gành Hào, chợ nổi Cái Nước, rừng đước Năm Căn"


def like(record: Record) -> list[int]:
    return [h.id for h in services.similar(record, record.library.code)]


def test_scans_with_the_same_text_make_records_alike(
    settings: Any, tmp_path: Path, library: Library, ingested: Callable[..., DigitalObject]
) -> None:
    files = settings.FILES_DIR
    use_index_in(settings, tmp_path / "search")
    settings.FILES_DIR = files
    titles = ["Địa chí Cà Mau", "Tập san Nam Kỳ 1938", "Gia phả họ Lê"]
    import_records(library, [factories.marc(t) for t in titles])
    gazetteer, journal, family = Record.objects.order_by("id")
    rebuild_index()
    assert like(gazetteer) == []  # titles alone share nothing
    for record in (gazetteer, journal):
        obj = ingested([samples.png(tmp_path / f"{record.pk}.png")], f"scan-{record.pk}",
                       record=record, access="open")  # fmt: skip
        obj.pages.update(ocr_text=TEXT, ocr_done=True)  # what the OCR job writes
        reindex_record(obj)
    index_now()
    assert like(gazetteer) == [journal.pk]
    assert family.pk not in like(journal)
