"""/api/v1/reports/: staff read figures within their rights; the open data is public and
suppressed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from thuvien.network.models import Role
from thuvien.testing import factories

from .conftest import World, at


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_department_reads_the_province_and_any_library(world: World, officer: Any) -> None:
    world.item(world.record(), when=at(2026, 1, 1))
    client = signed_in(officer)
    province = client.get("/api/v1/reports/province/2026")
    assert province.status_code == 200
    assert province.json()["total"]["copies_acquired"] == 1
    one = client.get("/api/v1/reports/libraries/VN-TH0001/2026").json()
    assert (one["titles"], one["copies"], one["loans"]) == (1, 1, 0)
    xlsx = client.get("/api/v1/reports/export/2026?format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="bao-cao-tinh-2026.xlsx"'


def test_a_library_reads_its_own_figures_only(world: World) -> None:
    client = signed_in(factories.staff(Role.LIBRARY_ADMIN, world.library))
    assert client.get("/api/v1/reports/libraries/VN-TH0001/2026").status_code == 200
    assert client.get("/api/v1/reports/libraries/VN-TH0002/2026").status_code == 403
    assert client.get("/api/v1/reports/province/2026").status_code == 403


def test_nobody_signed_in_is_refused_with_a_problem(world: World) -> None:
    answer = Client().get("/api/v1/reports/province/2026")
    assert answer.status_code == 401
    assert answer.json()["detail"] == "Cần đăng nhập tài khoản cán bộ để xem báo cáo thống kê."


def test_the_open_data_is_public_and_hides_counts_under_five(world: World) -> None:
    for n in range(4):
        world.reader(when=at(2026, 3, 1 + n))
    answer = Client().get("/api/v1/reports/open-data/2026")
    assert answer.status_code == 200
    data = answer.json()
    assert (data["total"]["readers_new"], data["suppressed_below"]) == (None, 5)
    assert "by_unit" not in data
    text = Client().get("/api/v1/reports/open-data/2026/csv").content.decode()
    assert text.splitlines()[1].startswith("2026,total,,")
    assert ",<5," in text.splitlines()[1]
