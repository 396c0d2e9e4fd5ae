from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from thuvien.network.models import Role
from thuvien.operations.models import BackupRun
from thuvien.testing import factories


def signed_in(role: Role) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    library = factories.library("VN-CM0001") if role != Role.NETWORK_ADMIN else None
    client.force_login(factories.staff(role, library, username=f"u-{role.value}"))
    return client


def test_the_system_page_warns_until_a_backup_and_a_drill_have_run() -> None:
    client = signed_in(Role.NETWORK_ADMIN)
    page = client.get("/staff/system/").content.decode()
    assert "Chưa có bản sao lưu thành công nào." in page
    assert "Chưa diễn tập phục hồi lần nào." in page
    assert '<a href="/staff/system/"' in page  # in the menu
    now = timezone.now()
    for kind, outcome, summary in (
        ("backup", "ok", "Sao lưu thuvien-20261204T010000Z: 3 tệp số (3 tệp mới), 66 bảng."),
        ("verify", "ok", "Diễn tập phục hồi thuvien-20261204T010000Z: giống hệt (66 bảng, 3 tệp số)."),  # noqa: E501
    ):  # fmt: skip
        BackupRun.objects.create(
            kind=kind, outcome=outcome, name="thuvien-20261204T010000Z",
            started_at=now - timedelta(hours=1), summary=summary,
        )  # fmt: skip
    page = client.get("/staff/system/").content.decode()
    assert "Bản sao lưu tốt gần nhất: <strong>thuvien-20261204T010000Z</strong>" in page
    assert "cần sao lưu" not in page
    assert "giống hệt (66 bảng, 3 tệp số)" in page
    assert "cần diễn tập" not in page
    health = json.loads(Client(HTTP_HOST="127.0.0.1").get("/health").content)
    assert health["backups"]["last_backup"]["name"] == "thuvien-20261204T010000Z"
    assert health["backups"]["backup_overdue"] is False


def test_only_the_network_administrator_operates_the_system() -> None:
    client = signed_in(Role.LIBRARY_ADMIN)
    response = client.get("/staff/system/")
    assert response.status_code == 403
    assert '<a href="/staff/system/"' not in client.get("/staff/").content.decode()
