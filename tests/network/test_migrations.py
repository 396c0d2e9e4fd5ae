"""The migrations describe the models exactly, whatever the interpreter's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

THUVIEN = Path(sys.executable).parent / "thuvien"


@pytest.mark.parametrize("seed", ["1", "2"])
def test_makemigrations_finds_nothing_to_write(seed: str, tmp_path: Path) -> None:
    # Two seeds: a model built from a set (constraint lists, choices) changes with the seed.
    env = {**os.environ, "PYTHONHASHSEED": seed, "THUVIEN_DATA_DIR": str(tmp_path)}
    env["THUVIEN_DATABASE_URL"] = ""
    done = subprocess.run(
        [str(THUVIEN), "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("No changes detected")
