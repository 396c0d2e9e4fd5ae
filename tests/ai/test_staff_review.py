"""The staff list of proposed diacritics: a cataloguer of the record's library sees each
proposal with its score and applies or sets it aside; the decision is on the record."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.ai import catalogue
from tests.opac.conftest import find, text, tree_of
from thuvien.ai.models import DiacriticProposal
from thuvien.catalogue.models import Record
from thuvien.network.permissions import Role
from thuvien.testing import factories


@pytest.fixture
def lost(settings: Any, tmp_path: Path) -> Record:
    settings.DATA_DIR = tmp_path
    _, record = catalogue.build()
    call_command("ai", "train", stdout=io.StringIO())
    return record


def signed_in(client: Client, role: Role, record: Record) -> Client:
    client.force_login(factories.staff(role, record.library))
    return client


def test_the_list_shows_each_change_with_its_score(client: Client, lost: Record) -> None:
    response = signed_in(client, Role.CATALOGUER, lost).get("/staff/ai/diacritics/")
    assert response.status_code == 200
    tree = tree_of(response.content)
    rows = [[text(c) for c in tr.xpath("./th|./td")][:3] for tr in tree.xpath("//tbody/tr")]
    assert rows == [
        ["245 $a", "Lich su thu vien Viet Nam", "Lịch sử thư viện Việt Nam"],
        ["650 $a", "Lich su", "Lịch sử"],
    ]
    assert "so với" in text(find(tree, "p", "quality")[0])
    menu = tree.xpath("//nav//a[@href='/staff/ai/diacritics/']")
    assert [text(a) for a in menu] == ["Đề xuất thêm dấu"]


def test_applying_changes_the_record(client: Client, lost: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=lost)
    staff = signed_in(client, Role.CATALOGUER, lost)
    response = staff.post(f"/staff/ai/diacritics/{proposal.pk}/accept/", follow=True)
    assert response.status_code == 200
    lost.refresh_from_db()
    assert lost.title == "Lịch sử thư viện Việt Nam"
    assert "Đã thêm dấu cho biểu ghi" in response.content.decode()
    tree = tree_of(response.content)
    assert tree.xpath("//tbody/tr") == []


def test_setting_aside_keeps_the_record(client: Client, lost: Record) -> None:
    proposal = DiacriticProposal.objects.get(record=lost)
    staff = signed_in(client, Role.CATALOGUER, lost)
    response = staff.post(f"/staff/ai/diacritics/{proposal.pk}/reject/", follow=True)
    assert f"Đã bỏ qua đề xuất cho biểu ghi {lost.pk}; biểu ghi giữ nguyên." in (
        response.content.decode()
    )
    lost.refresh_from_db()
    assert lost.title == catalogue.LOST


def test_a_desk_clerk_may_not_see_the_list(client: Client, lost: Record) -> None:
    response = signed_in(client, Role.CIRCULATION_CLERK, lost).get("/staff/ai/diacritics/")
    assert response.status_code == 403
