"""The audit log's hash chain: what an entry's digest covers, and how it is checked.

``digest = sha256(previous + "\\n" + canonical JSON of the entry's content)``, where the content
is every column a reader of the log relies on (when, who, what, on which object, the summary
and the state before and after) and ``previous`` is the digest of the entry before it (by id).
The first entry's ``previous`` is empty; after a purge the oldest remaining entry's ``previous``
is whatever it was, and the check starts from it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from thuvien.audit.models import AuditEntry


def _when(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")


def content(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": _when(entry.at),
        "actor": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "library": entry.library_code,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
    }


def digest_of(entry: AuditEntry, previous: str) -> str:
    text = json.dumps(content(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    first_break: Break | None


def verify(batch: int = 2000) -> Verdict:
    """Walk the log in id order; stop at the first entry whose link or digest is wrong."""
    previous: str | None = None  # None: the oldest entry kept, whose predecessor may be purged
    checked = 0
    for entry in _in_order(batch):
        if previous is not None and entry.previous != previous:
            return Verdict(checked, Break(entry.pk, "previous"))
        if digest_of(entry, entry.previous) != entry.digest:
            return Verdict(checked, Break(entry.pk, "digest"))
        previous = entry.digest
        checked += 1
    from thuvien.audit.models import AuditHead

    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and previous is not None and head.digest != previous:
        return Verdict(checked, Break(0, "head"))  # the newest entries were removed
    return Verdict(checked, None)


def _in_order(batch: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk")[:batch])
        if not rows:
            return
        yield from rows
        last = rows[-1].pk
