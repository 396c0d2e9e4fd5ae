"""The staff page: upload a Koha export, read the dry run's report, then run it for real."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from thuvien.circulation.models import Loan, Patron
from thuvien.legacy.models import Migration
from thuvien.legacy.sample import write_koha_export
from thuvien.network.models import Role
from thuvien.testing import factories


def _worker() -> None:
    call_command("db_worker", batch=True, interval=0, no_startup_delay=True, verbosity=0)


def _upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.mark.django_db(transaction=True)
def test_dry_run_then_real_run_from_the_staff_page(tmp_path: Path, settings: Any) -> None:
    settings.FILES_DIR = tmp_path / "files"
    library = factories.library("VN-UP0001")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    client = Client()
    client.force_login(admin)
    paths = write_koha_export(tmp_path / "koha", records=3, copies=2, readers=4, open_loans=2)
    with paths["issues"].open("a", encoding="utf-8", newline="") as out:
        due = date.today() + timedelta(days=7)
        csv.writer(out).writerow(
            [99, "TV999999", "B00000010", f"{date.today()} 09:00", f"{due} 23:59", 0, "TTTV"]
        )
    assert "Chuyển dữ liệu từ hệ thống cũ" in client.get("/staff/migration/").text
    response = client.post(
        "/staff/migration/",
        {
            "library": library.pk,
            "source": "koha",
            "number_prefix": "",
            "marc": _upload(paths["marc"]),
            "patrons": _upload(paths["patrons"]),
            "issues": _upload(paths["issues"]),
        },
    )
    tried = Migration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/migration/{tried.pk}/"
    _worker()
    page = client.get(f"/staff/migration/{tried.pk}/").text
    assert "Chạy thử" in page
    assert "issues.csv" in page
    assert "dòng 4" in page
    assert "không có bạn đọc thẻ “TV999999” ở VN-UP0001" in page
    assert Patron.objects.count() == 0
    assert Loan.objects.count() == 0
    response = client.post(f"/staff/migration/{tried.pk}/run/")
    run = Migration.objects.get(dry_run=False)
    _worker()
    run.refresh_from_db()
    assert run.status == "done"
    assert Patron.objects.count() == 4
    assert Loan.objects.filter(state="active").count() == 2
    refused = client.post(f"/staff/migration/{run.pk}/run/")
    assert refused.status_code == 409
    assert "Chỉ chạy thật được sau khi chạy thử xong; lần này đang ở trạng thái “Xong”." in (
        refused.text
    )


def test_a_cataloguer_may_not_migrate(tmp_path: Path) -> None:
    library = factories.library("VN-UP0002")
    client = Client()
    client.force_login(factories.staff(Role.CATALOGUER, library))
    assert client.get("/staff/migration/").status_code == 403
