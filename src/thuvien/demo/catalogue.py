"""The demo's records: real MARC files from the shared test data go to the provincial
library; the Vietnamese sample records (:mod:`thuvien.demo.vietnamese_samples`) go to every
library that holds a copy, one import per library, so each library owns its records.

Imports match records already there, so a second load changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from django.db.models import Count
from django.utils.translation import gettext as _

from thuvien.catalogue import iso2709
from thuvien.catalogue.importing import ImportReport
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.catalogue.services import run_import
from thuvien.demo.vietnamese_sample_data import held_by
from thuvien.demo.vietnamese_samples import vietnamese_records
from thuvien.network.models import Library, StaffProfile

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


def load_marc(
    library: Library, shared: Path | None, origin: str, sample: int | None, actor: str
) -> tuple[list[str], str]:
    """Import :data:`MARC_FILES` (their first ``sample`` records) into ``library``."""
    if shared is None:
        return [], _(
            "bỏ qua: không tìm thấy thư mục dữ liệu dùng chung "
            "(../shared/data); chỉ rõ bằng --shared-data hoặc "
            "THUVIEN_SHARED_DATA_DIR"
        )
    total = ImportReport()
    missing = []
    for name in MARC_FILES:
        path = shared / name
        if not path.is_file():
            missing.append(name)
            continue
        report = run_import(library, _sample_stream(path, sample), actor=actor, source=path.name)
        _add(total, report)
    gone = _("; thiếu: {files}").format(files=", ".join(missing)) if missing else ""
    found = len(MARC_FILES) - len(missing)
    topped = _("{count} biểu ghi MARC → {library}")
    return _topped(total, topped, library=library.code), _(
        "{count} tệp từ {folder} ({origin}): {counts}{missing}"
    ).format(count=found, folder=shared, origin=origin, counts=_counts(total), missing=gone)


def load_vietnamese(
    libraries: dict[str, Library], shared: Path | None, sample: int | None, actor: str
) -> tuple[list[str], str]:
    """The Vietnamese sample records, each library importing those it holds copies of."""
    csv_path = shared / CSV if shared is not None else None
    note = ""
    if csv_path is None or not csv_path.is_file():
        note = _("; thiếu {file}: chỉ có biểu ghi làm tay").format(file=CSV)
        csv_path = None
    records = list(vietnamese_records(csv_path, list(libraries), limit=sample))
    total = ImportReport()
    per_library = []
    for code, library in libraries.items():
        held = (r for r in (held_by(record, code) for record in records) if r is not None)
        report = run_import(
            library,
            io.BytesIO(_encoded(held)),
            actor=actor,
            source="vietnamese-samples",
            fmt="iso2709",
        )
        _add(total, report)
        per_library.append(f"{code} {report.processed}")
    shares = ", ".join(per_library)
    topped = _("{count} biểu ghi tiếng Việt")
    return _topped(total, topped), _("{count} biểu ghi ({shares}): {counts}{note}").format(
        count=len(records), shares=shares, counts=_counts(total), note=note
    )


def totals() -> str:
    """What the database holds once loaded, in one line."""
    records = Record.objects.values("kind").annotate(n=Count("id"))
    kinds = {row["kind"]: row["n"] for row in records}
    return _(
        "Tổng: {libraries} thư viện, {bib} biểu ghi thư mục, {auth} "
        "biểu ghi tính nhất quán, {copies} bản sao, {staff} tài khoản "
        "cán bộ"
    ).format(
        libraries=Library.objects.count(),
        bib=kinds.get("bib", 0),
        auth=kinds.get("auth", 0),
        copies=Item.objects.count(),
        staff=StaffProfile.objects.count(),
    )


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


def _topped(total: ImportReport, what: str, **values: str) -> list[str]:
    """``what`` with ``{count}`` (and ``values``) filled, when anything was added."""
    count = total.imported + total.updated
    return [what.format(count=count, **values)] if count else []


def _encoded(records: Iterator[MarcRecord]) -> bytes:
    return b"".join(iso2709.encode(r) for r in records)


def _add(total: ImportReport, report: ImportReport) -> None:
    total.imported += report.imported
    total.updated += report.updated
    total.unchanged += report.unchanged
    total.rejected += report.rejected
    total.warnings += report.as_dict()["warnings"]


def _counts(report: ImportReport) -> str:
    counts = _("mới {imported}, sửa {updated}, không đổi {unchanged}, lỗi {rejected}").format(
        imported=report.imported,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
    )
    if report.warnings:
        counts += _(", cảnh báo {count}").format(count=len(report.warnings))
    return counts
