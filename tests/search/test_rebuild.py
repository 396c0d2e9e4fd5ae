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
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=False
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
