"""Vietnam's administrative units: both schemes, the old→new links, idempotent loading."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from thuvien.audit.models import AuditEntry
from thuvien.errors import InvalidInput
from thuvien.network import provinces_2025, units
from thuvien.network.models import AdministrativeUnit
from thuvien.network.unit_sources import read_2025, read_pre_2025
from thuvien.testing.network import load_units, pre_2025_wheel

Unit = AdministrativeUnit


def counts(scheme: str) -> dict[str, int]:
    return {
        level: Unit.objects.filter(scheme=scheme, level=level).count()
        for level in ("province", "district", "commune")
    }


def unit(scheme: str, code: str) -> AdministrativeUnit:
    return Unit.objects.get(scheme=scheme, code=code)


def test_the_units_in_force_since_july_2025_are_34_provinces_and_3321_communes() -> None:
    report = load_units()
    assert counts("2025") == {"province": 34, "district": 0, "commune": 3321}
    assert report.counts["2025"] == {"province": 34, "commune": 3321}
    hanoi = unit("2025", "01")
    assert (hanoi.name, hanoi.division_type, hanoi.valid_to) == (
        "Thành phố Hà Nội",
        "thành phố trung ương",
        None,
    )
    assert str(unit("2025", "00004")) == "Phường Ba Đình, Thành phố Hà Nội"
    assert str(unit("2025", "04")) == "Tỉnh Cao Bằng"  # the data say "Cao Bằng"
    assert Unit.objects.filter(scheme="2025", valid_from="2025-07-01").count() == 3355


def test_the_units_before_july_2025_are_63_provinces_696_districts_and_10051_communes() -> None:
    load_units()
    assert counts("2004") == {"province": 63, "district": 696, "commune": 10051}
    assert Unit.objects.filter(scheme="2004", valid_to="2025-06-30").count() == 10810
    phuc_xa = unit("2004", "00001")
    assert str(phuc_xa) == "Phường Phúc Xá, Quận Ba Đình"
    assert phuc_xa.division_type == "phường"  # from the name: the data call every one "xã"
    assert units.province_of(phuc_xa).name == "Thành phố Hà Nội"
    assert unit("2004", "148").division_type == "thành phố"  # Thành phố Hòa Bình


def test_every_old_province_is_linked_to_its_new_province_by_resolution_202() -> None:
    load_units()
    assert [p.name for p in unit("2004", "02").successors.all()] == ["Tỉnh Tuyên Quang"]
    assert [p.name for p in unit("2004", "15").successors.all()] == ["Tỉnh Lào Cai"]
    hcm = unit("2025", "79")
    assert sorted(p.name for p in hcm.predecessors.all()) == [
        "Thành phố Hồ Chí Minh",
        "Tỉnh Bà Rịa - Vũng Tàu",
        "Tỉnh Bình Dương",
    ]
    links = Unit.successors.through.objects.filter(from_administrativeunit__level="province")
    assert links.count() == 63
    assert len(provinces_2025.successor_of()) == 63
    assert set(provinces_2025.predecessors()) == set(
        Unit.objects.filter(scheme="2025", level="province").values_list("code", flat=True)
    )


def test_a_new_commune_is_linked_to_the_old_commune_whose_code_it_carries() -> None:
    report = load_units()
    assert report.commune_links == 3310
    truc_bach = unit("2004", "00004")
    assert truc_bach.name == "Phường Trúc Bạch"
    assert [str(u) for u in truc_bach.successors.all()] == ["Phường Ba Đình, Thành phố Hà Nội"]
    # Each link stays inside the new province's predecessor provinces.
    through = Unit.successors.through.objects.filter(
        from_administrativeunit__level="commune"
    ).select_related("from_administrativeunit__parent__parent", "to_administrativeunit__parent")
    predecessors = provinces_2025.predecessors()
    for link in through:
        old, new = link.from_administrativeunit, link.to_administrativeunit
        assert old.code == new.code
        assert units.province_of(old).code in predecessors[units.province_of(new).code]
    assert through.count() == 3310


def test_loading_twice_changes_nothing() -> None:
    first = load_units()
    assert (first.created, first.links_created) == (14165, 3373)
    ids = list(Unit.objects.order_by("scheme", "code").values_list("id", "code", "name"))
    second = load_units()
    assert (second.created, second.updated, second.links_created, second.links_removed) == (
        0,
        0,
        0,
        0,
    )
    assert list(Unit.objects.order_by("scheme", "code").values_list("id", "code", "name")) == ids
    assert AuditEntry.objects.filter(object_type="admin-units").count() == 1


def test_loading_again_repairs_a_unit_changed_by_hand() -> None:
    load_units()
    Unit.objects.filter(scheme="2025", code="00004").update(name="Phường Sai")
    report = load_units()
    assert (report.created, report.updated) == (0, 1)
    assert unit("2025", "00004").name == "Phường Ba Đình"


def test_without_the_wheel_only_the_units_since_2025_are_loaded() -> None:
    report = load_units(with_pre_2025=False)
    assert (report.pre_2025_loaded, report.links_created) == (False, 0)
    assert not Unit.objects.filter(scheme="2004").exists()
    assert Unit.objects.count() == 3355


def test_a_file_that_is_not_the_expected_wheel_is_refused_and_nothing_is_loaded(
    tmp_path: Path,
) -> None:
    fake = tmp_path / "vietnam_provinces-0.6.0-py3-none-any.whl"
    fake.write_bytes(b"not a wheel")
    with pytest.raises(InvalidInput) as caught:
        units.load(fake)
    assert caught.value.message.startswith(f"Tệp {fake} không phải vietnam_provinces-0.6.0")
    assert "Hãy tải lại bằng: pip download --no-deps" in caught.value.message
    with pytest.raises(
        InvalidInput, match=r"^Không tìm thấy tệp .*\. Hãy tải nó bằng: pip download"
    ):
        units.load(tmp_path / "missing.whl")
    assert not Unit.objects.exists()


def test_both_data_sets_are_read_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the unit data tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert len(read_2025()) == 34 + 3321
    assert len(read_pre_2025(pre_2025_wheel())) == 63 + 696 + 10051


def test_finding_a_unit_ignores_accents_and_shows_where_it_went() -> None:
    load_units()
    found = units.find_units("ha giang", limit=3)
    assert [(u.scheme, u.code, u.name) for u in found][:2] == [
        ("2004", "02", "Tỉnh Hà Giang"),
        ("2004", "024", "Thành phố Hà Giang"),
    ]
    assert [s.name for s in found[0].successors.all()] == ["Tỉnh Tuyên Quang"]
    exact_first = units.find_units("Hòa Bình", limit=1)[0]
    assert (exact_first.scheme, exact_first.name) == ("2004", "Tỉnh Hoà Bình")
    with pytest.raises(InvalidInput, match=r"^Hãy nhập một tên để tìm\.$"):
        units.find_units("  ")
