from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.ai import catalogue
from thuvien.ai import diacritics
from thuvien.ai.models import DiacriticProposal
from thuvien.audit.models import AuditEntry
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import Conflict, NotPermitted
from thuvien.lifecycle.models import Transition
from thuvien.network.permissions import Role
from thuvien.testing import factories


@pytest.fixture
def trained(settings: Any, tmp_path: Path) -> Record:
    settings.DATA_DIR = tmp_path
    _, lost = catalogue.build()
    call_command("ai", "train", stdout=StringIO())
    return lost


def test_training_saves_the_model_with_its_measured_quality(trained: Record) -> None:
    assert diacritics.model_path().exists()
    quality = diacritics.model_quality()
    assert quality["syllables"] > 50
    assert set(quality) >= {"accuracy", "baseline_accuracy", "held_out_syllables"}


def test_the_command_prints_the_text_restored(trained: Record) -> None:
    out = StringIO()
    call_command("ai", "diacritics", "thu vien so", stdout=out)
    assert out.getvalue().strip() == "thư viện số"


def test_telex_and_vni_keystrokes_are_decoded(trained: Record) -> None:
    for typed in ("thuw vieenj soos", "thu7 vie65n so61"):
        out = StringIO()
        call_command("ai", "diacritics", typed, stdout=out)
        assert out.getvalue().strip() == "thư viện số"


def test_json_gives_each_syllable_its_alternatives_with_scores(trained: Record) -> None:
    out = StringIO()
    call_command("ai", "diacritics", "Thu vien so", "--json", stdout=out)
    data = json.loads(out.getvalue().splitlines()[-1])
    assert data["restored"] == "Thư viện số"
    first = data["syllables"][0]
    assert first["typed"] == "Thu"
    assert first["restored"] == "Thư"
    forms = [a["form"] for a in first["alternatives"]]
    assert forms[0] == "thư"
    assert "thu" not in forms[:0]
    assert {"thư", "thủ"} <= set(forms)
    assert abs(sum(a["score"] for a in first["alternatives"]) - 1) < 0.01


def test_context_chooses_between_forms_of_one_syllable(trained: Record) -> None:
    assert diacritics.restore_text("so tay thu thu")[1].text == "sổ tay thủ thư"  # type: ignore[index]
    assert diacritics.restore_text("so hoc")[1].text == "số học"  # type: ignore[index]


def test_untrained_command_says_what_to_do(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    with pytest.raises(CommandError) as refused:
        call_command("ai", "diacritics", "thu vien")
    assert str(refused.value) == "Chưa có mô hình thêm dấu: hãy chạy `thuvien ai train` trước."


def test_the_portal_offer(trained: Record) -> None:
    offer = diacritics.offer("thu vien so")
    assert offer is not None
    assert (offer.text, offer.kind) == ("thư viện số", "diacritics")
    keystrokes = diacritics.offer("thuw vieenj soos")
    assert keystrokes is not None
    assert keystrokes.text == "thư viện số"
    assert keystrokes.kind == "keystrokes"
    assert diacritics.offer("thư viện số") is None
    # Every syllable has one written form in the catalogue: the folded search is not
    # ambiguous, nothing to offer.
    assert diacritics.offer("viet nam") is None
    assert diacritics.offer("zzz") is None


def test_a_record_without_marks_gets_a_proposal_and_nothing_changes(trained: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=trained)
    assert proposal.state == "proposed"
    assert [(c["tag"], c["before"], c["after"]) for c in proposal.changes] == [
        ("245", "Lich su thu vien Viet Nam", "Lịch sử thư viện Việt Nam"),
        ("650", "Lich su", "Lịch sử"),
    ]
    assert 0 < proposal.score <= 1
    trained.refresh_from_db()
    assert trained.title == catalogue.LOST
    # Only the record that lost its marks: the others are not proposed.
    assert DiacriticProposal.objects.count() == 1
    # Training again does not propose it twice.
    call_command("ai", "train", stdout=StringIO())
    assert DiacriticProposal.objects.count() == 1


def test_accepting_applies_through_the_catalogue_and_is_logged(trained: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=trained)
    cataloguer = factories.staff(Role.CATALOGUER, trained.library)
    diacritics.accept(cataloguer, proposal.pk)
    trained.refresh_from_db()
    assert trained.title == "Lịch sử thư viện Việt Nam"
    assert trained.subjects == "Lịch sử"
    marc = MarcRecord.from_stored(trained.leader, trained.marc)
    assert marc.first("650", "a") == "Lịch sử"
    proposal.refresh_from_db()
    assert proposal.state == "accepted"
    assert AuditEntry.objects.filter(object_type="record", object_id=str(trained.pk),
                                     action="update").exists()  # fmt: skip
    entry = AuditEntry.objects.get(object_type="diacritic proposal")
    assert entry.summary == f"record {trained.pk}: accept (score {proposal.score:.4f})"
    assert Transition.objects.filter(machine="diacritic-proposal", action="accept").count() == 1


def test_rejecting_is_logged_and_the_version_is_not_proposed_again(trained: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=trained)
    cataloguer = factories.staff(Role.CATALOGUER, trained.library)
    diacritics.reject(cataloguer, proposal.pk)
    proposal.refresh_from_db()
    assert proposal.state == "rejected"
    trained.refresh_from_db()
    assert trained.title == catalogue.LOST
    entry = AuditEntry.objects.get(object_type="diacritic proposal")
    assert entry.summary == f"record {trained.pk}: reject (score {proposal.score:.4f})"
    assert diacritics.propose() == 0


def test_another_librarys_cataloguer_may_not_decide(trained: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=trained)
    other = factories.staff(Role.CATALOGUER, factories.library("HPG"))
    with pytest.raises(NotPermitted):
        diacritics.accept(other, proposal.pk)
    proposal.refresh_from_db()
    assert proposal.state == "proposed"


def test_a_record_edited_since_the_proposal_is_not_overwritten(trained: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=trained)
    Record.objects.filter(pk=trained.pk).update(content_hash="edited")
    cataloguer = factories.staff(Role.CATALOGUER, trained.library)
    with pytest.raises(Conflict) as refused:
        diacritics.accept(cataloguer, proposal.pk)
    assert refused.value.message == (
        f"Biểu ghi {trained.pk} đã được sửa sau khi có đề xuất; hãy bỏ qua đề xuất này "
        "và chạy lại `thuvien ai train`."
    )
    proposal.refresh_from_db()
    assert proposal.state == "proposed"
