"""Backup figures (issue 15 "Figures"): a catalogue of N records with S MB of scans.

Builds the catalogue as bench/search.py does and writes S MB of incompressible "scans" (5 MB
files) into the data folder, then measures: a full ``backup`` (time, size); an incremental one
after 100 records changed (time, bytes added); the restore drill (``backup verify``: time,
result); ``restore`` onto an empty data folder and database (time, with the reindex it runs);
and checks that the restored records are the same. Run on demand only.

    .venv/bin/python bench/backup.py --records 1000000 --scans-mb 10240 --database postgres
    .venv/bin/python bench/backup.py --records 100000 --scans-mb 1024 --database sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_data import build
from serving import set_up_django, thuvien

SCAN_MB = 5


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def timed(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    took = time.perf_counter() - started
    return took, json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--scans-mb", type=int, default=1024)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-backup"
    )
    args = parser.parse_args()
    data_dir = args.workdir / args.database
    set_up_django(data_dir, args.database, "thuvien_bench_backup", fresh=True)
    print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    build(args.records)
    print(f"\ndata: {args.records:,} records in {time.perf_counter() - started:.0f} s")
    from django.conf import settings
    from django.db import connection

    scans = Path(settings.FILES_DIR) / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    for n in range(args.scans_mb // SCAN_MB):
        (scans / f"page-{n:05d}.tif").write_bytes(os.urandom(SCAN_MB << 20))
    print(f"scans: {args.scans_mb} MB in {args.scans_mb // SCAN_MB} files")
    connection.close()

    key = args.workdir / "key.txt"
    key.unlink(missing_ok=True)
    subprocess.run(thuvien("backup", "keygen", str(key)), check=True, capture_output=True)
    target = args.workdir / "backups"
    subprocess.run(["rm", "-rf", str(target)], check=True)
    env = {**os.environ, "THUVIEN_BACKUP_KEY_FILE": str(key), "THUVIEN_BACKUP_KEEP": "30d"}
    seconds, full = timed(thuvien("backup", "--to", str(target), "--json"), env)
    size = folder_bytes(target)
    database_mb = int(str(full["database_bytes"])) / 2**20
    database_mb = int(str(full["database_bytes"])) / 2**20
    print(
        f"full backup: {seconds:.1f} s, {size / 2**20:,.0f} MB written "
        f"(database {database_mb:,.0f} MB, {full['files']} files)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_record SET title = title || ' (sửa)' WHERE id IN "
            "(SELECT id FROM catalogue_record ORDER BY id LIMIT 100)"
        )
    connection.close()
    time.sleep(1)  # a new name: one backup per second
    seconds, again = timed(thuvien("backup", "--to", str(target), "--json"), env)
    # Written this time: the new backup's own folder and the file objects it added (the
    # day's earlier backup is pruned by the policy, so the folder's total is no measure).
    added = folder_bytes(target / str(again["name"])) + int(str(again["bytes_copied"]))
    print(
        f"incremental after 100 changed records: {seconds:.1f} s, {added / 2**20:,.0f} MB "
        f"written, {again['files_copied']} files copied"
    )
    seconds, drill = timed(thuvien("backup", "verify", str(target), "--json"), env)
    print(f"restore drill (verify): {seconds:.1f} s, identical: {drill['identical']}")
    fresh = args.workdir / f"{args.database}-restored"
    subprocess.run(["rm", "-rf", str(fresh)], check=True)
    restored_env = {**env, "THUVIEN_DATA_DIR": str(fresh)}
    if args.database == "postgres":
        name = "thuvien_bench_backup_restored"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql]
            subprocess.run(psql, check=True)
        restored_env["THUVIEN_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    seconds, restored = timed(thuvien("restore", str(target), "--json"), restored_env)
    print(f"restore onto an empty place (with reindex): {seconds:.1f} s, "
          f"{restored['tables']} tables, {restored['files']} files")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
