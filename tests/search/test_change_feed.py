"""How catalogue changes reach the index: the change feed, the applier, rebuilds, the one writer."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from thuvien.catalogue import changes as catalogue_changes
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item, Record
from thuvien.changes import feed
from thuvien.changes.models import RecordChange
from thuvien.network.models import Role
from thuvien.search import applier, checks, services
from thuvien.search.backends import get_backend, index_dir, locks
from thuvien.search.types import SearchRequest
from thuvien.testing import factories
from thuvien.testing.search import import_records, index_now, rebuild_index

from .corpus import book


def titles(q: str, **request: Any) -> list[str]:
    return [h.title for h in services.search(SearchRequest(q=q, **request)).hits]


def test_a_cataloguers_new_record_is_searchable_once_the_outbox_is_applied() -> None:
    library = factories.library()
    cataloguer = factories.staff(Role.CATALOGUER, library)
    record = catalogue.create_record(cataloguer, library, factories.marc("Địa chí Bạc Liêu"))
    assert list(RecordChange.objects.values_list("record_id", flat=True)) == [record.pk]
    assert index_now() == 1
    assert titles("dia chi bac lieu") == ["Địa chí Bạc Liêu"]
    assert not RecordChange.objects.exists()


def test_edits_copies_and_deletions_through_the_catalogue_reach_the_index() -> None:
    library = factories.library()
    cataloguer = factories.staff(Role.LIBRARY_ADMIN, library)
    record = catalogue.create_record(cataloguer, library, factories.marc("Địa chí Bạc Liêu"))
    catalogue.update_record(cataloguer, record, factories.marc("Địa chí Cà Mau"))
    item = catalogue.add_item(cataloguer, record, barcode="BL000001")
    index_now()
    assert titles("bac lieu") == []
    assert titles("BL000001") == ["Địa chí Cà Mau"]
    catalogue.update_item(cataloguer, item, status=Item.Status.ON_LOAN)
    index_now()
    [hit] = services.search(SearchRequest(q="cà mau")).hits
    assert (hit.holdings[0].copies, hit.holdings[0].available) == (1, 0)
    catalogue.update_item(cataloguer, item, status=Item.Status.AVAILABLE)
    catalogue.delete_item(cataloguer, item)
    catalogue.delete_record(cataloguer, record)
    index_now()
    assert titles("cà mau") == []


def test_an_import_enqueues_every_record_it_adds_or_changes() -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi"), book("X2", "Đất Mũi")])
    assert RecordChange.objects.count() == 2
    index_now()
    assert titles("song doc") == ["Sông Đốc quê tôi"]


def test_a_crash_between_index_commit_and_outbox_delete_is_applied_again_harmlessly() -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi"), book("X2", "Đất Mũi")])
    ids = list(Record.objects.values_list("id", flat=True))
    feed.record_changed(ids)
    get_backend().apply(ids)  # committed to the index; the process "dies" before deleting rows
    assert RecordChange.objects.count() >= 2
    index_now()
    assert get_backend().document_count() == 2
    assert titles("dat mui") == ["Đất Mũi"]
    assert not RecordChange.objects.exists()


def test_a_deleted_record_leaves_the_index_even_though_its_row_is_gone() -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi")])
    index_now()
    record = Record.objects.get()
    with transaction.atomic():
        pk = record.pk
        record.delete()
        feed.record_changed([pk])
    index_now()
    assert titles("song doc") == []
    assert get_backend().document_count() == 0


def test_a_rebuild_gives_the_same_answers_as_incremental_updates(
    settings: Any, tmp_path: Path
) -> None:
    library = factories.library()
    import_records(
        library,
        [
            book("X1", "Sông Đốc quê tôi", subjects=("Địa chí",), year="2001"),
            book("X2", "Đất Mũi", authors=("Nguyễn Văn Mũi",), copies=("lost",)),
            book("X3", "Văn hoá Khmer Nam Bộ", lang="khm", copies=()),
        ],
    )
    index_now()
    queries = ["dat mui", "khmer", "địa chí", "nguyễn"]
    request = {"filters": {"library": (library.code,)}, "sort": "title"}

    def answers() -> list[Any]:
        found = [services.search(SearchRequest(q=q)) for q in queries]
        browse = services.search(SearchRequest(**request))  # type: ignore[arg-type]
        return [[(r.total, r.hits) for r in found], browse.hits, browse.facets]

    incremental = answers()
    settings.DATA_DIR = tmp_path / "rebuilt"
    assert rebuild_index() == 3
    assert answers() == incremental


def test_a_rebuild_is_swapped_in_while_a_reader_keeps_searching() -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi")])
    index_now()
    assert titles("song doc") == ["Sông Đốc quê tôi"]
    first = (index_dir() / "current").resolve()
    import_records(library, [book("X2", "Đất Mũi")])
    RecordChange.objects.all().delete()  # only the rebuild will bring it in
    rebuild_index()
    second = (index_dir() / "current").resolve()
    assert second != first
    assert not first.exists()  # the old generation is removed
    assert titles("dat mui") == ["Đất Mũi"]  # the same reader follows the swap


def test_a_rebuild_takes_the_pending_changes_it_has_read_off_the_outbox() -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi")])
    assert RecordChange.objects.count() == 1
    rebuild_index()
    assert not RecordChange.objects.exists()
    assert titles("song doc") == ["Sông Đốc quê tôi"]


def test_a_fresh_installation_answers_at_once_and_the_feed_fills_the_index() -> None:
    """No index yet: search answers from an empty one (made on first use) and says how
    far behind it is; the change feed brings the first import in."""
    assert not get_backend().exists()
    assert checks.search_index_built() == []  # nothing to warn about: nothing is lost
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi"), book("X2", "Đất Mũi")])
    waiting = services.search(SearchRequest(q="sông đốc"))
    assert (waiting.total, waiting.pending_changes) == (0, 2)
    assert get_backend().exists()
    assert checks.search_index_built() == []  # the feed will bring both records
    applier.apply_pending()
    found = services.search(SearchRequest(q="sông đốc"))
    assert ([h.title for h in found.hits], found.pending_changes) == (["Sông Đốc quê tôi"], 0)


def test_start_up_check_warns_when_the_index_is_lost_while_records_exist() -> None:
    import shutil

    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi")])
    index_now()
    shutil.rmtree(index_dir())  # lost, and no pending change will bring the record back
    [warning] = checks.search_index_built()
    assert warning.id == "search.W001"
    assert warning.msg == (
        "Chỉ mục tìm kiếm bị mất trong khi đã có biểu ghi: tìm kiếm sẽ thiếu các biểu ghi đó."
    )
    assert warning.hint == "Chạy `thuvien reindex`."
    rebuild_index()
    assert checks.search_index_built() == []


def test_only_one_applier_may_run() -> None:
    lock = index_dir() / "applier.lock"
    with locks.exclusive(lock, wait=False, what=("x", "x")), pytest.raises(CommandError) as caught:
        call_command("search", "apply")
    pid = lock.read_text()
    assert str(caught.value) == (
        f"Một tiến trình khác (pid {pid}) đang là bộ cập nhật chỉ mục (search apply); chỉ được "
        f"chạy một."
    )


def test_reindex_and_apply_commands_report_what_they_did(capsys: Any) -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi"), book("X2", "Đất Mũi")])
    call_command("search", "apply")
    call_command("reindex")
    call_command("search", "query", "dat mui")
    out = capsys.readouterr().out
    assert "Đã áp dụng 2 thay đổi.\n" in out
    assert "Đã lập chỉ mục 2 bản ghi trong " in out
    assert "1 kết quả, " in out
    assert "Đất Mũi" in out


@pytest.mark.django_db(transaction=True)
def test_a_change_is_searchable_within_a_second_while_the_applier_loop_runs() -> None:
    library = factories.library()
    cataloguer = factories.staff(Role.CATALOGUER, library)
    rebuild_index()
    stop = threading.Event()

    def apply_changes() -> None:
        try:
            applier.run_loop(interval=0.2, stop=stop)
        finally:
            connection.close()

    thread = threading.Thread(target=apply_changes, name="applier")
    thread.start()
    try:
        catalogue.create_record(cataloguer, library, factories.marc("Rừng U Minh"))
        started = time.monotonic()
        while not titles("rung u minh") and time.monotonic() - started < 5:
            time.sleep(0.02)
        waited = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
    assert titles("rung u minh") == ["Rừng U Minh"]
    assert waited < 1.0


def test_importers_enqueue_by_match_key_and_renamed_libraries_enqueue_all_their_records() -> None:
    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi"), book("X2", "Đất Mũi")])
    RecordChange.objects.all().delete()
    keys = list(Record.objects.order_by("id").values_list("match_key", flat=True))
    with transaction.atomic():
        catalogue_changes.records_with_match_keys(library.pk, [keys[1], "cn:nothing"])
    assert list(RecordChange.objects.values_list("record_id", flat=True)) == [
        Record.objects.get(match_key=keys[1]).pk
    ]
    RecordChange.objects.all().delete()
    catalogue_changes.library_records(library.pk)
    assert sorted(RecordChange.objects.values_list("record_id", flat=True)) == sorted(
        Record.objects.values_list("id", flat=True)
    )


def test_an_index_built_by_an_older_version_is_refused_until_rebuilt() -> None:
    from thuvien.search.backends.base import IndexOutdated
    from thuvien.search.backends.tantivy.backend import TantivyBackend
    from thuvien.search.backends.tantivy.schema import VERSION_FILE

    library = factories.library()
    import_records(library, [book("X1", "Sông Đốc quê tôi")])
    rebuild_index()
    marker = (index_dir() / "current").resolve() / VERSION_FILE
    marker.write_text("1")
    reader = TantivyBackend(index_dir())  # as a web process started after the upgrade
    with pytest.raises(IndexOutdated) as caught:
        reader.lookup(["bc:x"])
    assert caught.value.status == 503
    assert caught.value.message == (
        "Chỉ mục tìm kiếm được tạo bởi phiên bản cũ; người quản trị cần chạy `thuvien reindex`."
    )
    [warning] = checks.search_index_built()
    assert warning.id == "search.W002"
    rebuild_index()
    assert checks.search_index_built() == []
    assert titles("song doc") == ["Sông Đốc quê tôi"]
