"""Issue 17: class and subject suggestions for cataloguers. AI suggests, a person decides:
nothing reaches a record without a staff action, and every decision is logged."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from thuvien.ai import cataloguing, services
from thuvien.ai.models import SuggestionDecision
from thuvien.audit.models import AuditEntry
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import Role
from thuvien.testing import factories

pytestmark = pytest.mark.django_db

HISTORY = [
    ("Lịch sử Việt Nam thời Lý Trần", "959.7", "63.3(1V)", "Lịch sử"),
    ("Lịch sử Việt Nam cận đại", "959.7", "63.3(1V)", "Lịch sử"),
    ("Lịch sử Việt Nam từ nguồn gốc", "959.7", "63.3(1V)", "Lịch sử"),
    ("Lịch sử kháng chiến Việt Nam", "959.7", "63.3(1V)", "Lịch sử"),
]
POEMS = [
    ("Tuyển tập thơ Việt Nam hiện đại", "895.922", "84(1V)", "Thơ"),
    ("Thơ tình Việt Nam chọn lọc", "895.922", "84(1V)", "Thơ"),
    ("Thơ Hồ Xuân Hương", "895.922", "84(1V)", "Thơ"),
    ("Thơ mới Việt Nam", "895.922", "84(1V)", "Thơ"),
]


def _marc(title: str, ddc: str = "", bbk: str = "", subject: str = "") -> MarcRecord:
    extra: list[Any] = []
    if ddc:
        extra.append(["082", "0", "4", [["a", ddc]]])
    if bbk:
        extra.append(["084", " ", " ", [["a", bbk], ["2", "bbk"]]])
    if subject:
        extra.append(["650", " ", "4", [["a", subject]]])
    return factories.marc(title, extra=extra)


@pytest.fixture
def network(tmp_path: Any, settings: Any, monkeypatch: Any) -> dict[str, Any]:
    monkeypatch.setenv("THUVIEN_DATA_DIR", str(tmp_path))
    libraries = [factories.library() for _ in range(5)]
    admin = factories.staff(Role.NETWORK_ADMIN)
    for n, (title, ddc, bbk, subject) in enumerate(HISTORY + POEMS):
        catalogue.create_record(admin, libraries[n % 4], _marc(title, ddc, bbk, subject))
    new = catalogue.create_record(
        admin, libraries[4], _marc("Lịch sử Việt Nam thời Nguyễn: những trang sử")
    )
    cataloguer = factories.staff(Role.CATALOGUER, libraries[4])
    return {"new": new, "cataloguer": cataloguer, "libraries": libraries}


def _json(*args: str) -> Any:
    out = io.StringIO()
    call_command("ai", *args, "--json", stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def test_training_reports_each_family_with_its_baseline(network: dict[str, Any]) -> None:
    result = _json("train", "--only", "cataloguing")["cataloguing"]
    assert result["records"] == 9
    assert result["libraries"] == 5
    assert result["families"]["ddc"]["labels"] == 2
    held = result["families"]["ddc"]["held_out"]
    assert set(held) == {
        "records",
        "precision_at_1",
        "f1_at_5",
        "baseline_precision_at_1",
        "baseline_f1_at_5",
    }


def test_suggest_gives_classes_with_scheme_value_and_score(network: dict[str, Any]) -> None:
    _json("train")
    found = _json("suggest", str(network["new"].pk))
    assert found["record"] == network["new"].pk
    first = {c["scheme"]: c for c in reversed(found["classes"])}  # best first in each scheme
    assert first["ddc"]["value"] == "959.7"
    assert first["bbk"]["value"] == "63.3(1V)"
    assert 0 < first["ddc"]["score"] <= 1
    assert found["subjects"][0]["heading"] == "Lịch sử"
    assert found["subjects"][0]["tag"] == "650"
    # Suggesting changed nothing.
    assert "082" not in Record.objects.get(pk=network["new"].pk).marc


def test_suggest_before_training_says_what_to_do(network: dict[str, Any]) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("ai", "suggest", str(network["new"].pk))
    assert str(caught.value) == "Chưa có mô hình gợi ý: hãy chạy «thuvien ai train» trước."


def test_accepting_adds_the_field_audited_and_logged(network: dict[str, Any]) -> None:
    record, user = network["new"], network["cataloguer"]
    updated = services.accept(user, record, "ddc", "959.7", score=0.61, version="v1")
    assert updated.classification == {"ddc": ["959.7"]}
    marc = MarcRecord.from_stored(updated.leader, updated.marc)
    assert ["082", "0", "4", [["a", "959.7"]]] in marc.fields
    assert AuditEntry.objects.filter(
        object_type="record", object_id=str(record.pk), action="update"
    ).exists()
    log = SuggestionDecision.objects.get()
    assert (log.family, log.value, log.score, log.model_version, log.decision) == (
        "ddc",
        "959.7",
        0.61,
        "v1",
        "accepted",
    )
    assert log.decided_by == user.username


def test_rejecting_only_logs_and_hides_the_suggestion(network: dict[str, Any]) -> None:
    record, user = network["new"], network["cataloguer"]
    before = Record.objects.get(pk=record.pk).marc
    services.reject(user, record, "subject", "650:Lịch sử", score=0.4, version="v1")
    assert Record.objects.get(pk=record.pk).marc == before
    assert SuggestionDecision.objects.get().decision == "rejected"
    assert services.rejected_keys(record) == {("subject", "650:Lịch sử")}


def test_accepting_twice_is_refused(network: dict[str, Any]) -> None:
    record, user = network["new"], network["cataloguer"]
    record = services.accept(user, record, "bbk", "63.3(1V)", score=0.5, version="v1")
    with pytest.raises(Conflict) as caught:
        services.accept(user, record, "bbk", "63.3(1V)", score=0.5, version="v1")
    assert caught.value.message == f"Bản ghi {record.pk} đã có 63.3(1V); không thêm lần nữa."
    assert SuggestionDecision.objects.count() == 1


def test_bad_family_and_score_are_refused_without_a_trace(network: dict[str, Any]) -> None:
    record, user = network["new"], network["cataloguer"]
    with pytest.raises(InvalidInput) as caught:
        services.accept(user, record, "dewey", "959.7", score=0.5, version="v1")
    assert caught.value.message == (
        "Loại gợi ý “dewey” không có; chọn một trong: ddc, bbk, udc, lcc, subject."
    )
    with pytest.raises(InvalidInput) as caught:
        services.reject(user, record, "ddc", "959.7", score=1.5, version="v1")
    assert caught.value.message == "Điểm gợi ý 1.5 phải nằm trong khoảng 0 đến 1."
    assert not SuggestionDecision.objects.exists()


def test_a_cataloguer_of_another_library_may_not_decide(network: dict[str, Any]) -> None:
    other = factories.staff(Role.CATALOGUER, network["libraries"][0])
    with pytest.raises(NotPermitted):
        services.accept(other, network["new"], "ddc", "959.7", score=0.5, version="v1")
    assert not SuggestionDecision.objects.exists()


def test_the_editor_shows_the_panel_and_accept_adds_the_class(network: dict[str, Any]) -> None:
    _json("train")
    record = network["new"]
    client = Client()
    client.force_login(network["cataloguer"])
    page = client.get(f"/staff/records/{record.pk}/edit/").content.decode()
    assert "Gợi ý phân loại và chủ đề" in page
    assert 'value="959.7"' in page
    summary = cataloguing.summary()
    assert summary is not None
    answer = client.post(
        f"/staff/records/{record.pk}/suggestions/",
        {
            "family": "ddc",
            "key": "959.7",
            "score": "0.7",
            "version": summary["version"],
            "decision": "accept",
            "back": "edit",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/staff/records/{record.pk}/edit/"
    assert Record.objects.get(pk=record.pk).classification["ddc"] == ["959.7"]
    page = client.get(f"/staff/records/{record.pk}/edit/").content.decode()
    assert 'name="key" value="959.7"' not in page  # what the record has is not suggested
