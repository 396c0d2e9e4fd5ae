"""The registers printed (issue 18 "Figure": 100,000 lines as PDF in ≤ 30 s): an individual
register of N lines built with bulk inserts (N copies of 2,000 Vietnamese titles, one receipt
per 50 copies), then timed apart: reading the lines (the query and the withdrawal hook),
building the pages' HTML, laying out and writing the PDF (in ``--workers`` processes, joined
with pypdf), the XLSX, and the general register's PDF. For the ratio "ours vs the bare
library", a sample of ``--sample`` lines is also rendered as one plain WeasyPrint document.

    .venv/bin/python bench/registers.py --lines 100000 --workers 0
    .venv/bin/python bench/registers.py --lines 20000 --workers 2   # a loaded machine
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import set_up_django

WORDS = [
    "Lịch",
    "sử",
    "Việt",
    "Nam",
    "văn",
    "học",
    "dân",
    "gian",
    "tiếng",
    "Việt",
    "địa",
    "chí",
    "tỉnh",
    "kỹ",
    "thuật",
    "nông",
    "nghiệp",
    "trồng",
    "lúa",
    "nuôi",
    "cá",
    "giáo",
    "dục",
    "trẻ",
    "em",
    "truyện",
    "cổ",
    "tích",
    "thơ",
    "ca",
    "khoa",
    "học",
    "tự",
    "nhiên",
    "toán",
    "học",
    "vật",
    "lý",
    "hoá",
    "học",
    "sinh",
    "học",
    "đời",
    "sống",
    "văn",
    "hoá",
    "làng",
    "xã",
]


def load() -> str:
    return " ".join(os.getloadavg().__repr__().strip("()").split(", ")[:3])


def build(lines: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from thuvien.acquisitions.models import Accession, Receipt, Series
    from thuvien.catalogue.models import Item, Record
    from thuvien.network.models import Library

    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    with transaction.atomic():
        library = Library.objects.create(code="TV-BENCH", name_vi="Thư viện tỉnh Thử nghiệm")
        records = Record.objects.bulk_create(
            Record(
                library=library,
                leader="00000nam a2200000 a 4500",
                marc="[]",
                match_key=f"b:{i}",
                content_hash=f"{i}",
                title=" ".join(rng.choices(WORDS, k=rng.randint(3, 9))).capitalize(),
                authors=f"Nguyễn Văn {rng.choice(WORDS).capitalize()}",
                publisher=rng.choice(("NXB Kim Đồng", "NXB Giáo dục", "NXB Trẻ")),
                place="Hà Nội",
                year=rng.randint(1990, 2025),
                call_number=f"{rng.randint(0, 999):03d} {rng.choice('ABCDĐ')}",
                language="vie",
                material_type="book",
            )
            for i in range(2000)
        )
        series = Series.objects.create(library=library, code="VV", next_number=lines + 1)
        receipts = Receipt.objects.bulk_create(
            Receipt(
                library=library,
                number=n + 1,
                received_on=dt.date(2025, 1, 1) + dt.timedelta(days=n // 20),
                source=rng.choice(("purchase", "donation", "legal-deposit")),
                provider="Nhà sách Thử nghiệm",
                document=f"HĐ {n + 1}",
            )
            for n in range(-(-lines // 50))
        )
        items = Item.objects.bulk_create(
            Item(
                library=library,
                record=records[n % len(records)],
                barcode=f"VV{n + 1:06d}",
                accession_number=f"VV.{n + 1:06d}",
                price=Decimal(rng.randint(20, 200) * 1000),
                # One copy in fifty withdrawn: the hook's column is filled.
                status=Item.Status.WITHDRAWN if n % 50 == 7 else Item.Status.AVAILABLE,
            )
            for n in range(lines)
        )
        Accession.objects.bulk_create(
            (
                Accession(
                    library=library,
                    series=series,
                    number=n + 1,
                    code=f"VV.{n + 1:06d}",
                    registered_on=receipts[n // 50].received_on,
                    receipt=receipts[n // 50],
                    record=item.record,
                    item=item,
                    price=item.price,
                )
                for n, item in enumerate(items)
            ),
            batch_size=5000,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=0, help="0: every core")
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "thuvien-bench-registers"
    )
    args = parser.parse_args()
    set_up_django(args.workdir, "sqlite", "thuvien_bench_registers", fresh=True)

    from weasyprint import HTML

    from thuvien.acquisitions import pdf, printing, registers
    from thuvien.network.models import Library

    print(f"cores {os.cpu_count()}, load before {load()}")
    begun = time.perf_counter()
    build(args.lines)
    print(f"built {args.lines} register lines in {time.perf_counter() - begun:.1f} s")
    library = Library.objects.get(code="TV-BENCH")
    workers = args.workers or (os.cpu_count() or 1)

    begun = time.perf_counter()
    rows = [registers.individual_cells(line) for line in registers.individual(library)]
    read = time.perf_counter() - begun
    begun = time.perf_counter()
    slices = list(
        printing._slices("SỔ ĐĂNG KÝ CÁ BIỆT", library, printing.INDIVIDUAL, iter(rows), len(rows))
    )
    html = time.perf_counter() - begun
    print(f"read the lines: {read:.1f} s; their pages as HTML: {html:.1f} s ({len(slices)} slices)")

    begun = time.perf_counter()
    document = printing.individual_pdf(library, workers=workers)
    whole = time.perf_counter() - begun
    rate = args.lines / whole
    print(
        f"individual register PDF, {args.lines} lines, {workers} workers: {whole:.1f} s "
        f"({rate:.0f} lines/s, {len(document) // 1024} KB); at 100,000 lines: "
        f"{100_000 / rate:.0f} s"
    )
    begun = time.perf_counter()
    joined = pdf.join(pdf.render(s) for s in slices[:3])
    sample_join = time.perf_counter() - begun
    del joined

    # Ours against the bare library on the same sample, one process each.
    sample = rows[: args.sample]
    begun = time.perf_counter()
    printing._pdf("SỔ", library, printing.INDIVIDUAL, iter(sample), len(sample), workers_count=1)
    ours = time.perf_counter() - begun
    # The obvious way: one ruled HTML table, its cells cut to one line.
    table = "".join(
        "<tr>" + "".join(f"<td>{escape(printing._text(c))}</td>" for c in row) + "</tr>"
        for row in sample
    )
    heads = "".join(f"<th>{escape(h)}</th>" for h in registers.INDIVIDUAL_HEADINGS)
    bare_html = (
        "<html><head><meta charset=utf-8><style>@page { size: A4 landscape; margin: 10mm }"
        "body { font: 7.5pt 'DejaVu Sans Condensed' } table { border-collapse: collapse; "
        "width: 100%; table-layout: fixed } td, th { border: 0.5pt solid #000; "
        "white-space: nowrap; overflow: hidden }</style></head><body>"
        f"<table><thead><tr>{heads}</tr></thead><tbody>{table}</tbody></table></body></html>"
    )
    begun = time.perf_counter()
    HTML(string=bare_html).write_pdf()
    bare = time.perf_counter() - begun
    print(
        f"sample of {len(sample)} lines, one process: ours {ours:.1f} s, the same lines as one "
        f"WeasyPrint table {bare:.1f} s (ours / table {ours / bare:.2f}); 3 slices rendered "
        "and joined "
        f"{sample_join:.1f} s"
    )

    begun = time.perf_counter()
    book = printing.individual_xlsx(library)
    print(f"individual register XLSX: {time.perf_counter() - begun:.1f} s ({len(book) // 1024} KB)")
    begun = time.perf_counter()
    general = printing.general_pdf(
        library, dt.date(2000, 1, 1), dt.date(2100, 1, 1), workers=workers
    )
    print(
        f"general register PDF ({-(-args.lines // 50)} receipts): "
        f"{time.perf_counter() - begun:.1f} s ({len(general) // 1024} KB)"
    )
    print(f"load after {load()}")


if __name__ == "__main__":
    main()
