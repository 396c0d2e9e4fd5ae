"""Text arrives as Unicode NFC whatever the source did to it."""

from __future__ import annotations

import io
import unicodedata

from thuvien.catalogue import iso2709
from thuvien.catalogue.importing import Importer
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.testing import factories
from thuvien.testing.factories import shared
from thuvien.vietnamese import from_unicode

from .helpers import import_bytes


def test_tcvn3_text_declared_as_unicode_is_converted_and_sent_to_review() -> None:
    # An old system wrote TCVN3 bytes and the export read them as Latin-1: mojibake.
    mojibake = from_unicode("Lịch sử tỉnh Cà Mau", "tcvn3").decode("latin-1")
    library = factories.library()
    report = import_bytes(library, iso2709.encode(factories.marc(mojibake, control="L1")))
    record = Record.objects.get(library=library)
    assert record.title == "Lịch sử tỉnh Cà Mau"
    assert record.needs_review.startswith("văn bản mã TCVN3 đã được chuyển sang Unicode")
    assert report.warnings == [f"record 1: {record.needs_review}"]


def test_decomposed_unicode_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Thư viện số")
    library = factories.library()
    import_bytes(library, iso2709.encode(factories.marc(decomposed, control="N1")))
    stored = MarcRecord.from_stored(*Record.objects.values_list("leader", "marc").get())
    assert stored.first("245", "a") == "Thư viện số"
    assert unicodedata.is_normalized("NFC", Record.objects.get().marc)


def test_worker_processes_and_a_single_process_import_the_same_way() -> None:
    data = shared("marc", "evergreen", "jazz_1k.mrc").read_bytes()
    results = []
    for workers in (1, 2):
        library = factories.library()
        report = Importer(library, actor="test", source="jazz", workers=workers).run(
            io.BytesIO(data), "iso2709"
        )
        rows = list(
            Record.objects.filter(library=library)
            .order_by("id")
            .values_list("match_key", "content_hash", "marc", "title", "authors", "year")
        )
        results.append((report.as_dict(), rows))
    assert results[0] == results[1]
    assert len(results[0][1]) == 1000
