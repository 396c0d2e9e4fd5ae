"""Staff pages of the yearly statistical report ("Báo cáo thống kê").

The Department opens a period and follows every library's form (who sent, who is late), reads
a form, returns it with a comment or approves it, and reads the province report. A library
fills its own form (pre-filled from thuvien's data, typed, or uploaded as the XLSX template)
and sends it. Every figure counted by thuvien has a drill-down to the rows it counted.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thuvien.errors import NotPermitted, ThuvienError
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, can, require
from thuvien.reporting import checks, figures, output, services
from thuvien.reporting.labels import COUNTED_LABELS, LABELS
from thuvien.reporting.models import ReportForm, ReportPeriod
from thuvien.staff.toolkit import own_library, paginate, query_without_page, staff_page


@staff_page
@require_http_methods(["GET", "POST"])
def period_list(request: HttpRequest) -> HttpResponse:
    """The periods; the Department opens a new one here."""
    reviewer = can(request.user, Action.REVIEW_REPORTS)
    if request.method == "POST":
        try:
            year = int(request.POST.get("year", ""))
            deadline = date.fromisoformat(request.POST.get("deadline", ""))
        except ValueError:
            messages.error(request, "Hãy nhập năm (ví dụ 2026) và hạn nộp dạng ngày.")
            return redirect("staff:reporting:periods")
        try:
            services.open_period(request.user, year, deadline)
        except ThuvienError as exc:
            messages.error(request, exc.message)
            return redirect("staff:reporting:periods")
        messages.success(request, f"Đã mở kỳ báo cáo năm {year}.")
        return redirect("staff:reporting:period", year=year)
    return render(
        request,
        "staff/reporting/periods.html",
        {"periods": ReportPeriod.objects.all(), "reviewer": reviewer},
    )


@staff_page
def period_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The Department: every library's form and the late list. A library: its own form."""
    period = services.get_period(year)
    library = own_library(request)
    if library is not None:
        return redirect("staff:reporting:form", year=year, code=library.code)
    require(request.user, Action.REVIEW_REPORTS)
    forms = {f.library_id: f for f in ReportForm.objects.filter(period=period)}
    pending = {lib.pk for lib, _state in services.pending(period)}
    rows = [
        (lib, forms.get(lib.pk), lib.pk in pending)
        for lib in Library.objects.filter(status=Library.Status.ACTIVE).order_by("code")
    ]
    return render(
        request,
        "staff/reporting/period.html",
        {
            "period": period,
            "rows": rows,
            "late": date.today() > period.deadline,
            "pending": len(pending),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def form_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """One library's form: figures, checks, history; filling for the library, review for the
    Department."""
    period = services.get_period(year)
    library = output.library_by_code(code)
    form = services.form_for(request.user, period, library)
    if request.method == "POST":
        return _act(request, form)
    last = services.last_year_values(form) or {}
    notes = form.explanations
    problems = {p.figure: p.message for p in checks.problems(form.values, notes, last)}
    rows = [
        {
            "key": key,
            "label": label,
            "value": form.values.get(key),
            "counted": form.counted.get(key) if key in COUNTED_LABELS else None,
            "last": last.get(key),
            "note": notes.get(key, ""),
            "problem": problems.get(key, ""),
            "drill": key in figures.drillable(),
        }
        for key, label in LABELS.items()
    ]
    return render(
        request,
        "staff/reporting/form.html",
        {
            "form": form,
            "rows": rows,
            "may_fill": can(request.user, Action.FILL_REPORTS, library)
            and form.state in services.EDITABLE,
            "may_review": can(request.user, Action.REVIEW_REPORTS)
            and form.state == ReportForm.State.SUBMITTED,
            "history": lifecycle.history(form).order_by("-at", "-id"),
            "versions": form.versions.order_by("-number"),
            "comments": form.comments.all(),
            "not_tracked": figures.NOT_TRACKED,
        },
    )


def _act(request: HttpRequest, form: ReportForm) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action == "prefill":
            services.prefill(request.user, form)
            messages.success(request, "Đã lấy lại số liệu từ dữ liệu của thư viện.")
        elif action in ("save", "submit"):
            values = {k: request.POST.get(f"v-{k}") for k in LABELS if f"v-{k}" in request.POST}
            notes = {k: request.POST.get(f"n-{k}", "") for k in LABELS if f"n-{k}" in request.POST}
            services.fill(request.user, form, values, notes)
            if action == "submit":
                services.submit(request.user, form)
                messages.success(request, "Đã gửi báo cáo cho Sở.")
            else:
                messages.success(request, "Đã lưu.")
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, "Hãy chọn tệp XLSX của biểu mẫu.")
            else:
                services.upload(request.user, form, upload.read())
                messages.success(request, "Đã đọc tệp XLSX vào biểu mẫu.")
        elif action == "return":
            services.return_form(
                request.user, form, request.POST.get("comment", ""), request.POST.get("figure", "")
            )
            messages.success(request, "Đã trả lại báo cáo cho thư viện.")
        elif action == "approve":
            services.approve(request.user, form, request.POST.get("comment", ""))
            messages.success(request, "Đã duyệt báo cáo.")
        else:
            raise Http404
    except NotPermitted:
        raise  # the 403 page, saying which right is missing
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:reporting:form", year=form.period.year, code=form.library.code)


@staff_page
def figure_rows(request: HttpRequest, year: int, code: str, key: str) -> HttpResponse:
    """The rows counted for one figure of a library, paged."""
    library = output.library_by_code(code)
    require(request.user, Action.READ_REPORTS, library)
    if key not in figures.drillable():
        raise Http404
    rows = figures.rows(key, library, figures.period(year))
    page = paginate(request, rows)
    columns = list(page.object_list[0]) if page.object_list else []
    return render(
        request,
        "staff/reporting/rows.html",
        {
            "library": library,
            "year": year,
            "label": LABELS[key],
            "page": page,
            "columns": columns,
            "lines": [[row[c] for c in columns] for row in page.object_list],
            "query": query_without_page(request),
        },
    )


@staff_page
def province_report(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Action.REVIEW_REPORTS)
    report = output.province_report(year, as_sent=True)
    numbers = figures.NUMBERS
    return render(
        request,
        "staff/reporting/province.html",
        {
            "report": report,
            "totals": [(LABELS[k], report["total"][k]) for k in numbers],
            "heads": [LABELS[k] for k in output.KEY_FIGURES],
            "groups": [
                (title, [(g, [t[k] for k in output.KEY_FIGURES]) for g, t in report[name].items()])
                for name, title in (
                    ("by_type", "Theo loại thư viện"),
                    ("by_level", "Theo cấp"),
                    ("by_unit", "Theo đơn vị hành chính (từ 01/07/2025)"),
                    ("by_unit_before_2025", "Theo đơn vị hành chính trước 2025 (so sánh)"),
                )
            ],
        },
    )


@staff_page
def download(request: HttpRequest, year: int, fmt: str, code: str = "") -> HttpResponse:
    if fmt not in output.MEDIA:
        raise Http404
    library = output.library_by_code(code) if code else None
    if library is None:
        require(request.user, Action.REVIEW_REPORTS)
    else:
        require(request.user, Action.READ_REPORTS, library)
    data = output.export(fmt, year, library)
    response = HttpResponse(data, content_type=output.MEDIA[fmt])
    name = f"bao-cao-{code or 'tinh'}-{year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
