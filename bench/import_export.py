"""Import and export rates of `thuvien import` / `thuvien export`, against pymarc's bare parse.

Builds reproducible ISO 2709 files of N records with copies (952 fields) from real records
(Evergreen's jazz_1k.mrc, MARC-8) and Vietnamese titles, in UTF-8 and in MARC-8; then, for
each database asked for, imports each file with the real command line in a child process
(peak memory = the child's max RSS), exports it, and prints a table.

    .venv/bin/python bench/import_export.py --records 100000 --databases sqlite,postgres

The pymarc reference rate is measured in the same run on the first --parse-sample records of
the same file (the files repeat 1,000 templates, so the rate is the whole file's).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymarc

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PG_URL = "postgresql://postgres@127.0.0.1:5432/thuvien_bench"
sys.path.insert(0, str(ROOT / "src"))

from thuvien.catalogue import iso2709  # noqa: E402
from thuvien.catalogue.marc import MarcRecord  # noqa: E402

TITLES = [
    "Lịch sử Việt Nam",
    "Truyện Kiều",
    "Chuyển đổi số trong thư viện",
    "Văn hoá Khmer Nam Bộ",
    "Địa chí tỉnh Cà Mau",
    "Hoà bình và phát triển",
    "Kỹ thuật nuôi tôm",
    "Thơ Xuân Diệu",
]


def _with_001(raw: bytes, control: str) -> bytes:
    """A raw MARC-8 record with its 001 replaced, other bytes untouched."""
    # Re-encode the directory by hand, so the MARC-8 bytes stay exactly as they were.
    base = int(raw[12:17])
    directory = raw[24 : base - 1]
    parts = []
    for i in range(0, len(directory), 12):
        entry = directory[i : i + 12]
        length, start = int(entry[3:7]), int(entry[7:12])
        data = raw[base + start : base + start + length]
        parts.append((entry[:3], control.encode() + b"\x1e" if entry[:3] == b"001" else data))
    if not any(tag == b"001" for tag, _ in parts):
        parts.insert(0, (b"001", control.encode() + b"\x1e"))
    # One copy per record, as a Koha export carries it (ASCII, so valid in MARC-8 too).
    copy = f"  \x1fp{control}\x1fiVV.{control[1:]}\x1fo781.65 JAZ\x1fyCD\x1fg120000\x1e"
    parts.append((b"952", copy.encode()))
    out_dir, body = bytearray(), bytearray()
    for tag, data in parts:
        out_dir += tag + f"{len(data):04d}{len(body):05d}".encode()
        body += data
    base = 24 + len(out_dir) + 1
    leader = (
        f"{base + len(body) + 1:05d}".encode() + raw[5:12] + f"{base:05d}".encode() + raw[17:24]
    )
    return leader + bytes(out_dir) + b"\x1e" + bytes(body) + b"\x1d"


def build_files(n: int, folder: Path) -> dict[str, Path]:
    templates = [
        r.data
        for r in iso2709.split_records((SHARED / "marc/evergreen/jazz_1k.mrc").open("rb"))
        if not isinstance(r, iso2709.RecordError)
    ]
    rng = random.Random(206)
    utf8, marc8 = folder / f"utf8-{n}.mrc", folder / f"marc8-{n}.mrc"
    if utf8.exists() and marc8.exists():  # built by an earlier run: same seed, same bytes
        return {"utf-8": utf8, "marc-8": marc8}
    with utf8.open("wb") as u, marc8.open("wb") as m:
        decoded = [iso2709.decode(t).record for t in templates]
        for i in range(n):
            t = i % len(templates)
            control = f"B{i:08d}"
            m.write(_with_001(templates[t], control))
            base = decoded[t]
            fields = [f for f in base.fields if f[0] != "001"]
            title = f"{rng.choice(TITLES)} {i}"
            fields = [
                ["001", control],
                *[f if f[0] != "245" else ["245", "1", "0", [["a", title]]] for f in fields],
            ]
            copies = [
                [
                    "952",
                    " ",
                    " ",
                    [
                        ["p", f"{i:08d}{c}"],
                        ["i", f"VV.{i:07d}"],
                        ["o", "959.7 L302"],
                        ["y", "BK"],
                        ["g", "85.000 đ"],
                    ],
                ]
                for c in range(rng.randint(1, 3))
            ]
            u.write(iso2709.encode(MarcRecord(base.leader, fields + copies)))
    return {"utf-8": utf8, "marc-8": marc8}


def pymarc_rate(path: Path, sample: int) -> float:
    start = time.perf_counter()
    count = 0
    with path.open("rb") as stream:
        for record in pymarc.MARCReader(stream, to_unicode=True, hide_utf8_warnings=True):
            if record is not None:
                count += 1
            if count >= sample:
                break
    return count / (time.perf_counter() - start)


# A go-between process, so that its RUSAGE_CHILDREN is the peak of this command alone (and
# of the worker processes it waited for), not of every child the benchmark ran before.
_PEAK = (
    "import resource, subprocess, sys;"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and the command's peak RSS in MB."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], env=env, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    return seconds, int(out.stdout.split()[-1]) // 1024


def reset_postgres() -> None:
    for sql in ("DROP DATABASE IF EXISTS thuvien_bench", "CREATE DATABASE thuvien_bench"):
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--encodings", default="utf-8,marc-8")
    parser.add_argument("--parse-sample", type=int, default=100_000)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    files = {
        k: v
        for k, v in build_files(args.records, args.workdir).items()
        if k in args.encodings.split(",")
    }
    thuvien = str(Path(sys.executable).with_name("thuvien"))
    print(f"records: {args.records:,}; machine: {os.cpu_count()} cores")
    print(
        f"{'database':10} {'encoding':8} {'pymarc/s':>9} {'import/s':>9} {'ratio':>6} "
        f"{'peak MB':>8} {'export/s':>9}"
    )
    for database in args.databases.split(","):
        for encoding, path in files.items():
            data_dir = Path(tempfile.mkdtemp(dir=args.workdir))
            env = dict(os.environ, THUVIEN_DATA_DIR=str(data_dir), THUVIEN_DATABASE_URL="")
            if database == "postgres":
                reset_postgres()
                env["THUVIEN_DATABASE_URL"] = PG_URL
                subprocess.run([thuvien, "migrate", "-v0"], env=env, check=True)
            subprocess.run(
                [thuvien, "library", "add", "VN-BENCH", "--name", "Bench", "--type", "public"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            reference = pymarc_rate(path, args.parse_sample)
            seconds, peak = run(
                [thuvien, "import", str(path), "--library", "VN-BENCH", "--json"], env
            )
            rate = args.records / seconds
            out = data_dir / "export.mrc"
            export_seconds, _ = run(
                [
                    thuvien,
                    "export",
                    "--library",
                    "VN-BENCH",
                    "--format",
                    "iso2709",
                    "--output",
                    str(out),
                ],
                env,
            )
            print(
                f"{database:10} {encoding:8} {reference:9.0f} {rate:9.0f} {rate / reference:6.2f} "
                f"{peak:8d} {args.records / export_seconds:9.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
