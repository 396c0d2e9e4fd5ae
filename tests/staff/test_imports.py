"""Uploading a MARC file: stored, queued, run by the real worker, reported on its page."""

from __future__ import annotations

import csv
import io
import signal
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from thuvien.catalogue import tasks
from thuvien.catalogue.models import ImportBatch, Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.testing.factories import shared

from .conftest import client_for
from .pages import text

BAD_RECORDS = shared("marc", "pymarc", "bad_records.mrc")
# (index, byte offset, reason) of the six broken records of pymarc's bad_records.mrc
REJECTED = [
    (2, 127, "leader/12-16 gives base address 99937, outside the record"),
    (3, 254, "leader/12-16 gives base address 0, outside the record"),
    (4, 381, "the directory is 13 bytes, not a multiple of 12"),
    (
        5,
        509,
        "the directory is 13 bytes, not a multiple of 12, and its entry 1 does not match the "
        "data; the record is damaged",
    ),
    (6, 637, "leader/12-16 (base address of data) is 'f0037', not digits"),
    (7, 764, "the directory is empty: the record has no fields"),
]


def _upload(user: AbstractUser, library: Library, path: Path, fmt: str = "") -> object:
    client = client_for(user)
    with path.open("rb") as stream:
        return client.post(
            reverse("staff:catalogue:import_new"),
            {"library": library.pk, "file": stream, "format": fmt},
        )


