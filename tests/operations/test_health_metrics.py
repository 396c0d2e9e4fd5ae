from __future__ import annotations

import json

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from thuvien.catalogue import services as catalogue
from thuvien.changes.models import RecordChange
from thuvien.network.models import Role
from thuvien.operations import schedule
from thuvien.testing import factories


@pytest.fixture
def one_record() -> None:
    library = factories.library("VN-CM0001")
    admin = factories.staff(Role.NETWORK_ADMIN, username="quantri")
    catalogue.create_record(admin, library, factories.marc("Lịch sử Cà Mau"))


def test_health_says_how_far_the_index_lags_and_what_waits(one_record: None) -> None:
    body = json.loads(Client().get("/health").content)
    assert body["status"] == "ok"
    assert body["index"]["pending_changes"] == RecordChange.objects.count() == 1
    assert body["index"]["oldest_seconds"] >= 0
    assert body["jobs"] == {"queued": 0, "running": 0}
    assert body["disk"]["free_bytes"] > 0
    assert body["backups"]["last_backup"] is None


def test_metrics_are_prometheus_text_for_this_machine_only(
    one_record: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedule.ensure_defaults()
    response = Client().get("/metrics")
    assert response.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(response.content.decode())}
    assert families["thuvien_records"].samples[0].value == 1
    assert families["thuvien_index_pending_changes"].samples[0].value == 1
    assert families["thuvien_backup_last_success_timestamp_seconds"].samples[0].value == 0
    jobs = {s.labels["job"]: s.value for s in families["thuvien_periodic_job_failures"].samples}
    assert jobs["backup"] == 0
    away = Client(REMOTE_ADDR="10.0.0.5")
    refused = away.get("/metrics")
    assert refused.status_code == 403
    assert refused.content.decode().startswith("Chỉ máy này hoặc máy có THUVIEN_METRICS_TOKEN")
    monkeypatch.setenv("THUVIEN_METRICS_TOKEN", "bi-mat-cua-prometheus")
    allowed = away.get("/metrics", HTTP_AUTHORIZATION="Bearer bi-mat-cua-prometheus")
    assert allowed.status_code == 200
    assert away.get("/metrics", HTTP_AUTHORIZATION="Bearer sai").status_code == 403
