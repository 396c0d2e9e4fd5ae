"""Rebuilding and placing clusters in the database, and the ``thuvien union`` command."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import NotPermitted
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.portal import fixed, sub
from thuvien.union import services
from thuvien.union.models import Cluster, Membership

BOOK = "00000nam a22000007i 4500"
SYSTEM = "system"


def marc(
    title: str, *, isbn: str = "", year: str = "2021", edition: str = "", author: str = ""
) -> MarcRecord:
    fields: list[Any] = [["008", fixed(year)]]
    if isbn:
        fields.append(["020", " ", " ", sub("a", isbn)])
    if author:
        fields.append(["100", "0", " ", sub("a", author)])
    fields.append(["245", "1", "0", sub("a", title)])
    if edition:
        fields.append(["250", " ", " ", sub("a", edition)])
    fields.append(["260", " ", " ", sub("a", "Hà Nội :", "b", "Văn học,", "c", f"{year}.")])
    return MarcRecord(BOOK, fields)


@pytest.fixture
def records() -> dict[str, Record]:
    province, commune = factories.library(), factories.library()
    made = {
        "kieu_a": (province, marc("Truyện Kiều", isbn="978-604-0-00001-9", author="Nguyễn Du")),
        "kieu_b": (commune, marc("Truyện Kiều /", isbn="9786040000019", author="Nguyễn Du")),
        "kieu_c": (commune, marc("TRUYỆN KIỀU", author="Nguyễn Du")),
        "kieu_new": (
            province,
            marc("Truyện Kiều", isbn="9786040000019", author="Nguyễn Du", edition="Tái bản lần 2"),
        ),
        "hoa": (province, marc("Hoà bình", author="Lê Hoà")),
        "old_a": (province, marc("Việt Nam sử lược", year="1928", author="Trần Trọng Kim")),
        "old_b": (commune, marc("Việt Nam sử lược", year="1928", author="Trần Trọng Kim")),
    }
    return {k: catalogue.create_record(SYSTEM, lib, m) for k, (lib, m) in made.items()}


def cluster_of(record: Record) -> list[int]:
    membership = Membership.objects.get(record=record)
    members = Membership.objects.filter(cluster_id=membership.cluster_id)
    return sorted(members.values_list("record_id", flat=True))


def test_rebuild_groups_one_edition_keeps_editions_apart_and_sends_rare_to_review(
    records: dict[str, Record],
) -> None:
    counts = services.rebuild(SYSTEM)
    assert counts.as_dict() == {"clusters": 3, "records": 7, "linked": 3, "review": 2}
    kieu = sorted(records[k].pk for k in ("kieu_a", "kieu_b", "kieu_c"))
    assert cluster_of(records["kieu_a"]) == kieu
    assert not Membership.objects.filter(record__in=[records["kieu_new"], records["hoa"]]).exists()
    for key in ("old_a", "old_b"):
        membership = Membership.objects.get(record=records[key])
        assert membership.rule == "review"
        assert cluster_of(records[key]) == [records[key].pk]
    assert Membership.objects.get(record=records["kieu_c"]).rule == "key"
    cluster = Cluster.objects.get(memberships__record=records["kieu_a"])
    assert cluster.work_key == "truyen kieu|nguyen du"
    assert cluster.best_record_id == records["kieu_a"].pk  # ISBN filled; oldest of the best
    entry = AuditEntry.objects.get(object_type="union")
    assert entry.after == counts.as_dict()


def test_a_second_rebuild_replaces_the_clusters_instead_of_adding_to_them(
    records: dict[str, Record],
) -> None:
    services.rebuild(SYSTEM)
    first = set(Cluster.objects.values_list("pk", flat=True))
    services.rebuild(SYSTEM)
    assert Cluster.objects.count() == 3
    assert Membership.objects.count() == 5
    assert first.isdisjoint(Cluster.objects.values_list("pk", flat=True))


def test_a_rebuild_that_fails_while_writing_leaves_the_old_clusters(
    records: dict[str, Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    services.rebuild(SYSTEM)
    before = sorted(Membership.objects.values_list("record_id", "cluster_id"))

    def broken(groups: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write", broken)
    with pytest.raises(RuntimeError):
        services.rebuild(SYSTEM)
    assert sorted(Membership.objects.values_list("record_id", "cluster_id")) == before


def test_a_cataloguer_of_one_library_may_not_rebuild_the_union_catalogue(
    records: dict[str, Record],
) -> None:
    cataloguer = factories.staff(Role.CATALOGUER, records["kieu_a"].library)
    with pytest.raises(NotPermitted):
        services.rebuild(cataloguer)
    assert not Cluster.objects.exists()


def test_place_after_an_edit_moves_the_record_and_reports_who_changed(
    records: dict[str, Record],
) -> None:
    services.rebuild(SYSTEM)
    changed_record = records["kieu_c"]
    catalogue.update_record(SYSTEM, changed_record, marc("Hoà bình", author="Lê Hòa"))
    changed = services.place(SYSTEM, [changed_record.pk])
    assert changed == {
        records["kieu_a"].pk,
        records["kieu_b"].pk,
        records["kieu_c"].pk,
        records["hoa"].pk,
    }
    assert cluster_of(records["kieu_a"]) == sorted([records["kieu_a"].pk, records["kieu_b"].pk])
    assert cluster_of(records["hoa"]) == sorted([records["hoa"].pk, changed_record.pk])
    assert Membership.objects.get(record=changed_record).rule == "key"


def test_place_of_an_unchanged_record_changes_nothing(records: dict[str, Record]) -> None:
    services.rebuild(SYSTEM)
    cluster = Membership.objects.get(record=records["kieu_b"]).cluster_id
    assert services.place(SYSTEM, [records["kieu_b"].pk]) == set()
    assert Membership.objects.get(record=records["kieu_b"]).cluster_id == cluster
    assert Cluster.objects.count() == 3
    assert cluster_of(records["kieu_b"]) == sorted(
        records[k].pk for k in ("kieu_a", "kieu_b", "kieu_c")
    )


def test_a_deleted_record_leaves_its_cluster(records: dict[str, Record]) -> None:
    services.rebuild(SYSTEM)
    gone = records["kieu_c"].pk
    catalogue.delete_record(SYSTEM, records["kieu_c"])
    assert not Membership.objects.filter(record_id=gone).exists()
    assert cluster_of(records["kieu_a"]) == sorted([records["kieu_a"].pk, records["kieu_b"].pk])


def run(*args: str) -> str:
    out = StringIO()
    call_command("union", *args, stdout=out)
    return out.getvalue()


def test_the_rebuild_command_prints_the_counts(records: dict[str, Record]) -> None:
    assert run("rebuild") == (
        "Đã dựng lại mục lục liên hợp: 3 cụm, 7 biểu ghi, 3 biểu ghi được gom, "
        "2 biểu ghi chờ người duyệt.\n"
    )
    last = run("rebuild", "--json").splitlines()[-1]
    assert json.loads(last) == {"clusters": 3, "records": 7, "linked": 3, "review": 2}


def test_explain_lists_the_cluster_its_members_and_each_rule(records: dict[str, Record]) -> None:
    run("rebuild")
    a, b, c = (records[k] for k in ("kieu_a", "kieu_b", "kieu_c"))
    cluster = Membership.objects.get(record=a).cluster_id
    assert run("explain", str(b.pk)).splitlines() == [
        f"Biểu ghi {b.pk} thuộc cụm {cluster} (biểu ghi hiển thị: {a.pk}).",
        f"  {a.pk} [{a.library.code}] «Truyện Kiều» — quy tắc isbn, với {b.pk}: "
        "isbn 020: 9786040000019",
        f"  {b.pk} [{b.library.code}] «Truyện Kiều» — quy tắc isbn, với {a.pk}: "
        "isbn 020: 9786040000019",
        f"  {c.pk} [{c.library.code}] «TRUYỆN KIỀU» — quy tắc key, với {a.pk}: "
        "key 245/100/260: truyen kieu|nguyen du|2021|van hoc",
    ]


def test_explain_says_when_a_record_has_no_duplicate(records: dict[str, Record]) -> None:
    run("rebuild")
    hoa = records["hoa"]
    assert run("explain", str(hoa.pk)) == (
        f"Biểu ghi {hoa.pk} «Hoà bình» không thuộc cụm nào: chưa thấy bản trùng.\n"
    )


def test_explain_of_a_missing_record_says_where_to_find_the_id() -> None:
    with pytest.raises(CommandError, match=r"^Không có biểu ghi số 999999\. Xem số hiệu"):
        run("explain", "999999")


def test_place_takes_a_thousand_records_with_control_numbers_in_one_call() -> None:
    """The applier places its batch of 1,000 notes at once: the control numbers are one
    condition per organisation (an OR a thousand deep failed on SQLite and the applier
    retried the batch for ever)."""

    def numbered(n: int) -> MarcRecord:
        return MarcRecord(
            BOOK,
            [["001", f"KH{n}"], ["003", "VN-KH"], ["008", fixed("2021")],
             ["245", "1", "0", sub("a", f"Sách số {n}")]],
        )  # fmt: skip

    library = factories.library("VN-KH0001")
    ids = [catalogue.create_record("test", library, numbered(n)).pk for n in range(1200)]
    twin = catalogue.create_record("test", factories.library("VN-KH0002"), numbered(7))

    services.place(SYSTEM, [*ids, twin.pk], nearby=set())

    assert cluster_of(twin) == sorted([ids[7], twin.pk])
