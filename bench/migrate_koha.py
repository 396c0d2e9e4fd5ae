"""`thuvien migrate-from koha` on a Koha-shaped export, against the bare catalogue import.

Generates a made-up export (thuvien.legacy.sample: MARC with 952 copies, borrowers, issues,
old_issues in Koha's columns), migrates it into a fresh SQLite database with the real
command line in a child process, and prints the time of each part. The ratio that matters
(migration / bare `thuvien import` of the same MARC file, measured in the same run) says
what readers and loans add to the catalogue import.

    .venv/bin/python bench/migrate_koha.py --records 100000 --copies 3 --readers 50000 \\
        --loans 20000   # the issue's figure: 300,000 copies
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from thuvien.legacy.sample import write_koha_export  # noqa: E402


def _thuvien(data: Path, *args: str) -> float:
    env = {**os.environ, "THUVIEN_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")}
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "thuvien", *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - began


def _fresh(data: Path) -> None:
    _thuvien(data, "migrate", "--verbosity", "0")
    _thuvien(data, "library", "add", "VN-BENCH1", "--name", "Bench", "--type", "public")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--readers", type=int, default=5000)
    parser.add_argument("--loans", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        files = write_koha_export(
            folder / "export", records=args.records, copies=args.copies,
            readers=args.readers, open_loans=args.loans,
        )  # fmt: skip
        print(f"export written: {time.perf_counter() - began:.1f} s")
        bare, full = folder / "bare", folder / "full"
        _fresh(bare)
        t_import = _thuvien(bare, "import", str(files["marc"]), "--library", "VN-BENCH1")
        _fresh(full)
        t_migrate = _thuvien(
            full, "migrate-from", "koha", "--library", "VN-BENCH1", "--marc", str(files["marc"]),
            "--patrons", str(files["patrons"]), "--issues", str(files["issues"]),
        )  # fmt: skip
        t_again = _thuvien(
            full, "migrate-from", "koha", "--library", "VN-BENCH1", "--marc", str(files["marc"]),
            "--patrons", str(files["patrons"]), "--issues", str(files["issues"]),
        )  # fmt: skip
        copies = args.records * args.copies
        print(f"records {args.records}, copies {copies}, readers {args.readers}, "
              f"open loans {args.loans}")  # fmt: skip
        print(f"bare catalogue import:  {t_import:7.1f} s")
        print(f"migration (all parts):  {t_migrate:7.1f} s  ({t_migrate / t_import:.2f}x import)")
        print(f"second run (no change): {t_again:7.1f} s")
        print(f"projected for 300,000 copies: {t_migrate * 300_000 / copies / 60:.1f} min")
        print(f"load average: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    main()
