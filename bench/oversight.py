"""The KPI dashboard on a province-sized network (issue #13 "Figures": the KPI dashboard
p95 ≤ 1 s for a province of 1,500 libraries).

Builds a reproducible province straight into the database (bulk inserts, fixed seed): the
libraries with their facilities and units, staff accounts, records and copies, readers, a
year of loans, digitised rare and endogenous documents, training participants and the
population. Then times the whole dashboard (all nine KPIs, ``kpis.all_figures``) and the
staff page that shows it (``/staff/oversight/kpis/``, rendered through Django's test client
with a signed-in Department officer), and prints p50/p95 with the load average.

    .venv/bin/python bench/oversight.py --database sqlite
    .venv/bin/python bench/oversight.py --database postgres --libraries 1500 --copies 2000000

Run on demand only (not a test).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

PG_URL = "postgresql://postgres@127.0.0.1:5432/thuvien_bench_oversight"
SEED = 13
YEAR = 2026


def prepare(database: str, reuse: bool) -> None:
    data_dir = Path(tempfile.gettempdir()) / "thuvien-bench-oversight" / database
    if not reuse:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    os.environ["THUVIEN_DATA_DIR"] = str(data_dir)
    if database == "postgres" and reuse:
        os.environ["THUVIEN_DATABASE_URL"] = PG_URL
    elif database == "postgres":
        name = PG_URL.rsplit("/", 1)[1]
        for sql in (
            f"DROP DATABASE IF EXISTS {name}",
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'",
        ):
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        os.environ["THUVIEN_DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("THUVIEN_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(libraries: int, copies: int, loans: int, readers: int) -> Any:
    """The province; returns the Department officer."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from thuvien.catalogue.models import Item, Record
    from thuvien.circulation.models import Loan, Patron
    from thuvien.digital.models import Collection, DigitalObject
    from thuvien.network.models import (
        AdministrativeUnit,
        Library,
        LibraryFacilities,
        Population,
        StaffProfile,
    )
    from thuvien.oversight.models import Participant, TrainingCourse

    rng = random.Random(SEED)
    in_year = timezone.make_aware(datetime(YEAR, 3, 2, 10))
    province = AdministrativeUnit.objects.create(
        scheme="2025", code="99", name="Tỉnh Thử", division_type="tỉnh", level="province"
    )
    communes = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            scheme="2025", code=f"9{n:04d}", name=f"Xã {n}", division_type="xã",
            level="commune", parent=province,
        )
        for n in range(100)
    )  # fmt: skip
    Population.objects.create(unit=province, year=YEAR, population=2_000_000)
    Population.objects.bulk_create(
        Population(unit=c, year=YEAR, population=rng.randint(5_000, 40_000)) for c in communes
    )
    kinds = ["public"] * 6 + ["school"] * 3 + ["university", "specialised"]
    libs = Library.objects.bulk_create(
        Library(
            code=f"VN-BN{n:05d}", name_vi=f"Thư viện {n}", library_type=rng.choice(kinds),
            level=rng.choice(["commune", "district", "institution"]),
            admin_unit=rng.choice(communes), website="https://tv.vn" if n % 3 else "",
            facility="library" if n % 20 else "reading-room",
        )
        for n in range(libraries)
    )  # fmt: skip
    LibraryFacilities.objects.bulk_create(
        LibraryFacilities(
            library=lib, staff_count=rng.randint(1, 10), rare_documents_held=rng.randint(0, 50),
            endogenous_documents_held=rng.randint(0, 500), online_services=["catalogue"],
            linked_to_provincial=rng.random() < 0.3,
        )
        for lib in libs
    )  # fmt: skip
    users = get_user_model().objects
    officer = users.create_user("so-bench")
    StaffProfile.objects.create(user=officer, role="department-officer")
    staff = [users.create_user(f"cb{n}") for n in range(libraries // 2)]
    StaffProfile.objects.bulk_create(
        StaffProfile(user=u, role="cataloguer", library=libs[i * 2]) for i, u in enumerate(staff)
    )
    per_record = 5
    records = Record.objects.bulk_create(
        (
            Record(
                library=libs[n % libraries], leader="00000nam a2200000 a 4500", marc="[]",
                match_key=f"k{n}", content_hash=f"h{n}", title=f"Sách {n}",
            )
            for n in range(copies // per_record)
        ),
        batch_size=5000,
    )  # fmt: skip
    items = Item.objects.bulk_create(
        (
            Item(library=r.library, record=r, barcode=f"B{i}-{j}")
            for i, r in enumerate(records)
            for j in range(per_record)
        ),
        batch_size=5000,
    )
    patrons = Patron.objects.bulk_create(
        (
            Patron(home_library=libs[n % libraries], card_number=f"C{n}", full_name="Bạn đọc")
            for n in range(readers)
        ),
        batch_size=5000,
    )
    del patrons
    Loan.objects.bulk_create(
        (
            Loan(
                item=(item := items[rng.randrange(len(items))]), library_id=item.library_id,
                state="returned", checked_out_at=in_year + timedelta(hours=n % 5000),
                due_on=date(YEAR, 4, 1), returned_at=in_year,
            )
            for n in range(loans)
        ),
        batch_size=5000,
    )  # fmt: skip
    for kind in ("rare", "thesis"):
        chosen = rng.sample(libs, k=min(200, len(libs)))
        made = Collection.objects.bulk_create(
            Collection(code=f"{kind}-{lib.pk}", name_vi=kind, kind=kind, library=lib)
            for lib in chosen
        )
        DigitalObject.objects.bulk_create(
            (
                DigitalObject(
                    identifier=f"{kind}-{c.pk}-{n}", library=c.library, collection=c,
                    title="Tài liệu",
                )
                for c in made
                for n in range(10)
            ),
            batch_size=5000,
        )  # fmt: skip
    course = TrainingCourse.objects.create(
        title="Kỹ năng số", hours=8, starts_on=date(YEAR, 3, 2), ends_on=date(YEAR, 3, 3)
    )
    Participant.objects.bulk_create(
        Participant(
            course=course, library=libs[n % libraries], name=f"Cán bộ {n}", person=f"p{n}",
            completed=True,
        )
        for n in range(libraries * 2)
    )  # fmt: skip
    return officer


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--libraries", type=int, default=1500)
    parser.add_argument("--copies", type=int, default=200_000)
    parser.add_argument("--loans", type=int, default=300_000)
    parser.add_argument("--readers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="time the last run's data again")
    args = parser.parse_args()
    prepare(args.database, args.reuse)
    from django.contrib.auth import get_user_model
    from django.test import Client

    if args.reuse:
        officer = get_user_model().objects.get(username="so-bench")
    else:
        started = time.perf_counter()
        officer = build(args.libraries, args.copies, args.loans, args.readers)
        print(
            f"built {args.libraries} libraries, {args.copies} copies, {args.loans} loans, "
            f"{args.readers} readers in {time.perf_counter() - started:.0f} s ({args.database})"
        )

    from thuvien.oversight import kpis

    def timed(work: Any) -> list[float]:
        work()  # warm: the first run pays the imports and the caches
        samples = []
        for _ in range(args.runs):
            begun = time.perf_counter()
            work()
            samples.append(time.perf_counter() - begun)
        return samples

    figures = timed(lambda: kpis.all_figures(YEAR))
    client = Client(HTTP_HOST="localhost")
    client.force_login(officer)

    def page() -> None:
        response = client.get(f"/staff/oversight/kpis/?year={YEAR}")
        assert response.status_code == 200, response.status_code

    pages = timed(page)
    for name, samples in (("kpis.all_figures", figures), ("GET /staff/oversight/kpis/", pages)):
        print(
            f"{name}: p50 {statistics.median(samples) * 1000:.0f} ms, "
            f"p95 {percentile(samples, 0.95) * 1000:.0f} ms over {args.runs} runs"
        )
    print(f"{os.cpu_count()} cores, load average:", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
