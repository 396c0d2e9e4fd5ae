"""`thuvien upgrade` on a database made by the previous landed version, with data in it.

The database (tests/operations/data/landed-0b11b89.sqlite3.gz) was made by commit 0b11b89
running data/make_landed_database.py: a library, four records with copies, a loan rule, a
reader and one active loan. When a new version lands, make the next one the same way."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

THUVIEN = Path(sys.executable).parent / "thuvien"
LANDED = Path(__file__).parent / "data" / "landed-0b11b89.sqlite3.gz"


def test_upgrade_brings_the_previous_landed_database_up_to_this_version(tmp_path: Path) -> None:
    with gzip.open(LANDED) as source, (tmp_path / "thuvien.sqlite3").open("wb") as target:
        shutil.copyfileobj(source, target)
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path), "THUVIEN_DATABASE_URL": ""}

    def thuvien(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(THUVIEN), *args], env=env, capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip

    done = thuvien("upgrade", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert "operations.0001_backup_runs" in report["migrations"]
    assert "union.0002_review_queue_and_participation" in report["migrations"]
    assert report["reindexed"] is True
    assert report["periodic_jobs"] == 9  # with the weekly training of the AI services (ai-train)
    unapplied = thuvien("showmigrations", "--plan")
    assert "[ ]" not in unapplied.stdout
    with sqlite3.connect(tmp_path / "thuvien.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM catalogue_record").fetchone() == (4,)
        assert db.execute(
            "SELECT count(*) FROM circulation_loan WHERE state = 'active'"
        ).fetchone() == (1,)
    found = thuvien("search", "query", "Văn hoá Khmer")
    assert found.stdout.splitlines()[0].startswith("1 kết quả"), found.stderr
    again = thuvien("upgrade", "--json")
    assert json.loads(again.stdout.splitlines()[-1])["migrations"] == []
    assert json.loads(again.stdout.splitlines()[-1])["reindexed"] is False