@pytest.mark.django_db(transaction=True)
def test_uploaded_file_is_imported_by_the_worker_and_reported_with_its_rejects(
    library_a: Library, cataloguer: AbstractUser, settings: object
) -> None:
    client = client_for(cataloguer)
    with BAD_RECORDS.open("rb") as stream:
        response = client.post(
            reverse("staff:catalogue:import_new"),
            {"library": library_a.pk, "file": stream, "format": ""},
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:catalogue:import", args=[batch.pk])
    stored = Path(batch.stored_path)
    assert stored.parent == Path(settings.FILES_DIR) / "imports"  # type: ignore[attr-defined]
    assert stored.name.endswith("_bad_records.mrc")
    assert stored.read_bytes() == BAD_RECORDS.read_bytes()
    assert (batch.status, batch.format, batch.created_by) == ("queued", "iso2709", cataloguer)

    waiting = client.get(reverse("staff:catalogue:import", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert "Đang chờ" in waiting

    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)

    batch.refresh_from_db()
    assert (batch.status, batch.imported, batch.rejected) == ("done", 2, 6)
    assert Record.objects.filter(library=library_a, import_batch=batch).count() == 2
    page = client.get(reverse("staff:catalogue:import", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page
    words = text(page)
    assert "Nhập mới 2" in words
    assert "Bị loại 6" in words
    assert '<progress id="progress" max="100" value="100">' in page
    for index, offset, reason in REJECTED:
        assert f"{index} {offset} {reason}" in words

    report = client.get(reverse("staff:catalogue:import_errors", args=[batch.pk]))
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert report.content.startswith("\ufeffindex,offset,reason\r\n".encode())
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[1:] == [[str(i), str(o), r] for i, o, r in REJECTED]

    rejects = client.get(reverse("staff:catalogue:import_rejects", args=[batch.pk]))
    assert rejects["Content-Disposition"] == 'attachment; filename="bad_records-rejects.mrc"'
    # Records 2 to 7 exactly as they were in the file (record 8 starts at byte 790).
    content = b"".join(rejects.streaming_content)  # type: ignore[attr-defined]
    assert content == BAD_RECORDS.read_bytes()[127:790]


def test_a_file_that_is_not_marc_is_refused_on_the_form_before_any_job(
    library_a: Library, cataloguer: AbstractUser, settings: object
) -> None:
    upload = SimpleUploadedFile("sach.csv", "Nhan đề,Tác giả\nTruyện Kiều,Nguyễn Du\n".encode())
    response = client_for(cataloguer).post(
        reverse("staff:catalogue:import_new"), {"library": library_a.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "Tệp này không phải MARC (ISO 2709, MARCXML hay MARC-in-JSON)." in text(
        response.content.decode()
    )
    assert not ImportBatch.objects.exists()
    imports = Path(settings.FILES_DIR) / "imports"  # type: ignore[attr-defined]
    assert not imports.exists() or not any(imports.iterdir())


def test_cataloguer_may_not_import_into_another_library(
    library_a: Library, library_b: Library, cataloguer: AbstractUser
) -> None:
    with BAD_RECORDS.open("rb") as stream:
        response = client_for(cataloguer).post(
            reverse("staff:catalogue:import_new"), {"library": library_b.pk, "file": stream}
        )
    assert response.status_code == 200
    assert "Bạn không được nhập vào thư viện này; hãy chọn thư viện trong danh sách." in text(
        response.content.decode()
    )
    assert not ImportBatch.objects.exists()


def test_batches_of_another_library_are_not_shown(
    library_a: Library, library_b: Library, cataloguer: AbstractUser
) -> None:
    other = ImportBatch.objects.create(library=library_b, file_name="b.mrc")
    client = client_for(cataloguer)
    assert client.get(reverse("staff:catalogue:import", args=[other.pk])).status_code == 404
    assert client.get(reverse("staff:catalogue:import_errors", args=[other.pk])).status_code == 404
    admin = factories.staff(Role.NETWORK_ADMIN)
    assert (
        client_for(admin).get(reverse("staff:catalogue:import", args=[other.pk])).status_code == 200
    )


def _run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_file_read_in_the_wrong_format_fails_the_batch_with_the_reason(
    library_a: Library, cataloguer: AbstractUser
) -> None:
    _upload(cataloguer, library_a, BAD_RECORDS, fmt="marcxml")
    _run_worker()
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.imported) == ("failed", 0)
    page = text(
        client_for(cataloguer)
        .get(reverse("staff:catalogue:import", args=[batch.pk]))
        .content.decode()
    )
    assert "Lỗi" in page
    assert (
        "Tệp XML không chứa bản ghi MARCXML nào (phần tử <record> thuộc không gian tên "
        "http://www.loc.gov/MARC21/slim)." in page
    )
    assert not Record.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_upload_whose_uploader_lost_the_right_to_import_is_not_imported(
    library_a: Library, cataloguer: AbstractUser
) -> None:
    _upload(cataloguer, library_a, BAD_RECORDS)
    cataloguer.staff.role = Role.CIRCULATION_CLERK  # type: ignore[attr-defined]
    cataloguer.staff.save()  # type: ignore[attr-defined]
    _run_worker()
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    assert batch.failure.startswith(
        "Tài khoản bienmuc-a (Thủ thư lưu thông) không được phép nhập biểu ghi"
    )
    assert not Record.objects.exists()


def _graceful(signum: int, frame: object) -> None:
    """Stands for db_worker's handler: note the request, finish the job first."""


def test_import_workers_stop_when_done_even_under_the_job_runners_sigterm_handler() -> None:
    """db_worker keeps SIGTERM for itself (to finish a job first); the importer's decoding
    processes must not inherit that, or closing their pool would wait for them forever."""
    from thuvien.catalogue.importing import Importer

    library = factories.library()
    data = shared("marc", "evergreen", "jazz_1k.mrc").read_bytes()
    previous = signal.signal(signal.SIGTERM, _graceful)
    try:
        report = Importer(library, actor="test", source="jazz", workers=2).run(
            io.BytesIO(data), "iso2709"
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert (report.imported, report.rejected) == (1000, 0)


def test_uploads_are_stored_under_a_fresh_safe_name(settings: object) -> None:
    imports = Path(settings.FILES_DIR) / "imports"  # type: ignore[attr-defined]
    named = tasks.upload_path("../../Sách mới (2024).mrc")
    assert named.parent == imports
    assert named.name.endswith("_Sách_mới_2024.mrc")
    assert tasks.upload_path("???").name.endswith("_upload")
    assert tasks.upload_path("a.mrc") != tasks.upload_path("a.mrc")
