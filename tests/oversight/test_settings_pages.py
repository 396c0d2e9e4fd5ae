"""What the Department types on the settings page (targets, holidays, population) reaches
the KPI pages and `thuvien kpi`; a wrong unit code is refused on its field."""

from __future__ import annotations

import io
import json
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.test import Client

from thuvien.network.models import AdministrativeUnit, Population
from thuvien.oversight.models import Holiday, KpiTarget
from thuvien.testing import factories


def test_targets_holidays_and_population_typed_on_the_page_reach_the_kpis(
    officer: AbstractUser,
) -> None:
    province = AdministrativeUnit.objects.create(
        scheme="2025", code="49", name="Tỉnh Thử", division_type="tỉnh", level="province"
    )
    factories.library("VN-TR0001", admin_unit=province)
    client = Client()
    client.force_login(officer)
    page = "/staff/oversight/settings/"
    client.post(page, {"t-kpi": "managed", "t-target": "60", "t-deadline": "2030-12-31"})
    client.post(page, {"h-date": "2026-09-02", "h-name": "Quốc khánh"})
    wrong = client.post(page, {"p-unit": "99999", "p-year": "2026", "p-population": "5000"})
    assert "Không có đơn vị hành chính mã 99999 (theo danh mục 2025)." in wrong.content.decode()
    client.post(page, {"p-unit": "49", "p-year": "2026", "p-population": "5000", "p-source": "x"})
    assert KpiTarget.objects.get().target == 60
    assert Holiday.objects.get().date == date(2026, 9, 2)
    assert Population.objects.get().population == 5000
    settings_page = client.get(page).content.decode()
    assert "Quốc khánh" in settings_page
    detail = client.get("/staff/oversight/kpis/managed/?year=2026").content.decode()
    assert "Thư viện được quản lý qua hệ thống" in detail
    assert "VN-TR0001" in detail
    out = io.StringIO()
    call_command("kpi", "--year", "2026", "--json", stdout=out)
    listed = json.loads(out.getvalue())
    assert listed["year"] == 2026
    managed = next(k for k in listed["kpis"] if k["code"] == "managed")
    assert (managed["target"], managed["deadline"]) == (60.0, "2030-12-31")
    # A library with no records or accounts in thuvien is not yet managed through it.
    assert (managed["numerator"], managed["denominator"]) == (0, 1)
    assert client.get("/staff/oversight/kpis/no-such-kpi/").status_code == 404
    assert client.get("/staff/oversight/").status_code == 302
