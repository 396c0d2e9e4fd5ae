"""The demo's statistical report, for the reporting year running today: the demo's data is
made today, so that year is the one that counts it (in December, the year just begun). The
period open, the provincial library's form pre-filled
from its data and sent (waiting for the Department), and the Đất Mũi commune library's form
sent and returned with a comment, so a visitor can click through both sides: sign in as
``quantri.tinh`` (the provincial library) or ``canbo.so`` (the Department)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from thuvien.network.models import Library
from thuvien.reporting import services
from thuvien.reporting.figures import current_year
from thuvien.reporting.models import ReportForm, ReportPeriod

# What the system cannot count, as a library would type it.
PROVINCIAL_MANUAL = {
    "visits_on_site": 41250,
    "loans_on_site": 18300,
    "reading_events": 36,
    "staff_total": 24,
    "staff_graduate": 19,
    "staff_library_trained": 17,
    "staff_trained_digital": 11,
    "floor_area_m2": 3200,
    "seats": 350,
    "opening_hours_week": 54,
    "computers_for_readers": 40,
    "has_internet": 1,
    "has_website": 1,
    "online_services": 4,
}
COMMUNE_MANUAL = {
    "visits_on_site": 2100,
    "staff_total": 1,
    "floor_area_m2": 60,
    "seats": 20,
    "opening_hours_week": 40,
    "has_internet": 1,
}
RETURN_COMMENT = (
    "Số chỗ ngồi (20) chưa khớp biên bản kiểm tra tháng 9 (30 chỗ): đề nghị kiểm tra và gửi lại."
)


def _user(username: str, fallback: str) -> Any:
    return get_user_model().objects.filter(username=username).first() or fallback


def load(libraries: dict[str, Library], actor: str) -> tuple[list[str], str]:
    """Open 2026 and play the two forms once; a second load adds nothing."""
    year = current_year()
    if ReportPeriod.objects.filter(year=year).exists():
        return [], _("kỳ {year} đã có").format(year=year)
    officer = _user("canbo.so", actor)
    period = services.open_period(officer, year, date(year, 12, 15))
    provincial = libraries["VN-CM0001"]
    form = services.form_for(_user("quantri.tinh", actor), period, provincial)
    services.fill(_user("quantri.tinh", actor), form, PROVINCIAL_MANUAL)
    services.submit(_user("quantri.tinh", actor), form)
    commune = libraries["VN-CM0002"]
    returned = services.form_for(actor, period, commune)
    services.fill(actor, returned, COMMUNE_MANUAL)
    services.submit(actor, returned)
    services.return_form(officer, returned, RETURN_COMMENT, "seats")
    states = ReportForm.objects.filter(period=period).count()
    return (
        [_("kỳ báo cáo {year}").format(year=year)],
        _("kỳ {year} mở, {forms} báo cáo (1 chờ duyệt, 1 bị trả lại)").format(
            year=year, forms=states
        ),
    )
