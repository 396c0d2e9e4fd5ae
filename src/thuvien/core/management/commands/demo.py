"""``thuvien demo``: a believable provincial library network to click through, from one command.

The network is Cà Mau's as it stands since the 2025-07-01 reform (Cà Mau and Bạc Liêu are
one province, districts are gone): the provincial library, three commune libraries, two
school libraries and a community library in a Khmer pagoda, with the former district
library of Trần Văn Thời merged into the provincial library on 2025-07-01. Codes, addresses,
founding dates and staff are invented for the demo; the units are the real ones.

Records: real MARC files from the shared test data go to the provincial library; the
Vietnamese sample records (:mod:`thuvien.catalogue.vietnamese_samples`) go to every library
that holds a copy, one import per library, so each library owns its records.

Idempotent: everything is looked up before it is made, and imports match records already
there, so a second run adds nothing and says so.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count

from thuvien.catalogue import iso2709
from thuvien.catalogue.importing import ImportReport
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.catalogue.services import run_import
from thuvien.catalogue.vietnamese_sample_data import held_by
from thuvien.catalogue.vietnamese_samples import vietnamese_records
from thuvien.errors import ThuvienError
from thuvien.network import services, units
from thuvien.network.models import AdministrativeUnit, Library, LibraryEvent, StaffProfile

ACTOR = "demo"
STEPS = 7
PASSWORD = "thuvien-demo"  # noqa: S105 - printed for the user: demo accounts only
MERGED_ON = date(2025, 7, 1)
REPO = Path(__file__).resolve().parents[5]
CSV = Path("vietnamese") / "tiki_book_data.csv"
# Real records nobody on this project wrote, for the provincial library.
MARC_FILES = (
    "marc/evergreen/jazz_1k.mrc",
    "marc/evergreen/lul_fre_500.mrc",
    "marc/evergreen/hebrew.marc",
    "marc/evergreen/map_data.mrc",
    "marc/evergreen/auth-1066.mrc",
    "marc/pymarc/marc8.dat",
    "marc/pymarc/test.dat",
    "marc/pymarc/diacritic.dat",
)


@dataclass(frozen=True)
class DemoLibrary:
    code: str
    name_vi: str
    name_en: str
    library_type: str
    level: str
    unit: tuple[str, str]  # (scheme, GSO code) of its commune, or district before 2025
    address: str
    founded_on: date
    parent: str | None = None
    host: str = ""
    is_public: bool = True


PROVINCIAL = "VN-CM0001"
NETWORK = (
    DemoLibrary(PROVINCIAL, "Thư viện tỉnh Cà Mau", "Cà Mau Provincial Library", "public",
                "provincial", ("2025", "32002"), "Đường Hùng Vương, phường An Xuyên, tỉnh Cà Mau",
                date(1997, 1, 1), host="Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau"),
    DemoLibrary("VN-CM0002", "Thư viện xã Đất Mũi", "Đất Mũi Commune Library", "public",
                "commune", ("2025", "32248"), "Ấp Khai Long, xã Đất Mũi, tỉnh Cà Mau",
                MERGED_ON, parent=PROVINCIAL, host="Ủy ban nhân dân xã Đất Mũi"),
    DemoLibrary("VN-CM0003", "Thư viện xã Trần Văn Thời", "Trần Văn Thời Commune Library",
                "public", "commune", ("2025", "32095"), "Khóm 1, xã Trần Văn Thời, tỉnh Cà Mau",
                MERGED_ON, parent=PROVINCIAL, host="Ủy ban nhân dân xã Trần Văn Thời"),
    DemoLibrary("VN-CM0004", "Thư viện phường Bạc Liêu", "Bạc Liêu Ward Library", "public",
                "commune", ("2025", "31825"), "Đường Trần Phú, phường Bạc Liêu, tỉnh Cà Mau",
                MERGED_ON, parent=PROVINCIAL, host="Ủy ban nhân dân phường Bạc Liêu"),
    DemoLibrary("VN-CM0005", "Thư viện Trường THPT chuyên Phan Ngọc Hiển",
                "Phan Ngọc Hiển High School for the Gifted Library", "school", "institution",
                ("2025", "32002"), "Phường An Xuyên, tỉnh Cà Mau", date(1995, 9, 5),
                host="Trường THPT chuyên Phan Ngọc Hiển"),
    DemoLibrary("VN-CM0006", "Thư viện Trường Tiểu học Đất Mũi", "Đất Mũi Primary School Library",
                "school", "institution", ("2025", "32248"), "Xã Đất Mũi, tỉnh Cà Mau",
                date(2005, 9, 5), host="Trường Tiểu học Đất Mũi"),
    DemoLibrary("VN-CM0007", "Thư viện cộng đồng chùa Xiêm Cán",
                "Xiêm Cán Pagoda Community Library", "community", "community", ("2025", "31834"),
                "Chùa Xiêm Cán, phường Vĩnh Trạch, tỉnh Cà Mau", date(2019, 4, 14),
                parent="VN-CM0004", host="Chùa Xiêm Cán", is_public=False),
)  # fmt: skip
FORMER_DISTRICT = DemoLibrary(
    "VN-CM0008", "Thư viện huyện Trần Văn Thời", "Trần Văn Thời District Library", "public",
    "district", ("2004", "968"), "Thị trấn Trần Văn Thời, huyện Trần Văn Thời, tỉnh Cà Mau",
    date(1999, 1, 1), parent=PROVINCIAL, host="Trung tâm Văn hóa huyện Trần Văn Thời",
)  # fmt: skip
# (username, role, library, full name)
STAFF = (
    ("quantri", "network-admin", None, "Nguyễn Văn An"),
    ("canbo.so", "department-officer", None, "Trần Thị Bích"),
    ("quantri.tinh", "library-admin", PROVINCIAL, "Lê Minh Châu"),
    ("bienmuc.tinh", "cataloguer", PROVINCIAL, "Phạm Thị Dung"),
    ("luuthong.tinh", "circulation-clerk", PROVINCIAL, "Huỳnh Văn Em"),
    ("bienmuc.datmui", "cataloguer", "VN-CM0002", "Võ Thị Giang"),
)


def find_shared_data(given: str | None) -> tuple[Path | None, str]:
    """The shared data folder, and where it came from; an explicit folder must exist."""
    if given:
        path = Path(given).expanduser()
        if not path.is_dir():
            raise CommandError(
                f"--shared-data {given}: không có thư mục này. / There is no folder {given}; "
                "give the folder that holds marc/ and vietnamese/ (usually ../shared/data)."
            )
        return path, "--shared-data"
    configured = Path(settings.THUVIEN_SHARED_DATA_DIR)
    candidates = [(configured, "THUVIEN_SHARED_DATA_DIR")] if str(configured) != "." else []
    candidates += [
        (Path.cwd().parent / "shared" / "data", "../shared/data"),
        (REPO.parent / "shared" / "data", "../shared/data (repository)"),
    ]
    for path, origin in candidates:
        if path.is_dir():
            return path, origin
    return None, ""


def _sample_stream(path: Path, sample: int | None) -> io.BytesIO:
    """The file, or its first ``sample`` ISO 2709 records (MARCXML files are kept whole)."""
    data = path.read_bytes()
    if sample is None or data.lstrip()[:1] == b"<":
        return io.BytesIO(data)
    raws = iso2709.split_records(io.BytesIO(data))
    kept = [
        r.data for r, _ in zip(raws, range(sample), strict=False) if not isinstance(r, Exception)
    ]
    return io.BytesIO(b"".join(kept))


class Command(BaseCommand):
    help = (
        "Dựng mạng lưới thư viện mẫu (tỉnh Cà Mau) rồi chạy máy chủ. / Build a sample library "
        "network (Cà Mau province) with records, copies and staff accounts, then serve it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--load-only", action="store_true", help="Load, do not serve.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--shared-data", help="Folder of the shared sample data.")
        parser.add_argument(
            "--sample",
            type=int,
            metavar="N",
            help="At most N records from each file (quick tries, tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sample = options["sample"]
        if sample is not None and sample < 1:
            raise CommandError("--sample phải lớn hơn 0. / --sample must be at least 1.")
        shared, origin = find_shared_data(options["shared_data"])
        self.added: list[str] = []
        started = time.perf_counter()
        try:
            self._step(1, "Đơn vị hành chính / Administrative units", self._units)
            libraries = self._step(2, "Mạng lưới thư viện / Library network", self._network)
            self._step(
                3,
                "Biểu ghi MARC mẫu / Real MARC records",
                lambda: self._marc(libraries[PROVINCIAL], shared, origin, sample),
            )
            self._step(
                4,
                "Biểu ghi tiếng Việt / Vietnamese records",
                lambda: self._vietnamese(libraries, shared, sample),
            )
            self._step(5, "Tài khoản cán bộ / Staff accounts", lambda: self._staff(libraries))
            self._step(
                6,
                "Thư viện số / Digital library",
                lambda: self._digital(libraries[PROVINCIAL], shared),
            )
            self._step(7, "Bạn đọc / Readers", lambda: self._readers(libraries[PROVINCIAL]))
        except ThuvienError as exc:
            raise CommandError(exc.message) from None
        took = time.perf_counter() - started
        if self.added:
            self.stdout.write(f"Đã bổ sung / Topped up: {'; '.join(self.added)} ({took:.1f} s)")
        else:
            self.stdout.write(
                f"Dữ liệu mẫu đã có sẵn, không thêm gì. / The demo is already "
                f"loaded; nothing was added ({took:.1f} s)."
            )
        self.stdout.write(_totals())
        self._accounts(options["host"], options["port"])
        if not options["load_only"]:
            call_command("serve", host=options["host"], port=options["port"])

    def _step(self, n: int, title: str, work: Any) -> Any:
        started = time.perf_counter()
        result, summary = work()
        took = time.perf_counter() - started
        self.stdout.write(f"[{n}/{STEPS}] {title}: {summary} ({took:.1f} s)")
        self.stdout.flush()
        return result

    # --- steps ----------------------------------------------------------------------------
    def _units(self) -> tuple[None, str]:
        report = units.load(units.default_pre_2025_wheel(), actor=ACTOR)
        total = AdministrativeUnit.objects.count()
        if report.created:
            self.added.append(f"{report.created} đơn vị / units")
        note = (
            ""
            if report.pre_2025_loaded
            else (
                "; chỉ có đơn vị từ 2025, thiếu dữ liệu trước 2025 / only units since 2025: the "
                f"pre-2025 data are missing ({units.DOWNLOAD_HINT})"
            )
        )
        return None, f"{total} (mới / new {report.created}){note}"

    def _network(self) -> tuple[dict[str, Library], str]:
        libraries: dict[str, Library] = {}
        new = 0
        with transaction.atomic():
            for spec in (*NETWORK, FORMER_DISTRICT):
                found = Library.objects.filter(code=spec.code).first()
                if found is None:
                    found = self._register(spec, libraries)
                    new += 1
                libraries[spec.code] = found
            former = libraries[FORMER_DISTRICT.code]
            merged = former.status == Library.Status.MERGED
            if not merged:
                services.record_event(
                    ACTOR, former, LibraryEvent.Kind.MERGED, MERGED_ON,
                    related=[libraries[PROVINCIAL]],
                    note="Sáp nhập vào Thư viện tỉnh Cà Mau khi bỏ cấp huyện (01/07/2025). / "
                    "Merged into the provincial library when districts were abolished.",
                )  # fmt: skip
        if new:
            self.added.append(f"{new} thư viện / libraries")
        if not merged:
            self.added.append("1 sáp nhập / merger")
        del libraries[FORMER_DISTRICT.code]
        return libraries, (
            f"{len(NETWORK)} đang hoạt động + 1 đã sáp nhập / {len(NETWORK)} "
            f"active + 1 merged (mới / new {new})"
        )

    def _register(self, spec: DemoLibrary, known: dict[str, Library]) -> Library:
        unit = AdministrativeUnit.objects.filter(scheme=spec.unit[0], code=spec.unit[1]).first()
        return services.register_library(
            ACTOR, code=spec.code, name_vi=spec.name_vi, name_en=spec.name_en,
            library_type=spec.library_type, is_public=spec.is_public, level=spec.level,
            parent=known[spec.parent] if spec.parent else None, host_organisation=spec.host,
            address=spec.address, admin_unit=unit, founded_on=spec.founded_on,
        )  # fmt: skip

    def _marc(
        self, library: Library, shared: Path | None, origin: str, sample: int | None
    ) -> tuple[None, str]:
        if shared is None:
            return None, (
                "bỏ qua: không tìm thấy thư mục dữ liệu dùng chung (../shared/data); chỉ rõ bằng "
                "--shared-data hoặc THUVIEN_SHARED_DATA_DIR / skipped: the shared data folder "
                "(../shared/data) was not found; give it with --shared-data or "
                "THUVIEN_SHARED_DATA_DIR"
            )
        total = ImportReport()
        missing = []
        for name in MARC_FILES:
            path = shared / name
            if not path.is_file():
                missing.append(name)
                continue
            report = run_import(
                library, _sample_stream(path, sample), actor=ACTOR, source=path.name
            )
            _add(total, report)
        self._topped(total, f"biểu ghi MARC / MARC records → {library.code}")
        gone = f"; thiếu / missing: {', '.join(missing)}" if missing else ""
        found = len(MARC_FILES) - len(missing)
        return None, f"{found} tệp / files from {shared} ({origin}): {_counts(total)}{gone}"

    def _vietnamese(
        self, libraries: dict[str, Library], shared: Path | None, sample: int | None
    ) -> tuple[None, str]:
        csv_path = shared / CSV if shared is not None else None
        note = ""
        if csv_path is None or not csv_path.is_file():
            note = f"; thiếu / missing {CSV}: chỉ có biểu ghi làm tay / hand-written records only"
            csv_path = None
        records = list(vietnamese_records(csv_path, list(libraries), limit=sample))
        total = ImportReport()
        per_library = []
        for code, library in libraries.items():
            held = (r for r in (held_by(record, code) for record in records) if r is not None)
            report = run_import(
                library,
                io.BytesIO(_encoded(held)),
                actor=ACTOR,
                source="vietnamese-samples",
                fmt="iso2709",
            )
            _add(total, report)
            per_library.append(f"{code} {report.processed}")
        self._topped(total, "biểu ghi tiếng Việt / Vietnamese records")
        shares = ", ".join(per_library)
        return None, f"{len(records)} biểu ghi / records ({shares}): {_counts(total)}{note}"

    def _topped(self, total: ImportReport, what: str) -> None:
        if total.imported or total.updated:
            self.added.append(f"{total.imported + total.updated} {what}")

    def _staff(self, libraries: dict[str, Library]) -> tuple[None, str]:
        users = get_user_model().objects
        new = 0
        for username, role, code, full_name in STAFF:
            if not users.filter(username=username).exists():
                services.create_staff(
                    ACTOR,
                    username=username,
                    password=PASSWORD,
                    role=role,
                    library=libraries[code] if code else None,
                    full_name=full_name,
                )
                new += 1
        if new:
            self.added.append(f"{new} tài khoản / accounts")
        return None, f"{len(STAFF)} (mới / new {new})"

    def _digital(self, library: Library, shared: Path | None) -> tuple[None, str]:
        from thuvien.digital import demo

        made, summary = demo.load(library, shared, ACTOR)
        if made:
            self.added.append(f"{made} tài liệu số / digital objects")
        return None, summary

    def _readers(self, library: Library) -> tuple[None, str]:
        from thuvien.circulation import demo

        made, summary = demo.load(library, ACTOR)
        if made:
            self.added.append(f"{made} bạn đọc, quy tắc / readers, rules")
        return None, summary

    def _accounts(self, host: str, port: int) -> None:
        rows = [("Tên đăng nhập / username", "Vai trò / role", "Thư viện / library")]
        rows += [(u, r, c or "(toàn mạng lưới / network)") for u, r, c, _ in STAFF]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        for row in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
        self.stdout.write(f"Mật khẩu của mọi tài khoản / password of every account: {PASSWORD}")
        self.stdout.write(f"Trang cán bộ / staff pages: http://{host}:{port}/staff/")
        self.stdout.write(f"Trang bạn đọc / public portal: http://{host}:{port}/")
        self.stdout.write(
            f"Bàn lưu thông / circulation desk: http://{host}:{port}/staff/circulation/ "
            "(thẻ bạn đọc / reader cards CM-0001…CM-0005 of VN-CM0001, PIN 1234)"
        )


def _totals() -> str:
    records = Record.objects.values("kind").annotate(n=Count("id"))
    kinds = {row["kind"]: row["n"] for row in records}
    return (
        f"Tổng / totals: {Library.objects.count()} thư viện / libraries, "
        f"{kinds.get('bib', 0)} biểu ghi thư mục / bibliographic records, "
        f"{kinds.get('auth', 0)} biểu ghi tính nhất quán / authority records, "
        f"{Item.objects.count()} bản sao / copies, "
        f"{StaffProfile.objects.count()} tài khoản cán bộ / staff accounts"
    )


def _encoded(records: Iterator[MarcRecord]) -> bytes:
    return b"".join(iso2709.encode(r) for r in records)


def _add(total: ImportReport, report: ImportReport) -> None:
    total.imported += report.imported
    total.updated += report.updated
    total.unchanged += report.unchanged
    total.rejected += report.rejected
    total.warnings += report.as_dict()["warnings"]


def _counts(report: ImportReport) -> str:
    return (
        f"mới / new {report.imported}, sửa / updated {report.updated}, "
        f"không đổi / unchanged {report.unchanged}, lỗi / rejected {report.rejected}"
        + (f", cảnh báo / warnings {len(report.warnings)}" if report.warnings else "")
    )
