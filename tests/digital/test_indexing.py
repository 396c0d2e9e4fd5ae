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


def test_read_online_is_a_facet_of_the_portal_search(
    settings: Any, tmp_path: Path, library: Library, ingested: Callable[..., DigitalObject]
) -> None:
    from django.test import Client

    files = settings.FILES_DIR
    use_index_in(settings, tmp_path / "search")
    settings.FILES_DIR = files
    titles = ["Địa chí Cà Mau", "Gia phả họ Lê", "Sách in 2020", "Kinh lá buông"]
    import_records(library, [factories.marc(t) for t in titles])
    gazetteer, family, book, palm = Record.objects.order_by("id")
    rebuild_index()
    page = samples.png(tmp_path / "p.png")
    ingested([page], "a", record=gazetteer, access="open")
    ingested([page], "b", record=family, access="request")  # not readable online as such
    ingested([page], "c", record=palm, access="onsite")
    index_now()
    found = search(SearchRequest(q="", filters={"online": ("open",)}))
    assert [hit.id for hit in found.hits] == [gazetteer.pk]
    every = search(SearchRequest(q="", filters={"library": ("VN-DL0001",)})).facets["online"]
    assert {(v.value, v.label, v.count) for v in every} == {
        ("open", "Đọc trực tuyến", 1),
        ("onsite", "Đọc bản số tại phòng đọc", 1),
    }
    html = Client().get("/search?library=VN-DL0001").content.decode()
    assert "Đọc trực tuyến" in html
    assert "online=open" in html
    only = Client().get("/search?q=&online=open").content.decode()
    assert "Địa chí Cà Mau" in only
    assert "Sách in 2020" not in only
    # Closing the scans takes the record out of the facet at the next indexing.
    DigitalObject.objects.get(identifier="a").delete()
    index_now()
    assert search(SearchRequest(q="", filters={"online": ("open",)})).total == 0
    in_rooms = search(SearchRequest(q="", filters={"online": ("onsite",)}))
    assert [h.id for h in in_rooms.hits] == [palm.pk]
    assert book.pk != palm.pk
