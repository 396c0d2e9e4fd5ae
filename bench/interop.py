"""Interoperability figures on a large catalogue (issue #6 "Figures to report").

Builds N records reproducibly (the search benchmark's generator, ``search_data.py``), indexes
them, serves them with ``thuvien serve`` and measures, as clients meet it:

* a full OAI-PMH harvest with Sickle (ListRecords, marc21 and oai_dc; ListIdentifiers):
  records/s end to end, the harvester's XML parsing included;
* SRU searchRetrieve latency p50/p95 over HTTP for a mix of CQL queries (booleans,
  relations, proximity, masking, sortBy), ten MARCXML records per answer;
* ``thuvien opendata``: the time to write every dump (network and each library, three
  formats).

    .venv/bin/python bench/interop.py --records 1000000 --database sqlite
    .venv/bin/python bench/interop.py --reuse              # the same data, measured again
    .venv/bin/python bench/interop.py --records 100000 --skip-dumps
    .venv/bin/python bench/interop.py --records 200000 --union --oai-only --skip-dc

Run on demand only; ports 8690-8699.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8691
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_data import SEED, Generator, build  # noqa: E402
from serving import serve, set_up_django, thuvien  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children still running (a server and its workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def own_cpu() -> float:
    return time.process_time()


@dataclass
class Run:
    count: int
    wall: float
    client_cpu: float
    server_cpu: float

    def line(self, what: str) -> str:
        idle = self.count / max(self.client_cpu, self.server_cpu, 1e-9)
        return (
            f"{what}: {self.count:,} records in {self.wall:.1f} s = "
            f"{self.count / self.wall:,.0f} records/s wall clock (load "
            f"{os.getloadavg()[0]:.1f}); CPU: harvester {self.client_cpu:.1f} s, server "
            f"{self.server_cpu:.1f} s, so with a core each {idle:,.0f} records/s"
        )


def harvest(server: int, verb: str, prefix: str, set_spec: str = "") -> Run:
    from sickle import Sickle

    sickle = Sickle(f"http://127.0.0.1:{PORT}/oai", timeout=600)
    start, cpu, served = time.perf_counter(), own_cpu(), cpu_seconds(server)
    count = 0
    arguments = {"metadataPrefix": prefix, "ignore_deleted": False}
    if set_spec:
        arguments["set"] = set_spec
    for _ in getattr(sickle, verb)(**arguments):
        count += 1
    return Run(count, time.perf_counter() - start, own_cpu() - cpu, cpu_seconds(server) - served)


_TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def provider_only(server: int, prefix: str, set_spec: str = "") -> Run:
    """The provider's own pace: every page fetched, none parsed (the harvester's share of a
    Sickle harvest is the difference). Prints the time per page at the start, the middle and
    the end of the list: flat when a page costs the same wherever it is."""
    start, cpu, served = time.perf_counter(), own_cpu(), cpu_seconds(server)
    count = 0
    query = {"verb": "ListRecords", "metadataPrefix": prefix}
    if set_spec:
        query["set"] = set_spec
    pages: list[float] = []
    while True:
        url = f"http://127.0.0.1:{PORT}/oai?{urllib.parse.urlencode(query)}"
        began = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as response:
            body = response.read()
        pages.append((time.perf_counter() - began) * 1000)
        count += body.count(b"<record>")
        token = _TOKEN.search(body)
        if token is None:
            tenth = max(1, len(pages) // 10)
            parts = {
                "first page": pages[:1],
                "pages 2-10%": pages[1 : tenth + 1] or pages[:1],
                "middle 10%": pages[len(pages) // 2 - tenth // 2 :][:tenth],
                "last 10%": pages[-tenth:],
            }
            print(
                f"  ms per page ({len(pages)} pages): "
                + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in parts.items())
            )
            return Run(
                count, time.perf_counter() - start, own_cpu() - cpu,
                cpu_seconds(server) - served,
            )  # fmt: skip
        query = {"verb": "ListRecords", "resumptionToken": html.unescape(token.group(1).decode())}


def cql_mix(n: int) -> list[str]:
    """CQL queries drawn from the generator's own titles, authors and subjects."""
    g = Generator(SEED)
    rng = random.Random(SEED + 6)
    queries = []
    for i in range(n):
        words = g.title(rng.random() < 0.7).split()
        one, two = words[0], words[min(1, len(words) - 1)]
        kind = i % 8
        queries.append([
            f'dc.title all "{one} {two}"',
            f"dc.title={one} and dc.date>2000",
            f'dc.title any "{one} {two}" not dc.subject="Tiểu thuyết"',
            f"dc.title={one} prox/distance<=2 {two}",
            f"dc.creator={g.author(True).split()[0]} or dc.subject=\"Tin học\"",
            f"dc.title={one[:3]}*" if len(one) >= 3 else f"dc.title={one}",
            f"{one} sortBy dc.date/sort.descending",
            'dc.subject="Thư viện học" and dc.date within "1990 2010"',
        ][kind])  # fmt: skip
    return queries


