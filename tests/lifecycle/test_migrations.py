"""The history kept before the engine existed (circulation.Transition, digital.StatusChange)
is copied whole into lifecycle.Transition, and copied back when the migrations are reversed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from thuvien.lifecycle.models import Transition
from thuvien.testing import factories

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("circulation", "0003_transit"), ("digital", "0003_collection_related_name")]
AT = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; the app registry of that state, for its historical models."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_engine() -> Iterator[Any]:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(latest)  # the other tests need today's tables, whatever happened here


def test_old_histories_are_copied_into_the_one_history_and_back(before_the_engine: Any) -> None:
    library = factories.library("VN-CT0001")
    old_apps = before_the_engine
    # The table as it was then (later migrations add columns today's model writes).
    OldObject = old_apps.get_model("digital", "DigitalObject")
    thesis = OldObject.objects.create(identifier="luan-van-1", library_id=library.pk, title="LV")
    OldTransition = old_apps.get_model("circulation", "Transition")
    StatusChange = old_apps.get_model("digital", "StatusChange")
    User = old_apps.get_model("auth", "User")
    author = User.objects.create(username="tac-gia")
    OldTransition.objects.create(
        kind="loan",
        object_id=41,
        event="checkout",
        from_state="",
        to_state="active",
        at=AT,
        actor_label="thu-thu",
        library_code="VN-CT0001",
    )
    OldTransition.objects.create(
        kind="ill",
        object_id=7,
        event="approve",
        from_state="requested",
        to_state="approved",
        at=AT + timedelta(hours=1),
        actor_label="sip2:kiosk-1",
        library_code="VN-CT0002",
    )
    change = StatusChange.objects.create(
        digital_object_id=thesis.pk,
        move="submit",
        from_status="draft",
        to_status="submitted",
        actor=author,
        actor_label="tac-gia",
        note="Bản cuối",
    )
    StatusChange.objects.filter(pk=change.pk).update(at=AT + timedelta(hours=2))

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = Transition.objects.values_list(
        "machine",
        "model",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "at",
        "actor_id",
        "actor_label",
        "library_code",
        "note",
    )
    assert list(rows) == [
        ("loan", "circulation.loan", "41", "checkout", "", "active", AT, None, "thu-thu",
         "VN-CT0001", ""),
        ("ill", "circulation.illrequest", "7", "approve", "requested", "approved",
         AT + timedelta(hours=1), None, "sip2:kiosk-1", "VN-CT0002", ""),
        ("digital-workflow", "digital.digitalobject", str(thesis.pk), "submit", "draft",
         "submitted", AT + timedelta(hours=2), author.pk, "tac-gia", "VN-CT0001", "Bản cuối"),
    ]  # fmt: skip

    old_apps = _migrate(BEFORE)
    OldTransition = old_apps.get_model("circulation", "Transition")
    StatusChange = old_apps.get_model("digital", "StatusChange")
    assert list(
        OldTransition.objects.order_by("id").values_list("kind", "object_id", "event", "at")
    ) == [("loan", 41, "checkout", AT), ("ill", 7, "approve", AT + timedelta(hours=1))]
    assert list(
        StatusChange.objects.values_list("digital_object_id", "move", "actor_id", "note", "at")
    ) == [(thesis.pk, "submit", author.pk, "Bản cuối", AT + timedelta(hours=2))]
    assert not Transition.objects.exists()
