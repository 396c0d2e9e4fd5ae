"""What the CLI and the API print: one library's figures or the province's, the same keys."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thuvien.errors import NotFound
from thuvien.network.models import Library
from thuvien.reporting import exports, figures, province, sheets
from thuvien.reporting.models import ReportForm


def library_by_code(code: str) -> Library:
    found = Library.objects.filter(code=code).first()
    if found is None:
        raise NotFound(
            _("Không có thư viện mã {code}: xem danh sách bằng `thuvien library list`.").format(
                code=code
            ),
            library=code,
        )
    return found


def library_report(library: Library, year: int) -> dict[str, Any]:
    """The live figures of one library, and its form's state where one exists."""
    p = figures.period(year)
    form = ReportForm.objects.filter(library=library, period__year=year).first()
    return {
        "library": library.code,
        "year": year,
        "period": {"first": p.first.isoformat(), "last": p.last.isoformat()},
        "form_state": form.state if form is not None else None,
        **figures.for_library(library, p),
    }


def province_report(year: int, *, as_sent: bool = False) -> dict[str, Any]:
    return province.report(figures.period(year), as_sent=as_sent)


def export(fmt: str, year: int, library: Library | None) -> bytes:
    """The report file: a library's form (as sent where sent, else live) or the province."""
    if library is None:
        report = province_report(year, as_sent=True)
        if fmt == "xlsx":
            return sheets.province_workbook(report)
        if fmt == "csv":
            return exports.province_csv(report).encode("utf-8-sig")
        return exports.pdf(exports.province_context(report))
    form = ReportForm.objects.filter(library=library, period__year=year).first()
    if form is not None:
        values, notes, state = form.values, form.explanations, form.get_state_display()
    else:
        counted = figures.for_library(library, figures.period(year))
        values, notes, state = {k: counted[k] for k in figures.NUMBERS}, {}, ""
    if fmt == "xlsx":
        return sheets.form_workbook(library.code, library.name_vi, year, values, notes)
    if fmt == "csv":
        return exports.form_csv(library.code, year, values, notes).encode("utf-8-sig")
    return exports.pdf(
        exports.form_context(library.code, library.name_vi, year, values, notes, state=state)
    )


FORMATS = ("xlsx", "pdf", "csv")
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
KEY_FIGURES = exports.KEY_FIGURES
