"""The union catalogue's staff pages: the review queue side by side, deciding, proposing,
undoing, the stale-decision message, the libraries' participation and quality control."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.urls import reverse

from tests.union.test_services import SYSTEM, marc
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories
from thuvien.union import review, services
from thuvien.union.models import Decision, Membership, ReviewPair

from .conftest import client_for
from .pages import accessibility_problems, form_values, text


@pytest.fixture
def old_pair(library_a: Library, library_b: Library) -> tuple[Record, Record]:
    book = marc("Việt Nam sử lược", year="1928", author="Trần Trọng Kim")
    a = catalogue.create_record(SYSTEM, library_a, book)
    b = catalogue.create_record(SYSTEM, library_b, book)
    review.name_lead(SYSTEM, library_a)
    services.rebuild(SYSTEM)
    return a, b


@pytest.fixture
def lead_admin(library_a: Library) -> AbstractUser:
    return factories.staff(Role.LIBRARY_ADMIN, library_a, username="quantri-a")


def together(a: Record, b: Record) -> bool:
    clusters = dict(Membership.objects.values_list("record_id", "cluster_id"))
    return clusters.get(a.pk) is not None and clusters.get(a.pk) == clusters.get(b.pk)


def decide(client: Any, verdict: str) -> Any:
    page = client.get(reverse("staff:union:queue")).content.decode()
    values = form_values(page, "buttons")
    return client.post(reverse("staff:union:decide"), {**values, "verdict": verdict}, follow=True)


def test_the_queue_shows_both_records_side_by_side_with_the_evidence(
    old_pair: tuple[Record, Record], lead_admin: AbstractUser
) -> None:
    a, b = old_pair
    response = client_for(lead_admin).get(reverse("staff:union:queue"))
    assert response.status_code == 200
    page = response.content.decode()
    assert accessibility_problems(page) == []
    shown = text(page)
    assert f"Cặp {a.pk} – {b.pk} · điểm 1,00" in shown
    assert "Thư viện Thư viện tỉnh A Thư viện huyện B" in shown
    assert "Năm 1928 1928" in shown
    assert "rare (008/07-10): 1928 < 1945" in shown
    assert "Anh/chị quyết định thay cho thư viện đầu mối Thư viện tỉnh A." in shown
    assert 'href="/staff/union/"' in page  # the menu entry


def test_the_lead_links_a_pair_and_undoes_it_from_the_decisions_page(
    old_pair: tuple[Record, Record], lead_admin: AbstractUser
) -> None:
    a, b = old_pair
    client = client_for(lead_admin)
    response = decide(client, "link")
    assert f"Đã gom hai biểu ghi {a.pk} và {b.pk} thành một ấn bản." in text(
        response.content.decode()
    )
    assert "Không có cặp nào chờ rà soát." in text(response.content.decode())
    assert together(a, b)
    decisions = client.get(reverse("staff:union:decisions")).content.decode()
    assert accessibility_problems(decisions) == []
    assert "Gom (cùng một ấn bản)" in text(decisions)
    decision = Decision.objects.get()
    response = client.post(
        reverse("staff:union:decision_move", args=[decision.pk, "undo"]), follow=True
    )
    assert f"Đã hoàn tác quyết định {decision.pk}" in text(response.content.decode())
    assert not together(a, b)
    assert ReviewPair.objects.count() == 1


def test_a_decision_on_a_pair_edited_since_it_was_shown_gets_the_message(
    old_pair: tuple[Record, Record], lead_admin: AbstractUser
) -> None:
    _, b = old_pair
    client = client_for(lead_admin)
    page = client.get(reverse("staff:union:queue")).content.decode()
    values = form_values(page, "buttons")
    catalogue.update_record(
        SYSTEM, b, marc("Việt Nam sử lược, quyển 1", year="1928", author="Trần Trọng Kim")
    )
    response = client.post(
        reverse("staff:union:decide"), {**values, "verdict": "link"}, follow=True
    )
    assert (
        f"Biểu ghi {b.pk} «Việt Nam sử lược, quyển 1» đã được sửa sau khi cặp này được đưa ra "
        "xem; quyết định không được ghi."
    ) in text(response.content.decode())
    assert not Decision.objects.exists()


def test_a_cataloguer_elsewhere_proposes_and_the_lead_accepts(
    old_pair: tuple[Record, Record], lead_admin: AbstractUser, library_b: Library
) -> None:
    cataloguer = factories.staff(Role.CATALOGUER, library_b, username="bienmuc-b")
    client = client_for(cataloguer)
    queue = text(client.get(reverse("staff:union:queue")).content.decode())
    assert "Đề xuất gom" in queue
    assert "chờ quản trị của thư viện đầu mối Thư viện tỉnh A duyệt" in queue
    response = decide(client, "never")
    assert "Đã gửi đề xuất «Không bao giờ gom»" in text(response.content.decode())
    decisions = text(client.get(reverse("staff:union:decisions")).content.decode())
    assert "chờ thư viện đầu mối" in decisions
    proposal = Decision.objects.get()
    refused = client.post(reverse("staff:union:decision_move", args=[proposal.pk, "accept"]))
    assert refused.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Decision.Status.PROPOSED
    client_for(lead_admin).post(reverse("staff:union:decision_move", args=[proposal.pk, "accept"]))
    proposal.refresh_from_db()
    assert proposal.status == Decision.Status.IN_FORCE
    assert not ReviewPair.objects.exists()


def test_a_circulation_clerk_neither_sees_the_menu_nor_opens_the_queue(
    old_pair: tuple[Record, Record], library_a: Library
) -> None:
    clerk = factories.staff(Role.CIRCULATION_CLERK, library_a, username="luuthong-a")
    client = client_for(clerk)
    assert 'href="/staff/union/"' not in client.get(reverse("staff:home")).content.decode()
    response = client.get(reverse("staff:union:queue"))
    assert response.status_code == 403
    assert "không được phép sửa biểu ghi" in text(response.content.decode())


def test_the_network_admin_names_the_lead_and_a_library_admin_sets_its_sharing(
    library_a: Library, library_b: Library, network_admin: AbstractUser
) -> None:
    client = client_for(network_admin)
    page = client.get(reverse("staff:union:libraries")).content.decode()
    assert accessibility_problems(page) == []
    client.post(reverse("staff:union:libraries"), {"library": "VN-B0001", "action": "lead"})
    assert review.lead_library() == library_b
    admin_a = factories.staff(Role.LIBRARY_ADMIN, library_a, username="quantri-a")
    other = client_for(admin_a)
    page = text(other.get(reverse("staff:union:libraries")).content.decode())
    assert "Chỉ định làm đầu mối" not in page
    response = other.post(
        reverse("staff:union:libraries"),
        {"library": "VN-A0001", "action": "sharing", "sharing": "read"},
        follow=True,
    )
    assert "Mức chia sẻ của VN-A0001: Tìm, xem và đọc trực tuyến." in text(
        response.content.decode()
    )
    response = other.post(
        reverse("staff:union:libraries"),
        {"library": "VN-B0001", "action": "sharing", "sharing": "download"},
        follow=True,
    )
    assert "không được phép sửa thông tin thư viện tại VN-B0001" in text(response.content.decode())
    assert review.participation(library_b).sharing == "search"


def test_the_quality_page_lists_shares_and_links_failing_records_to_the_editor(
    old_pair: tuple[Record, Record], lead_admin: AbstractUser
) -> None:
    a, _ = old_pair
    client = client_for(lead_admin)
    response = client.get(reverse("staff:union:quality") + "?library=VN-A0001")
    page = response.content.decode()
    assert accessibility_problems(page) == []
    shown = text(page)
    assert "Thư viện tỉnh A (VN-A0001) 1 0 0%" in shown
    assert reverse("staff:catalogue:record_edit", args=[a.pk]) in page
    assert "Từ khoá, Chủ đề, Số ĐKCB, Mã xếp giá" in shown
    assert client.get(reverse("staff:union:quality") + "?library=VN-NONE").status_code == 404