def sru_latency(queries: list[str]) -> tuple[float, float, int]:
    samples = []
    empty = 0
    for query in queries:
        params = {"operation": "searchRetrieve", "version": "1.2", "query": query,
                  "maximumRecords": "10", "recordSchema": "marcxml"}  # fmt: skip
        url = f"http://127.0.0.1:{PORT}/sru?{urllib.parse.urlencode(params)}"
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
        samples.append((time.perf_counter() - start) * 1000)
        if b"numberOfRecords>0<" in body:
            empty += 1
    cuts = statistics.quantiles(samples, n=20)
    return statistics.median(samples), cuts[18], empty


def measure_server(
    page_size: int, queries: int, *, dublin_core: bool, union: bool, oai_only: bool
) -> None:
    server = serve(PORT, THUVIEN_OAI_PAGE_SIZE=str(page_size))
    try:
        harvests = [("ListRecords", "marc21", ""), ("ListIdentifiers", "marc21", "")]
        if dublin_core:
            harvests.insert(1, ("ListRecords", "oai_dc", ""))
        if union:
            harvests.append(("ListRecords", "marc21", "union"))
        for verb, prefix, set_spec in harvests:
            run = harvest(server.pid, verb, prefix, set_spec)
            within = f", set {set_spec}" if set_spec else ""
            print(run.line(f"OAI-PMH {verb} {prefix}{within} with Sickle (page {page_size})"))
        run = provider_only(server.pid, "marc21")
        print(run.line("OAI-PMH provider alone (ListRecords marc21, fetched, not parsed)"))
        if union:
            run = provider_only(server.pid, "marc21", "union")
            print(run.line("OAI-PMH provider alone (ListRecords marc21, set union)"))
        if oai_only:
            return
        mix = cql_mix(queries)
        sru_latency(mix[:20])  # warm the readers
        p50, p95, empty = sru_latency(mix)
        print(
            f"SRU searchRetrieve ({len(mix)} CQL queries, 10 MARCXML records each, one "
            f"client): p50 {p50:.1f} ms, p95 {p95:.1f} ms ({empty} with no hits)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-interop"
    )
    parser.add_argument("--reuse", action="store_true", help="Keep the data built before.")
    parser.add_argument("--page-size", type=int, default=500, help="OAI records per response.")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--skip-dumps", action="store_true")
    parser.add_argument("--skip-dc", action="store_true", help="Harvest marc21 only.")
    parser.add_argument(
        "--union",
        action="store_true",
        help="Also build the union's clusters and harvest the 'union' set.",
    )
    parser.add_argument("--oai-only", action="store_true", help="No SRU, no dumps.")
    args = parser.parse_args()
    data_dir = args.workdir / args.database
    set_up_django(data_dir, args.database, "thuvien_bench_interop", fresh=not args.reuse)
    print(f"machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
    if not args.reuse:
        start = time.perf_counter()
        build(args.records)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"data: {args.records:,} records in {time.perf_counter() - start:.0f} s")
        if not args.oai_only:  # OAI-PMH reads the database only
            start = time.perf_counter()
            subprocess.run(thuvien("reindex"), check=True, stdout=subprocess.DEVNULL)
            print(f"reindex: {time.perf_counter() - start:.0f} s")
    if args.union and not args.reuse:
        start = time.perf_counter()
        subprocess.run(thuvien("union", "rebuild"), check=True, stdout=subprocess.DEVNULL)
        print(f"union rebuild: {time.perf_counter() - start:.0f} s")
    measure_server(
        args.page_size, args.queries, dublin_core=not args.skip_dc, union=args.union,
        oai_only=args.oai_only,
    )  # fmt: skip
    if not args.skip_dumps and not args.oai_only:
        start = time.perf_counter()
        subprocess.run(thuvien("opendata"), check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in (data_dir / "opendata").glob("*.gz"))
        print(
            f"open data dumps (network + each library; MARCXML, JSON Lines, CSV; gzip): "
            f"{seconds:.0f} s, {size / 2**20:.0f} MB"
        )


if __name__ == "__main__":
    main()
