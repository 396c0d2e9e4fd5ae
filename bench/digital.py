"""Digital-library figures (issue #5 "Figures to report").

* IIIF tile throughput: every 256-pixel tile of every pyramid level of a 10,000 × 10,000
  page, fetched by 8 concurrent HTTP clients from ``thuvien serve`` (each tile cut and encoded,
  the tile cache emptied first), as a ratio to libvips cutting and encoding the same tiles
  in-process with 8 threads in the same run. Goal ≥ 0.6×.
* OCR pages per minute through the pipeline (the OCR job: page out of the pyramid, Tesseract
  with hOCR and a searchable PDF, text into the database) vs bare ``tesseract`` on the same
  pages, one after the other as an operator would run it. Goal: overhead ≤ 10 %, both cores.
* Ingest rate (pages/minute) of a 500-page batch (A4 at 200 dpi, JPEG), screening, checksums,
  pyramids and the database included.

    .venv/bin/python bench/digital.py                  # all three
    .venv/bin/python bench/digital.py --only tiles --clients 8
    .venv/bin/python bench/digital.py --only ingest --pages 500

Run on demand only; a private data folder; port 8591.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8591
TILE = 256
sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import serve  # noqa: E402


def setup_django(data: Path) -> None:
    os.environ["THUVIEN_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def library() -> object:
    from thuvien.network.models import Library

    return Library.objects.get_or_create(
        code="VN-BENCH", defaults={"name_vi": "Thư viện đo", "library_type": "public"}
    )[0]


def big_page(path: Path, side: int) -> Path:
    """A page with the texture of a scan: paper grain, ink blocks, JPEG as scanners write."""
    import pyvips

    grain = pyvips.Image.gaussnoise(side, side, sigma=18, mean=225)
    ink = (pyvips.Image.xyz(side, side)[0] // 97 % 3 == 0) & (
        pyvips.Image.xyz(side, side)[1] // 61 % 2 == 0
    )
    page = ink.ifthenelse(grain - 170, grain).cast("uchar")
    page.jpegsave(str(path), Q=85)
    return path


def tile_urls(identifier: str, width: int, height: int) -> list[str]:
    from thuvien.digital.iiif_image import info

    urls = []
    for factor in info("x", width, height)["tiles"][0]["scaleFactors"]:
        span = TILE * factor
        for y in range(0, height, span):
            for x in range(0, width, span):
                w, h = min(span, width - x), min(span, height - y)
                size = f"{-(-w // factor)},{-(-h // factor)}"
                urls.append(f"/iiif/3/{identifier}/{x},{y},{w},{h}/{size}/0/default.jpg")
    return urls


def in_process(tiles_path: Path, urls: list[str], threads: int) -> float:
    """libvips alone: open the level, crop, encode; the same tiles, the same concurrency."""
    import pyvips

    jobs = []
    for url in urls:
        region, size = url.split("/")[4:6]
        x, y, w, h = map(int, region.split(","))
        out_w = int(size.split(",")[0])
        factor = max(1, round(w / out_w))
        level = factor.bit_length() - 1
        jobs.append((level, x // factor, y // factor, -(-w // factor), -(-h // factor)))

    def cut(job: tuple[int, int, int, int, int]) -> int:
        level, x, y, w, h = job
        image = pyvips.Image.new_from_file(str(tiles_path), page=level, access="random")
        w, h = min(w, image.width - x), min(h, image.height - y)
        return len(image.crop(x, y, w, h).jpegsave_buffer(Q=85, strip=True))

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        total = sum(pool.map(cut, jobs))
    assert total > 0
    return len(jobs) / (time.perf_counter() - start)


def over_http(urls: list[str], clients: int) -> float:
    chunks = [urls[n::clients] for n in range(clients)]

    def client(mine: list[str]) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        got = 0
        for url in mine:
            connection.request("GET", url)
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200, (url, response.status, body[:200])
            got += len(body)
        connection.close()
        return got

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        assert sum(pool.map(client, chunks)) > 0
    return len(urls) / (time.perf_counter() - start)


def bench_tiles(data: Path, side: int, clients: int) -> None:
    from thuvien.digital import storage
    from thuvien.digital.models import DigitalObject
    from thuvien.digital.services import ingest

    identifier = f"tiles-{side}"
    if not DigitalObject.objects.filter(identifier=identifier).exists():
        source = big_page(data / f"{identifier}.jpg", side)
        started = time.perf_counter()
        ingest([source], library=library(), identifier=identifier, title="Bench",
               rights="public-domain", actor="bench")  # fmt: skip
        print(f"ingest of one {side} × {side} page: {time.perf_counter() - started:.1f} s")
    urls = tile_urls(identifier, side, side)
    tiles_path = storage.tile_path(identifier, 1)
    shutil.rmtree(storage.cache_dir(), ignore_errors=True)
    server = serve(PORT, THUVIEN_DATA_DIR=str(data))
    try:
        over_http(urls[:50], clients)  # warm the workers' imports
        shutil.rmtree(storage.cache_dir(), ignore_errors=True)
        http_rate = over_http(urls, clients)
        cached_rate = over_http(urls, clients)
    finally:
        server.terminate()
        server.wait()
    vips_rate = in_process(tiles_path, urls, clients)
    print(f"IIIF tiles, {len(urls)} tiles of 256 px from {side} × {side}, {clients} clients:")
    print(f"  thuvien serve (each tile cut): {http_rate:8.0f} tiles/s")
    print(f"  libvips in-process           : {vips_rate:8.0f} tiles/s")
    print(f"  ratio                        : {http_rate / vips_rate:8.2f}×  (goal ≥ 0.6×)")
    print(f"  thuvien serve (tile cache)   : {cached_rate:8.0f} tiles/s")


def bench_ocr(data: Path, pages: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.digital.samples import GAZETTEER, scanned_page

    from thuvien.digital.models import DigitalObject
    from thuvien.digital.services import ingest
    from thuvien.digital.tasks import page_jpeg, run_ocr

    folder = data / "ocr-pages"
    folder.mkdir(exist_ok=True)
    text = "\n".join([GAZETTEER] * 5)
    files = [scanned_page(folder / f"{n:03d}.jpg", text) for n in range(pages)]
    identifier = f"ocr-{time.time_ns()}"
    obj = ingest(files, library=library(), identifier=identifier, title="OCR", actor="bench")
    bare_inputs = []
    for page in obj.pages.select_related("digital_object"):
        path = folder / f"bare-{page.sequence:03d}.jpg"
        path.write_bytes(page_jpeg(page))  # the very pixels the pipeline gives Tesseract
        bare_inputs.append(path)
    start = time.perf_counter()
    for path in bare_inputs:
        out = str(path.with_suffix(""))
        command = ["tesseract", str(path), out, "-l", "vie", "--psm", "1", "hocr", "pdf"]
        subprocess.run(command, check=True, capture_output=True)
    bare = pages / (time.perf_counter() - start) * 60
    workers = os.cpu_count() or 1
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(path: Path) -> None:
        out = str(path.with_suffix("")) + "-p"
        command = ["tesseract", str(path), out, "-l", "vie", "--psm", "1", "hocr", "pdf"]
        subprocess.run(command, check=True, capture_output=True, env=env)

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, bare_inputs))
    bare_parallel = pages / (time.perf_counter() - start) * 60
    start = time.perf_counter()
    done = run_ocr(DigitalObject.objects.get(pk=obj.pk))
    pipeline = done / (time.perf_counter() - start) * 60
    print(f"OCR (vie), {pages} pages of {len(text.split())} words:")
    print(f"  bare tesseract, one after another    : {bare:6.1f} pages/min")
    print(f"  bare tesseract, {workers} at a time, 1 thread: {bare_parallel:6.1f} pages/min")
    print(f"  thuvien OCR job, {workers} at a time       : {pipeline:6.1f} pages/min")
    print(f"  pipeline / bare one after another    : {pipeline / bare:6.2f}×")
    print(f"  pipeline / bare {workers} at a time        : {pipeline / bare_parallel:6.2f}×"
          "  (goal ≥ 0.9×: overhead ≤ 10 %)")  # fmt: skip


def bench_ingest(data: Path, pages: int) -> None:
    import pyvips

    from thuvien.digital.services import ingest

    folder = data / "batch"
    folder.mkdir(exist_ok=True)
    templates = [folder / "template-a.jpg", folder / "template-b.jpg"]
    grain = pyvips.Image.gaussnoise(1654, 2339, sigma=14, mean=220).cast("uchar").copy_memory()
    grain.jpegsave(str(templates[0]), Q=85)
    grain.flip("vertical").jpegsave(str(templates[1]), Q=85)
    files = []
    for n in range(pages):
        path = folder / f"{n:04d}.jpg"
        if not path.exists():
            os.link(
                templates[n % 2], path
            )  # the same bytes twice: pages are still tiled one by one
        files.append(path)
    start = time.perf_counter()
    obj = ingest(files, library=library(), identifier=f"batch-{time.time_ns()}",
                 title="Batch", actor="bench")  # fmt: skip
    elapsed = time.perf_counter() - start
    print(f"ingest of a {pages}-page batch (A4, 200 dpi JPEG): {elapsed:.1f} s, "
          f"{obj.pages.count() / elapsed * 60:.0f} pages/min")  # fmt: skip
    # The same pages as a scanner delivers them: multi-page TIFFs of 10 pages, named p1…pN
    # (natural order), every page read from its TIFF directory.
    tiffs = data / "tiffs"
    tiffs.mkdir(exist_ok=True)
    pyvips_pages = [pyvips.Image.new_from_file(str(templates[n % 2])) for n in range(10)]
    joined = pyvips.Image.arrayjoin(pyvips_pages, across=1)
    joined = joined.copy()
    joined.set_type(pyvips.GValue.gint_type, "page-height", grain.height)
    for n in range(max(1, pages // 10)):
        target = tiffs / f"p{n + 1}.tif"
        if not target.exists():
            joined.tiffsave(str(target), compression="jpeg", Q=85)
    start = time.perf_counter()
    obj = ingest([tiffs], library=library(), identifier=f"tiffs-{time.time_ns()}",
                 title="TIFF batch", actor="bench")  # fmt: skip
    elapsed = time.perf_counter() - start
    count = obj.pages.count()
    print(f"ingest of {count} pages in {pages // 10} ten-page TIFFs: {elapsed:.1f} s, "
          f"{count / elapsed * 60:.0f} pages/min")  # fmt: skip
    # Raw libvips, 4 threads, pyramids only (no screening, hashing, copying or database).
    from thuvien.digital import imaging

    def raw(n: int) -> None:
        image = pyvips.Image.new_from_file(str(tiffs / f"p{n // 10 + 1}.tif"), page=n % 10)
        imaging.make_tiles(image, data / "raw" / f"{n}.tif")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(raw, range(count)))
    raw_elapsed = time.perf_counter() - start
    print(f"raw libvips pyramids of the same pages: {count / raw_elapsed * 60:.0f} pages/min; "
          f"ingest/raw = {raw_elapsed / elapsed:.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["tiles", "ocr", "ingest"])
    parser.add_argument("--side", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--ocr-pages", type=int, default=8)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--data", type=Path, help="Data folder to (re)use.")
    options = parser.parse_args()
    data = options.data or Path(tempfile.mkdtemp(prefix="thuvien-bench-digital-"))
    data.mkdir(parents=True, exist_ok=True)
    setup_django(data)
    print(f"data: {data}")
    if options.only in (None, "tiles"):
        bench_tiles(data, options.side, options.clients)
    if options.only in (None, "ocr"):
        bench_ocr(data, options.ocr_pages)
    if options.only in (None, "ingest"):
        bench_ingest(data, options.pages)


if __name__ == "__main__":
    main()
