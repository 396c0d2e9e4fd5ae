"""One hit per cluster: the applier places changed records in the union catalogue, and the
index shows each cluster's best record with the copies of every member library."""

from __future__ import annotations

from typing import Any

import pytest

from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Item, Record
from thuvien.network.models import Library
from thuvien.search import services
from thuvien.search.types import SearchRequest
from thuvien.testing import factories
from thuvien.testing.search import index_now, rebuild_index
from thuvien.union import clusters
from thuvien.union.models import Membership

pytestmark = pytest.mark.django_db
SYSTEM = "system"


def book(title: str, isbn: str, *, pages: str = "") -> MarcRecord:
    extra: list[Any] = [["020", " ", " ", [["a", isbn]]], ["100", "0", " ", [["a", "Tô Hoài"]]]]
    extra.append(["260", " ", " ", [["a", "Hà Nội :"], ["b", "Kim Đồng,"], ["c", "2018."]]])
    if pages:
        extra.append(["300", " ", " ", [["a", pages]]])
    return factories.marc(title, extra=extra)


def copy(record: Record, barcode: str, status: str = Item.Status.AVAILABLE) -> None:
    catalogue.add_item(SYSTEM, record, barcode=barcode, status=status)


@pytest.fixture
def network() -> dict[str, Library]:
    return {code: factories.library(code) for code in ("TINH", "XA", "TRUONG")}


def search(q: str, **options: Any) -> Any:
    return services.search(SearchRequest(q=q, **options))


def test_one_hit_per_edition_with_every_member_library(network: dict[str, Library]) -> None:
    rich = book("Dế mèn phiêu lưu ký", "978-604-2-00001-1", pages="144 tr.")
    province = catalogue.create_record(SYSTEM, network["TINH"], rich)
    commune = catalogue.create_record(
        SYSTEM, network["XA"], book("Dế mèn phiêu lưu ký", "9786042000011")
    )
    copy(province, "T1", Item.Status.ON_LOAN)
    copy(commune, "X1")
    copy(commune, "X2")
    catalogue.create_record(SYSTEM, network["XA"], book("Đất rừng phương Nam", "9786042000028"))
    index_now()

    cluster = clusters.of_record(province.pk)
    assert cluster is not None
    assert clusters.of_record(commune.pk) == cluster
    result = search("de men phieu luu ky")
    assert result.total == 1
    (hit,) = result.hits
    assert hit.id == province.pk  # the more complete record is shown
    assert hit.cluster == cluster
    assert {(m.id, m.library) for m in hit.members} == {(province.pk, "TINH"), (commune.pk, "XA")}
    assert {(h.library, h.copies, h.available) for h in hit.holdings} == {
        ("TINH", 1, 0),
        ("XA", 2, 2),
    }
    assert set(hit.libraries) == {"TINH", "XA"}
    # Facets count editions; the library facet means "held by".
    facets = {f: {v.value: v.count for v in values} for f, values in result.facets.items()}
    assert facets["library"] == {"TINH": 1, "XA": 1}
    assert facets["availability"] == {"available": 1}
    held_by_commune = search("de men", filters={"library": ("XA",)})
    assert [h.id for h in held_by_commune.hits] == [province.pk]
    # A barcode of any member's copy finds the edition.
    assert [h.id for h in search("X2").hits] == [province.pk]
    # Ungrouped, as before: one hit per record.
    assert search("de men phieu luu ky", grouped=False).total == 2


def test_a_full_reindex_groups_the_same_way(network: dict[str, Library]) -> None:
    a = catalogue.create_record(SYSTEM, network["TINH"], book("Mắt biếc", "9786041000015"))
    catalogue.create_record(SYSTEM, network["XA"], book("Mắt biếc", "9786041000015"))
    index_now()
    rebuild_index()
    result = search("mat biec")
    assert result.total == 1
    assert result.hits[0].cluster == clusters.of_record(a.pk)
    assert len(result.hits[0].members) == 2


def test_an_edit_that_leaves_the_cluster_shows_both_again(network: dict[str, Library]) -> None:
    a = catalogue.create_record(SYSTEM, network["TINH"], book("Số đỏ", "9786043000012"))
    b = catalogue.create_record(SYSTEM, network["XA"], book("Số đỏ", "9786043000012"))
    index_now()
    assert search("so do").total == 1
    changed = book("Số đỏ và Giông tố", "9786043000029")
    catalogue.update_record(SYSTEM, Record.objects.get(pk=b.pk), changed)
    index_now()
    assert clusters.of_record(b.pk) is None
    assert sorted(h.id for h in search("so do").hits) == sorted([a.pk, b.pk])
    assert search("so do").hits[0].members == ()


def test_deleting_the_shown_record_shows_another_member(network: dict[str, Library]) -> None:
    a = catalogue.create_record(
        SYSTEM, network["TINH"], book("Tắt đèn", "9786044000011", pages="190 tr.")
    )
    b = catalogue.create_record(SYSTEM, network["XA"], book("Tắt đèn", "9786044000011"))
    c = catalogue.create_record(SYSTEM, network["TRUONG"], book("Tắt đèn", "9786044000011"))
    copy(c, "C1")
    index_now()
    assert [h.id for h in search("tat den").hits] == [a.pk]
    catalogue.delete_record(SYSTEM, Record.objects.get(pk=a.pk))
    index_now()
    (hit,) = search("tat den").hits
    assert hit.id in (b.pk, c.pk)
    assert {m.id for m in hit.members} == {b.pk, c.pk}
    assert Membership.objects.filter(record_id__in=[b.pk, c.pk]).count() == 2
    assert [(h.library, h.copies) for h in hit.holdings] == [("TRUONG", 1)]


def test_clustering_can_be_left_out_of_the_applier(network: dict[str, Library]) -> None:
    from thuvien.search import applier

    catalogue.create_record(SYSTEM, network["TINH"], book("Bỉ vỏ", "9786045000010"))
    catalogue.create_record(SYSTEM, network["XA"], book("Bỉ vỏ", "9786045000010"))
    applier.apply_pending(cluster=False)
    assert Membership.objects.count() == 0
    assert search("bi vo").total == 2


def test_a_later_record_without_isbn_joins_by_title_author_and_year(
    network: dict[str, Library],
) -> None:
    """The key rules' candidates come from the index (same folded title and year): a record
    added after the first was indexed still finds it, typed another way."""

    def kieu(title: str) -> MarcRecord:
        extra: list[Any] = [["100", "0", " ", [["a", "Nguyễn Du"]]]]
        extra.append(["260", " ", " ", [["a", "Hà Nội :"], ["b", "Văn học,"], ["c", "2016."]]])
        marc = factories.marc(title, extra=extra)
        marc.fields[0] = ["008", "250101s2016    vm            000 0 vie d"]
        return marc

    first = catalogue.create_record(SYSTEM, network["TINH"], kieu("Truyện Kiều /"))
    index_now()
    later = catalogue.create_record(SYSTEM, network["XA"], kieu("TRUYỆN KIỀU"))
    index_now()
    assert clusters.of_record(first.pk) is not None
    assert clusters.of_record(first.pk) == clusters.of_record(later.pk)
    assert search("truyen kieu").total == 1
