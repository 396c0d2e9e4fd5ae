"""Each KPI against data the test made: the exact numerator and denominator, the breakdowns,
the drill-down, the targets, and the same figures from `thuvien kpi --json`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command

from tests.oversight.data import digitised, items, loan, patron
from thuvien.catalogue.models import Item
from thuvien.digital.models import Collection, DigitalObject
from thuvien.errors import InvalidInput
from thuvien.network.models import AdministrativeUnit, Library, LibraryFacilities, Role
from thuvien.oversight import kpis, services, training
from thuvien.testing import factories

IN_2026 = date(2026, 3, 2)  # inside the 2026 period (1 Dec 2025 – 30 Nov 2026)
AFTER = date(2026, 12, 2)
BEFORE = date(2025, 6, 1)


def unit(
    code: str, name: str, level: str, parent: AdministrativeUnit | None = None
) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        scheme="2025", code=code, name=name, division_type=level, level=level, parent=parent
    )


@pytest.fixture
def network(officer: AbstractUser) -> dict[str, Library]:
    """Seven registry entries whose every count below is known."""
    province = unit("49", "Tỉnh Thử", "province")
    x = unit("20001", "Xã Một", "commune", province)
    y = unit("20002", "Xã Hai", "commune", province)
    for u, year, people in ((province, 2026, 1000), (x, 2026, 200), (y, 2025, 300)):
        factories_population(officer, u, year, people)
    lib = {
        "A": factories.library("VN-A", level="provincial", admin_unit=x),
        "B": factories.library("VN-B", level="commune", admin_unit=y),
        "C": factories.library("VN-C", level="commune", admin_unit=y),
        "U": factories.library("VN-U", library_type="university", website="https://u.vn"),
        "S": factories.library("VN-S", library_type="specialised", website="https://s.vn"),
        "H": factories.library("VN-H", library_type="school"),
        "R": factories.library("VN-R", level="commune", facility="reading-room"),
        "D": factories.library("VN-D", level="district", status="dissolved"),
    }
    LibraryFacilities.objects.create(library=lib["A"], rare_documents_held=10, staff_count=4)
    LibraryFacilities.objects.create(library=lib["C"], linked_to_provincial=True)
    LibraryFacilities.objects.create(
        library=lib["U"], endogenous_documents_held=20, online_services=["catalogue"]
    )
    LibraryFacilities.objects.create(library=lib["S"], online_services=[])
    return lib


def factories_population(
    actor: AbstractUser, u: AdministrativeUnit, year: int, people: int
) -> None:
    from thuvien.network.facilities import set_population

    set_population(actor, u, year, people)


def value(code: str, year: int = 2026) -> tuple[int, int, Decimal | None]:
    f = kpis.figure(kpis.KPIS[code], year)
    return f.numerator, f.denominator, f.value


def test_rare_documents_digitised_counts_published_objects_made_by_the_period_end(
    network: dict[str, Library],
) -> None:
    digitised(network["A"], Collection.Kind.RARE, 2, IN_2026)
    digitised(network["A"], Collection.Kind.MANUSCRIPTS, 1, BEFORE)
    digitised(network["A"], Collection.Kind.RARE, 1, AFTER)
    digitised(network["A"], Collection.Kind.RARE, 1, IN_2026, status=DigitalObject.Status.DRAFT)
    digitised(network["B"], Collection.Kind.RARE, 4, IN_2026)  # B declared no rare holdings
    assert value("rare-digitised") == (3, 10, Decimal("30.0"))
    assert value("rare-digitised", 2025) == (1, 10, Decimal("10.0"))
    result = kpis.figure(kpis.KPIS["rare-digitised"], 2026)
    assert [(s.label, s.numerator, s.denominator) for s in kpis.breakdown(result, "type")] == [
        ("Thư viện công cộng", 3, 10)
    ]
    lines = kpis.records_behind(kpis.KPIS["rare-digitised"], network["A"], 2026)
    assert len(lines) == 3
    assert all(line.endswith(" Tài liệu") for line in lines)


def test_endogenous_documents_count_only_for_specialised_and_university_libraries(
    network: dict[str, Library],
) -> None:
    digitised(network["U"], Collection.Kind.THESES, 5, IN_2026)
    digitised(network["A"], Collection.Kind.THESES, 7, IN_2026)
    assert value("endogenous-digitised") == (5, 20, Decimal("25.0"))


def test_staff_trained_counts_each_person_once_against_declared_or_account_staff(
    officer: AbstractUser, network: dict[str, Library]
) -> None:
    clerk = factories.staff(Role.CIRCULATION_CLERK, network["B"], username="b-1")
    factories.staff(Role.CATALOGUER, network["B"], username="b-2")
    first = training.add_course(
        officer, title="Kỹ năng số 1", hours=8, starts_on=IN_2026, ends_on=IN_2026
    )
    second = training.add_course(
        officer, title="Kỹ năng số 2", hours=4, starts_on=IN_2026, ends_on=IN_2026
    )
    late = training.add_course(officer, title="Sau kỳ", hours=4, starts_on=AFTER, ends_on=AFTER)
    for course in (first, second):
        training.add_participant(
            officer, course, library=network["A"], name="Nguyễn Văn An", completed=True
        )
    training.add_participant(
        officer, first, library=network["A"], name="Lê Thị Bình", completed=True
    )
    training.add_participant(officer, first, library=network["A"], name="Trần Cường")
    training.add_participant(officer, first, user=clerk, completed=True)
    training.add_participant(officer, late, library=network["A"], name="Phạm Dũng", completed=True)
    # A declared 4 staff; B declared none and has 2 accounts.
    assert value("staff-trained") == (3, 6, Decimal("50.0"))
    lines = kpis.records_behind(kpis.KPIS["staff-trained"], network["A"], 2026)
    assert lines == [
        "Lê Thị Bình: Kỹ năng số 1 (02/03/2026)",
        "Nguyễn Văn An: Kỹ năng số 1 (02/03/2026)",
    ]


def test_libraries_managed_websites_and_software_count_libraries_not_reading_rooms(
    network: dict[str, Library],
) -> None:
    items(network["A"], 1, BEFORE)  # A catalogues in thuvien
    factories.staff(Role.CIRCULATION_CLERK, network["B"])  # B has an account
    factories.staff(Role.CIRCULATION_CLERK, network["R"])  # a reading room is not counted
    assert value("managed") == (2, 6, Decimal("33.3"))
    assert value("website-services") == (1, 3, Decimal("33.3"))
    # Public libraries at commune level: B (nothing linked) and C (declared linked).
    assert value("software-linked") == (1, 2, Decimal("50.0"))


def test_per_capita_kpis_divide_by_the_population_and_break_down_by_commune(
    network: dict[str, Library],
) -> None:
    for _ in range(3):
        patron(network["A"], IN_2026)
    patron(network["A"], AFTER)
    patron(network["A"], BEFORE, expires_on=date(2025, 11, 1))
    patron(network["B"], BEFORE)
    patron(network["B"], IN_2026, expires_on=date(2027, 1, 1))
    copies = items(network["A"], 3, BEFORE)
    items(network["A"], 1, BEFORE, status=Item.Status.WITHDRAWN)
    items(network["A"], 1, AFTER)
    for lent in (IN_2026, IN_2026, date(2025, 12, 1), date(2026, 11, 30)):
        loan(copies[0], lent)
    loan(copies[1], date(2025, 11, 30))
    assert value("readers-per-capita") == (5, 1000, Decimal("0.005"))
    assert value("loans-per-capita") == (4, 1000, Decimal("0.004"))
    assert value("books-per-capita") == (3, 1000, Decimal("0.003"))
    result = kpis.figure(kpis.KPIS["readers-per-capita"], 2026)
    shares = [
        (s.label, s.numerator, s.denominator, s.value) for s in kpis.breakdown(result, "commune")
    ]
    # Xã Hai's population was entered for 2025 only: the latest year up to 2026 is used.
    assert shares == [("Xã Một", 3, 200, Decimal("0.015")), ("Xã Hai", 2, 300, Decimal("0.007"))]
    assert value("readers-per-capita", 2020) == (0, 0, None)


def test_targets_are_entered_checked_and_shown_with_the_figures(
    officer: AbstractUser, network: dict[str, Library]
) -> None:
    services.set_target(officer, "rare-digitised", "70", date(2025, 12, 31), "KH 123")
    services.set_target(officer, "rare-digitised", "100", date(2030, 12, 31))
    with pytest.raises(InvalidInput) as caught:
        services.set_target(officer, "staff-trained", "120", date(2030, 12, 31))
    assert caught.value.message == "Mức chỉ tiêu staff-trained phải từ 0 đến 100 (đã nhập 120)."
    with pytest.raises(InvalidInput) as unknown:
        services.set_target(officer, "pages", "1", date(2030, 12, 31))
    assert unknown.value.message.startswith(
        "Không có chỉ tiêu pages; các chỉ tiêu là: rare-digitised, "
    )
    digitised(network["A"], Collection.Kind.RARE, 8, IN_2026)
    out = StringIO()
    call_command("kpi", "--year", "2026", "--json", stdout=out)
    listed = {k["code"]: k for k in json.loads(out.getvalue().splitlines()[-1])["kpis"]}
    assert listed["rare-digitised"] == {
        "code": "rare-digitised",
        "name": "Tài liệu quý hiếm, cổ được số hoá",
        "year": 2026,
        "unit": "percent",
        "numerator": 8,
        "denominator": 10,
        "value": 80.0,
        "target": 100.0,
        "deadline": "2030-12-31",
    }
    assert listed["books-per-capita"]["target"] is None
    assert len(listed) == 9
