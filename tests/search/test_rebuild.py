"""A rebuild whose records are prepared by worker processes builds what one process builds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_worker_processes_prepare_the_same_documents_and_the_index_answers(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "THUVIEN_DATA_DIR": str(tmp_path),
        "THUVIEN_DATABASE_URL": "",  # the workers need a database they can open themselves
        "THUVIEN_REINDEX_WORKERS": "2",
    }
    script = Path(__file__).with_name("rebuild_in_processes.py")
    done = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a worker that dies on its task leaves the pool waiting: fail, not hang
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["workers"] == 2
    assert len(result["in_process"]) == 7
    assert result["in_workers"] == result["in_process"]
    assert result["reindex"] == "Đã lập chỉ mục 7 bản ghi"
    first = json.loads(result["in_process"][0])
    assert first["id"] == [min(json.loads(doc)["id"][0] for doc in result["in_process"])]
    assert result["hits"]


def test_the_modules_workers_import_need_no_django_set_up() -> None:
    """A spawned worker unpickles its task, importing the task's module (and its packages)
    before anything else; a model imported on the way kills it and the pool waits forever."""
    for module in ("thuvien.search.backends.tantivy.rebuild", "thuvien.catalogue.analysis"):
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        done = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, f"{module}: {done.stderr}"
