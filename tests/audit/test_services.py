"""The audit log's two writers: record (one change) and record_many (a batch), same rows."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import Entry, record, record_many
from thuvien.network.models import Role
from thuvien.testing import factories


def _row(entry: AuditEntry) -> tuple[object, ...]:
    return (
        entry.actor_id, entry.actor_label, entry.action, entry.object_type, entry.object_id,
        entry.library_code, entry.summary, entry.before, entry.after,
    )  # fmt: skip


def test_a_batch_is_logged_in_one_statement_with_the_rows_record_would_write() -> None:
    cataloguer = factories.staff(Role.CATALOGUER, factories.library("VN-AU0001"))
    long = "x" * 300
    entries = [
        Entry(AuditEntry.Action.UPDATE, "record", 7, "VN-AU0001", long, {"a": 1}, {"a": 2}),
        Entry(AuditEntry.Action.IMPORT, "import", "file.mrc", summary="file.mrc: 1 imported"),
    ]
    with CaptureQueriesContext(connection) as queries:
        batch = record_many(cataloguer, entries)
    # One INSERT for the batch; the chain adds the same few statements whatever its size
    # (take the head, read it, move it).
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "audit_auditentry"')]
    assert len(inserts) == 1
    assert len([q for q in queries if "audit_audithead" in q["sql"]]) == 3
    one_by_one = [
        record(
            cataloguer,
            e.action,
            e.object_type,
            e.object_id,
            library_code=e.library_code,
            summary=e.summary,
            before=e.before,
            after=e.after,
        )
        for e in entries
    ]
    assert [_row(e) for e in batch] == [_row(e) for e in one_by_one]
    saved = AuditEntry.objects.filter(object_type="record").order_by("id")
    assert [(e.actor_label, e.object_id, len(e.summary)) for e in saved] == [
        (cataloguer.get_username(), "7", 255),
        (cataloguer.get_username(), "7", 255),
    ]
    assert {e.actor_id for e in saved} == {cataloguer.pk}


def test_programs_and_anonymous_visitors_are_logged_by_label_without_an_account() -> None:
    record_many("cli:root", [Entry(AuditEntry.Action.CREATE, "library", 1)])
    record(AnonymousUser(), AuditEntry.Action.VIEW, "patron", 2)
    record(None, AuditEntry.Action.DELETE, "hold", 3)
    rows = AuditEntry.objects.order_by("id").values_list("actor_id", "actor_label", "object_id")
    assert list(rows) == [(None, "cli:root", "1"), (None, "anonymous", "2"), (None, "system", "3")]


def test_an_empty_batch_writes_nothing() -> None:
    assert record_many("cli:root", []) == []
    assert not AuditEntry.objects.exists()
