from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item
from thuvien.network.models import Role
from thuvien.operations import keys
from thuvien.testing import factories

THUVIEN = Path(sys.executable).parent / "thuvien"


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "khoa.txt"
    keys.generate(path)
    monkeypatch.setenv("THUVIEN_BACKUP_KEY_FILE", str(path))
    monkeypatch.setenv("THUVIEN_BACKUP_KEEP", "7d,4w,12m")
    return path


@pytest.fixture
def data_dir(tmp_path: Path, settings: Any) -> Path:
    """This test's own files and keys folder (the database stays the test database)."""
    folder = tmp_path / "data"
    (folder / "files" / "so-01").mkdir(parents=True)
    (folder / "secret_key").write_text("khoa-bi-mat-cua-may-chu")
    (folder / "files" / "so-01" / "trang-001.tif").write_bytes(b"II*\x00" + b"\x01" * 5000)
    (folder / "files" / "so-01" / "trang-002.tif").write_bytes(b"II*\x00" + b"\x02" * 7000)
    settings.DATA_DIR = folder
    settings.FILES_DIR = folder / "files"
    return folder


@pytest.fixture
def catalogue_data() -> None:
    library = factories.library("VN-CM0001")
    admin = factories.staff(Role.NETWORK_ADMIN, username="quantri")
    for title in ("Lịch sử Cà Mau", "Đất rừng phương Nam"):
        record = catalogue.create_record(admin, library, factories.marc(title))
        Item.objects.create(library=library, record=record, barcode=f"B-{record.pk}")


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment of an empty data folder and database of this run's engine."""
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path / "moi")}
    name = ""
    if connection.vendor == "postgresql":
        import psycopg

        db = connection.settings_dict
        name = f"thuvien_restore_{uuid.uuid4().hex[:8]}"
        args = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
        with psycopg.connect(dbname="postgres", autocommit=True, **args) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["THUVIEN_DATABASE_URL"] = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    else:
        env["THUVIEN_DATABASE_URL"] = ""
    yield env
    if name:
        with psycopg.connect(dbname="postgres", autocommit=True, **args) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def thuvien(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(THUVIEN), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def count(env: dict[str, str], table: str) -> int:
    """Rows of ``table`` in the database ``env`` names, read without Django."""
    if env["THUVIEN_DATABASE_URL"]:
        done = subprocess.run(
            ["psql", env["THUVIEN_DATABASE_URL"], "-Atc", f"SELECT count(*) FROM {table}"],  # noqa: S608
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return int(done.stdout)
    import sqlite3

    path = Path(env["THUVIEN_DATA_DIR"]) / "thuvien.sqlite3"
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
