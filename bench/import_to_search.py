"""From a fresh data folder to a searchable catalogue (issue 15's "time from import to
searchable"): add a library, import N generated records with `thuvien import`, start
`thuvien serve`, and ask /api/v1/search until every record is found. Prints the import's
time, the first answer's status and time (never 503: the index is there, empty, from the first
request), and how long after the server started every record was found.

    .venv/bin/python bench/import_to_search.py --records 100000
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pymarc

from serving import free_port

THUVIEN = Path(sys.executable).parent / "thuvien"


def marc_file(path: Path, records: int) -> None:
    with path.open("wb") as out:
        chunk = io.BytesIO()
        for n in range(records):
            record = pymarc.Record(force_utf8=True)
            record.add_field(pymarc.Field(tag="001", data=f"B{n}"))
            record.add_field(
                pymarc.Field(tag="008", data="250101s2024    vm            000 0 vie d")
            )
            record.add_field(
                pymarc.Field(
                    tag="245",
                    indicators=pymarc.Indicators("1", "0"),
                    subfields=[pymarc.Subfield("a", f"Lịch sử tỉnh Cà Mau tập {n}")],
                )
            )
            chunk.write(record.as_marc())
            if n % 10_000 == 9_999:
                out.write(chunk.getvalue())
                chunk = io.BytesIO()
        out.write(chunk.getvalue())


def ask(port: int) -> tuple[int, int]:
    url = f"http://127.0.0.1:{port}/api/v1/search?q=ca+mau&per_page=1"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, int(json.loads(response.read())["total"])
    except urllib.error.HTTPError as error:
        return error.code, 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "tv-first")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    data = args.workdir / "data"
    env = {**os.environ, "THUVIEN_DATA_DIR": str(data), "THUVIEN_DATABASE_URL": "",
           "THUVIEN_API_RATE_LIMIT": "100000000"}  # fmt: skip
    source = args.workdir / "sach.mrc"
    marc_file(source, args.records)
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")
    add = [str(THUVIEN), "library", "add", "VN-CM0001", "--name", "Thư viện tỉnh", "--type",
           "public"]  # fmt: skip
    subprocess.run(add, env=env, check=True, capture_output=True)
    start = time.monotonic()
    subprocess.run([str(THUVIEN), "import", str(source), "--library", "VN-CM0001"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    imported = time.monotonic() - start
    print(f"import: {args.records:,} records in {imported:.1f} s")
    port = free_port()
    server = subprocess.Popen([str(THUVIEN), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    started = time.monotonic()
    first: tuple[float, int, int] | None = None
    try:
        while True:
            try:
                status, total = ask(port)
            except OSError:
                time.sleep(0.1)
                continue
            now = time.monotonic() - started
            if first is None:
                first = (now, status, total)
                print(
                    f"first answer {now:.1f} s after serve started: HTTP {status}, {total:,} found"
                )
            if total >= args.records:
                print(f"every record found {now:.1f} s after serve started "
                      f"({now + imported:.1f} s after the import began)")  # fmt: skip
                break
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(30)
    print(f"load average {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
