"""The KPI dashboard, one KPI's drill-down, and the Department's settings (targets,
holidays, population)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.errors import NotFound, ThuvienError
from thuvien.network import facilities
from thuvien.network.models import AdministrativeUnit, Population
from thuvien.network.permissions import Action, require
from thuvien.network.services import library_by_code
from thuvien.oversight import kpis, services
from thuvien.oversight.models import Holiday, KpiTarget
from thuvien.reporting.figures import current_year
from thuvien.staff.toolkit import show_error, staff_page
from thuvien.staff.views.oversight.charts import bars, height
from thuvien.staff.views.oversight.forms import HolidayForm, PopulationForm, TargetForm

HISTORY_YEARS = 5


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return current_year()
    return year if 1990 <= year <= 2100 else current_year()


@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OVERSEE)
    year = _year(request)
    figures = kpis.all_figures(year)
    percent = [f for f in figures if f.kpi.percent]
    capita = [f for f in figures if not f.kpi.percent]
    return render(
        request,
        "staff/oversight/dashboard.html",
        {
            "year": year,
            "years": range(current_year(), current_year() - HISTORY_YEARS, -1),
            "figures": figures,
            "percent_chart": bars([(str(f.kpi.name), f.value, f.target) for f in percent], True),
            "percent_height": height(percent),  # type: ignore[arg-type]
            "capita_chart": bars([(str(f.kpi.name), f.value, f.target) for f in capita], False),
            "capita_height": height(capita),  # type: ignore[arg-type]
            "population": kpis.province_population(year),
        },
    )


@staff_page
def kpi_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Action.OVERSEE)
    kpi = kpis.KPIS.get(code)
    if kpi is None:
        raise NotFound(_("Không có chỉ tiêu {code}.").format(code=code))
    year = _year(request)
    result = kpis.figure(kpi, year)
    past = kpis.history(kpi, range(year - HISTORY_YEARS + 1, year + 1))
    by_type = kpis.breakdown(result, "type")
    by_commune = kpis.breakdown(result, "commune")
    chosen = request.GET.get("library", "")
    behind = None
    if chosen:
        library = library_by_code(chosen)
        behind = (library, kpis.records_behind(kpi, library, year))
    return render(
        request,
        "staff/oversight/kpi.html",
        {
            "kpi": kpi,
            "year": year,
            "figure": result,
            "history": past,
            "history_chart": bars([(str(f.year), f.value, f.target) for f in past], kpi.percent),
            "history_height": height(past),  # type: ignore[arg-type]
            "by_type": by_type,
            "type_chart": bars([(s.label, s.value, None) for s in by_type], kpi.percent),
            "type_height": height(by_type),  # type: ignore[arg-type]
            "by_commune": by_commune,
            "behind": behind,
            "targets": KpiTarget.objects.filter(kpi=kpi.code),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """Targets of the plan, public holidays, population: what the Department enters."""
    require(request.user, Action.OVERSEE)
    target = TargetForm(request.POST if "t-kpi" in request.POST else None, prefix="t")
    holiday = HolidayForm(request.POST if "h-name" in request.POST else None, prefix="h")
    people = PopulationForm(request.POST if "p-unit" in request.POST else None, prefix="p")
    if request.method == "POST":
        try:
            if target.is_bound and target.is_valid():
                d = target.cleaned_data
                services.set_target(request.user, d["kpi"], d["target"], d["deadline"], d["plan"])
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect("staff:oversight:settings")
            if holiday.is_bound and holiday.is_valid():
                services.add_holiday(
                    request.user, holiday.cleaned_data["date"], holiday.cleaned_data["name"]
                )
                messages.success(request, _("Đã lưu ngày nghỉ."))
                return redirect("staff:oversight:settings")
            if people.is_bound and people.is_valid():
                d = people.cleaned_data
                unit = AdministrativeUnit.objects.filter(
                    scheme=AdministrativeUnit.Scheme.SINCE_2025, code=d["unit"].strip()
                ).first()
                if unit is None:
                    people.add_error(
                        "unit",
                        _("Không có đơn vị hành chính mã {code} (theo danh mục 2025).").format(
                            code=d["unit"]
                        ),
                    )
                else:
                    facilities.set_population(
                        request.user, unit, d["year"], d["population"], d["source"]
                    )
                    messages.success(request, _("Đã lưu dân số."))
                    return redirect("staff:oversight:settings")
        except ThuvienError as exc:
            form = target if target.is_bound else holiday if holiday.is_bound else people
            show_error(form, exc)
    return render(
        request,
        "staff/oversight/settings.html",
        {
            "target_form": target,
            "holiday_form": holiday,
            "population_form": people,
            "targets": KpiTarget.objects.all(),
            "holidays": Holiday.objects.all(),
            "populations": Population.objects.select_related("unit").order_by(
                "-year", "unit__name"
            )[:100],
            "names": {k: v.name for k, v in kpis.KPIS.items()},
        },
    )


@staff_page
def home(request: HttpRequest) -> HttpResponse:
    """The Department starts at the KPIs; a library at its evaluations."""
    from thuvien.network.permissions import can

    if can(request.user, Action.OVERSEE):
        return redirect("staff:oversight:kpis")
    return redirect("staff:oversight:evaluations")
