"""The review queue: pairs written with the clusters, decisions honoured across rebuilds,
undo, stale decisions refused, proposals by other libraries, and who may do what."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.union.test_services import SYSTEM, cluster_of, marc
from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Record
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.union import review, services
from thuvien.union.models import Decision, Membership, Participation, ReviewPair

Records = dict[str, Record]


def seen(a: Record, b: Record) -> str:
    a.refresh_from_db()
    b.refresh_from_db()
    return review.fingerprint(*sorted((a, b), key=lambda r: r.pk))


def together(x: Record, y: Record) -> bool:
    clusters = dict(Membership.objects.values_list("record_id", "cluster_id"))
    return x.pk in clusters and clusters.get(x.pk) == clusters.get(y.pk)


def pairs() -> list[tuple[int, int]]:
    return sorted(ReviewPair.objects.values_list("record_a_id", "record_b_id"))


@pytest.fixture
def lead_admin(records: Records) -> object:
    province = records["kieu_a"].library
    review.name_lead(SYSTEM, province)
    return factories.staff(Role.LIBRARY_ADMIN, province)


def test_the_rebuild_writes_the_uncertain_pairs_with_score_and_evidence(records: Records) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    [pair] = ReviewPair.objects.all()
    assert (pair.record_a_id, pair.record_b_id) == (old_a.pk, old_b.pk)
    assert pair.score == 1.0
    assert pair.evidence["decision"] == "review"
    assert [r["rule"] for r in pair.evidence["reasons"]] == ["rare", "key"]
    assert pair.evidence["reasons"][0]["evidence"] == "1928 < 1945"


def test_a_link_by_the_lead_library_holds_across_rebuilds_and_undo_restores_the_pair(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    decision = review.decide(lead_admin, old_b.pk, old_a.pk, "link", seen=seen(old_a, old_b))
    assert decision.status == Decision.Status.IN_FORCE
    assert (decision.record_a_id, decision.record_b_id) == (old_a.pk, old_b.pk)
    assert cluster_of(old_a) == [old_a.pk, old_b.pk]
    assert Membership.objects.get(record=old_b).rule == "decision"
    assert pairs() == []
    services.rebuild(SYSTEM)
    assert cluster_of(old_a) == [old_a.pk, old_b.pk]
    assert pairs() == []
    entry = AuditEntry.objects.get(object_type="union-decision", action="create")
    assert entry.object_id == str(decision.pk)
    assert entry.after["verdict"] == "link"

    review.undo(lead_admin, decision.pk)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.UNDONE
    assert decision.undone_by == lead_admin.get_username()  # type: ignore[attr-defined]
    assert decision.undone_at is not None
    assert cluster_of(old_a) == [old_a.pk]
    assert pairs() == [(old_a.pk, old_b.pk)]
    services.rebuild(SYSTEM)
    assert pairs() == [(old_a.pk, old_b.pk)]
    with pytest.raises(Conflict) as refused:
        review.undo(lead_admin, decision.pk)
    assert refused.value.message == (
        f"Quyết định {decision.pk} không còn áp dụng nên không hoàn tác được (Đã hoàn tác)."
    )


def test_a_decision_on_a_record_changed_since_it_was_shown_is_refused(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    shown = seen(old_a, old_b)
    changed = marc("Việt Nam sử lược. Quyển 1", year="1928", author="Trần Trọng Kim")
    catalogue.update_record(SYSTEM, old_b, changed)
    with pytest.raises(Conflict) as refused:
        review.decide(lead_admin, old_a.pk, old_b.pk, "link", seen=shown)
    assert refused.value.message == (
        f"Biểu ghi {old_b.pk} «Việt Nam sử lược. Quyển 1» đã được sửa sau khi cặp này được "
        "đưa ra xem; quyết định không được ghi. Hãy mở lại hàng đợi, xem nội dung mới rồi "
        "quyết định."
    )
    assert not Decision.objects.exists()
    assert cluster_of(old_a) == [old_a.pk]


def test_never_link_keeps_two_records_apart_that_share_an_isbn_even_through_a_chain(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    a, b, c = records["kieu_a"], records["kieu_b"], records["kieu_c"]
    review.decide(lead_admin, a.pk, b.pk, "never", seen=seen(a, b))
    services.rebuild(SYSTEM)
    assert not together(a, b)
    assert together(c, a) or together(c, b)
    # An edit does not lift "never link".
    catalogue.update_record(
        SYSTEM, b, marc("Truyện Kiều.", isbn="9786040000019", author="Nguyễn Du")
    )
    services.place(SYSTEM, [b.pk])
    assert not together(a, b)


def test_keep_apart_lapses_when_a_record_changes(records: Records, lead_admin: object) -> None:
    services.rebuild(SYSTEM)
    a, b = records["kieu_a"], records["kieu_b"]
    review.decide(lead_admin, a.pk, b.pk, "split", seen=seen(a, b))
    assert not together(a, b)
    services.rebuild(SYSTEM)
    assert not together(a, b)
    catalogue.update_record(
        SYSTEM, b, marc("Truyện Kiều.", isbn="9786040000019", author="Nguyễn Du")
    )
    services.place(SYSTEM, [b.pk])
    assert together(a, b)


def test_a_cataloguer_of_another_library_proposes_and_the_lead_accepts_or_rejects(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    commune = old_b.library
    cataloguer = factories.staff(Role.CATALOGUER, commune)
    proposal = review.decide(cataloguer, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    assert proposal.status == Decision.Status.PROPOSED
    assert proposal.decided_by == ""
    assert cluster_of(old_a) == [old_a.pk]
    assert pairs() == [(old_a.pk, old_b.pk)]
    with pytest.raises(Conflict) as twice:
        review.decide(cataloguer, old_a.pk, old_b.pk, "never", seen=seen(old_a, old_b))
    assert twice.value.message == (
        f"Cặp biểu ghi {old_a.pk} và {old_b.pk} đã có đề xuất chờ thư viện đầu mối duyệt."
    )
    with pytest.raises(NotPermitted):
        review.accept(cataloguer, proposal.pk)

    review.accept(lead_admin, proposal.pk)
    proposal.refresh_from_db()
    assert proposal.status == Decision.Status.IN_FORCE
    assert proposal.proposed_by == cataloguer.get_username()
    assert proposal.decided_by == lead_admin.get_username()  # type: ignore[attr-defined]
    assert cluster_of(old_a) == [old_a.pk, old_b.pk]

    review.undo(lead_admin, proposal.pk)
    second = review.decide(cataloguer, old_a.pk, old_b.pk, "split", seen=seen(old_a, old_b))
    review.reject(lead_admin, second.pk)
    second.refresh_from_db()
    assert second.status == Decision.Status.REJECTED
    assert pairs() == [(old_a.pk, old_b.pk)]


def test_a_proposal_on_a_record_changed_since_is_not_accepted(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    cataloguer = factories.staff(Role.CATALOGUER, old_b.library)
    proposal = review.decide(cataloguer, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    catalogue.update_record(
        SYSTEM, old_a, marc("Việt Nam sử lược (in lại)", year="1928", author="Trần Trọng Kim")
    )
    with pytest.raises(Conflict):
        review.accept(lead_admin, proposal.pk)
    proposal.refresh_from_db()
    assert proposal.status == Decision.Status.PROPOSED


def test_who_may_decide_propose_or_do_neither(records: Records, lead_admin: object) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    commune = old_b.library
    other_admin = factories.staff(Role.LIBRARY_ADMIN, commune)
    clerk = factories.staff(Role.CIRCULATION_CLERK, records["old_a"].library)
    network_admin = factories.staff(Role.NETWORK_ADMIN)
    assert review.may_decide(lead_admin)
    assert review.may_decide(network_admin)
    assert not review.may_decide(other_admin)
    assert review.may_propose(other_admin)
    assert not review.may_propose(clerk)
    with pytest.raises(NotPermitted) as refused:
        review.decide(clerk, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    assert "không được phép sửa biểu ghi" in refused.value.message
    made = review.decide(other_admin, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    assert made.status == Decision.Status.PROPOSED
    with pytest.raises(NotPermitted) as undo_refused:
        review.undo(other_admin, made.pk)
    assert undo_refused.value.message == (
        f"Tài khoản {other_admin.get_username()} (Quản trị thư viện) không được phép quyết định "
        f"gom hay tách biểu ghi của mục lục liên hợp tại {old_a.library.code}."
    )
    with pytest.raises(InvalidInput) as same:
        review.decide(lead_admin, old_a.pk, old_a.pk, "link", seen="")
    assert same.value.message == "Không thể quyết định một biểu ghi với chính nó."
    with pytest.raises(InvalidInput):
        review.decide(lead_admin, old_a.pk, old_b.pk, "merge", seen=seen(old_a, old_b))


def test_a_second_decision_on_a_pair_waits_for_the_first_to_be_undone(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    first = review.decide(lead_admin, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    with pytest.raises(Conflict) as refused:
        review.decide(lead_admin, old_a.pk, old_b.pk, "never", seen=seen(old_a, old_b))
    assert refused.value.message == (
        f"Cặp biểu ghi {old_a.pk} và {old_b.pk} đã có quyết định đang áp dụng (Gom (cùng một "
        "ấn bản)); hãy hoàn tác quyết định đó trước."
    )
    review.undo(lead_admin, first.pk)
    review.decide(lead_admin, old_a.pk, old_b.pk, "never", seen=seen(old_a, old_b))
    assert pairs() == []


def test_only_a_network_admin_names_the_lead_and_a_library_sets_its_own_sharing(
    records: Records,
) -> None:
    province, commune = records["kieu_a"].library, records["kieu_b"].library
    network_admin = factories.staff(Role.NETWORK_ADMIN)
    commune_admin = factories.staff(Role.LIBRARY_ADMIN, commune)
    with pytest.raises(NotPermitted):
        review.name_lead(commune_admin, commune)
    review.name_lead(network_admin, province)
    review.name_lead(network_admin, commune)
    assert review.lead_library() == commune
    assert list(Participation.objects.filter(lead=True).values_list("library", flat=True)) == [
        commune.pk
    ]
    assert review.participation(province).sharing == "search"
    review.set_sharing(commune_admin, commune, "download")
    assert review.participation(commune).get_sharing_display() == (
        "Tìm, xem, đọc trực tuyến và tải về"
    )
    with pytest.raises(NotPermitted):
        review.set_sharing(commune_admin, province, "read")
    with pytest.raises(InvalidInput) as bad:
        review.set_sharing(network_admin, province, "all")
    assert bad.value.message == (
        "Mức chia sẻ «all» không có; chọn tìm và xem, đọc trực tuyến hoặc tải về."
    )
    entry = AuditEntry.objects.filter(object_type="union-participation").latest("pk")
    assert entry.after == {"sharing": "download"}


def test_a_rebuild_cut_short_leaves_the_queue_and_the_clusters_as_they_were(
    records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.rebuild(SYSTEM)
    before = (pairs(), sorted(Membership.objects.values_list("record_id", "cluster_id")))

    def broken(found: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_pairs", broken)
    with pytest.raises(RuntimeError):
        services.rebuild(SYSTEM)
    assert (pairs(), sorted(Membership.objects.values_list("record_id", "cluster_id"))) == before


def test_explain_shows_the_decision_that_linked_a_record(
    records: Records, lead_admin: object
) -> None:
    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    made = review.decide(lead_admin, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    out = StringIO()
    call_command("union", "explain", str(old_b.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[2] == (
        f"  {old_b.pk} [{old_b.library.code}] «Việt Nam sử lược» — quy tắc decision, với "
        f"{old_a.pk}: decision review: #{made.pk}"
    )
    assert lines[-1] == (
        f"  Quyết định {made.pk}: Gom (cùng một ấn bản) {old_a.pk} – {old_b.pk} (Đang áp dụng, "
        f"{made.decided_by})"
    )


def test_a_decision_and_its_undo_tell_the_search_index_through_the_change_feed(
    records: Records, lead_admin: object
) -> None:
    from thuvien.changes.models import RecordChange

    services.rebuild(SYSTEM)
    old_a, old_b = records["old_a"], records["old_b"]
    RecordChange.objects.all().delete()
    decision = review.decide(lead_admin, old_a.pk, old_b.pk, "link", seen=seen(old_a, old_b))
    noted = set(RecordChange.objects.values_list("record_id", flat=True))
    assert noted == {old_a.pk, old_b.pk}
    RecordChange.objects.all().delete()
    review.undo(lead_admin, decision.pk)
    assert set(RecordChange.objects.values_list("record_id", flat=True)) == {old_a.pk, old_b.pk}
