"""Importing MARC files into a library's catalogue.

The rules (issue #2, DESIGN §7):

* Permissive: a record that cannot be read is reported with its position and reason, its raw
  bytes go to the rejects file, and the file goes on.
* Idempotent: a record is matched on 001+003 when that pair is unique in its file, else on its
  content (plus its occurrence number, for identical copies). Importing the same file twice
  changes nothing; a record whose content changed is updated in place.
* Crash-safe: records are committed in batches, each batch in one transaction, so a crash
  leaves no half-imported record and running the import again completes the job.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import Entry, record_many
from thuvien.catalogue import bulk, formats
from thuvien.catalogue.analysis import Prepared as _Prepared
from thuvien.catalogue.analysis import analysed
from thuvien.catalogue.extract import EXTRACTED
from thuvien.catalogue.holdings import ItemData
from thuvien.catalogue.models import ImportBatch, Item, Record
from thuvien.changes import feed
from thuvien.network.models import Library
from thuvien.reports import ImportSummary, Reject

if TYPE_CHECKING:
    from thuvien.actors import Actor

MAX_LISTED = 1000
# Called with the library and the ids of each batch's new and changed records, inside the
# batch's transaction: upper layers register here in their AppConfig.ready() (the digital
# library flags heritage holdings from their local fields).
AFTER_WRITE: list[Callable[[Library, list[int]], Any]] = []
PARALLEL_FROM_BYTES = (
    4 << 20
)  # about 2,000 records  # errors and warnings listed one by one; the rest are counted


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Warnings that repeat on every record (a leader quirk of the exporting system) are
    # counted once rather than listed a million times.
    repeated: Counter[str] = field(default_factory=Counter)
    format: str = ""  # what the offsets of ``errors`` count: lines of MARCXML, else bytes

    @property
    def processed(self) -> int:
        return self.imported + self.updated + self.unchanged + self.rejected

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(message)

    def as_dict(self) -> dict[str, Any]:
        warnings = list(self.warnings)
        warnings += [f"{text} ({n} records)" for text, n in sorted(self.repeated.items())]
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": warnings,
            "errors": self.errors,
        }

    def state(self) -> dict[str, Any]:
        """Everything a resumed run needs to end with the report an unbroken run gives."""
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
            "errors": self.errors,
            "repeated": dict(self.repeated),
            "format": self.format,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ImportReport:
        return cls(
            imported=state["imported"],
            updated=state["updated"],
            unchanged=state["unchanged"],
            rejected=state["rejected"],
            warnings=list(state["warnings"]),
            errors=list(state["errors"]),
            repeated=Counter(state["repeated"]),
            format=state["format"],
        )

    def summary(self, source: str, library: str) -> ImportSummary:
        """This import in the shape every import reports."""
        where = gettext("dòng {number}") if self.format == "marcxml" else gettext("byte {number}")
        return ImportSummary(
            source=source,
            library=library,
            counted_by="record",
            created=self.imported,
            updated=self.updated,
            unchanged=self.unchanged,
            rejected=self.rejected,
            rejects=[
                Reject(e["index"], e["reason"], where.format(number=e["offset"]))
                for e in self.errors
            ],
            warnings=self.as_dict()["warnings"],
        )


@dataclass(frozen=True)
class Checkpoint:
    """Where an import stood after its last committed batch: the records read (accepted
    and rejected), the report so far, and how many bytes of the rejects file were written."""

    records: int
    report: dict[str, Any]
    rejects_bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {"records": self.records, "report": self.report, "rejects_bytes": self.rejects_bytes}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint | None:
        if not data:
            return None
        return cls(data["records"], data["report"], data["rejects_bytes"])


class RejectsWriter:
    """Writes the raw bytes of rejected records in the file's own format, for repair."""

    def __init__(self, stream: BinaryIO | None, fmt: str, *, started: bool = False) -> None:
        self.stream = stream
        self.fmt = fmt
        self.started = started  # a resumed run appends to what the first run wrote

    def position(self) -> int:
        """The bytes written so far, on disk (recorded with each committed batch)."""
        if self.stream is None:
            return 0
        self.stream.flush()
        return self.stream.tell()

    def write(self, raw: bytes) -> None:
        if self.stream is None or not raw:
            return
        if not self.started and self.fmt == "marcxml":
            self.stream.write(
                b'<?xml version="1.0" encoding="UTF-8"?>\n'
                b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
            )
        self.started = True
        self.stream.write(raw)
        if self.fmt != "iso2709" and not raw.endswith(b"\n"):
            self.stream.write(b"\n")

    def close(self) -> None:
        if self.stream is not None and self.started and self.fmt == "marcxml":
            self.stream.write(b"</collection>\n")


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class Importer:
    def __init__(
        self,
        library: Library,
        *,
        actor: Actor,
        source: str,
        batch: ImportBatch | None = None,
        rejects: BinaryIO | None = None,
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
        workers: int | None = None,
        resume: Checkpoint | None = None,
        checkpoint: Callable[[Checkpoint], None] | None = None,
    ) -> None:
        self.library = library
        self.workers = settings.THUVIEN_IMPORT_WORKERS if workers is None else workers
        self.force_workers = workers is not None
        self.actor = actor
        self.source = source[:255]
        self.batch = batch
        self.rejects_stream = rejects
        self.batch_size = batch_size or settings.THUVIEN_IMPORT_BATCH_SIZE
        self.progress = progress
        self.report = ImportReport.from_state(resume.report) if resume else ImportReport()
        # A resumed run reads the records the first run committed again, to key them as that
        # run did (a repeated record's key counts its occurrences), but writes none of them.
        self.skip = resume.records if resume else 0
        self.resumed_rejects = resume.rejects_bytes if resume else 0
        self.checkpoint = checkpoint
        self._read = 0
        # Match keys seen in this file, as 64-bit digests (a million keys in ~60 MB), and the
        # occurrence counts of the few that repeat.
        self._seen: set[int] = set()
        self._repeats: dict[int, int] = {}
        self._pending: list[_Prepared] = []
        self._batches = 0

    # --- the run ------------------------------------------------------------------------
    def run(self, stream: BinaryIO, fmt: str) -> ImportReport:
        self.report.format = fmt
        rejects = RejectsWriter(self.rejects_stream, fmt, started=self.resumed_rejects > 0)
        try:
            for item in analysed(formats.read(stream, fmt, decode=False), self._workers(stream)):
                self._read += 1
                if self._read <= self.skip:
                    if not isinstance(item, formats.Incoming):
                        self._match_key(item, warn=False)  # warned in the first run
                    continue
                if isinstance(item, formats.Incoming):
                    self._reject(item, rejects)
                    continue
                self._accept(item)
                if len(self._pending) >= self.batch_size:
                    self._flush(stream, rejects)
            self._flush(stream, rejects)
        finally:
            rejects.close()
        return self.report

    def _workers(self, stream: BinaryIO) -> int:
        """Worker processes pay for themselves only on big files (a second to start)."""
        try:
            size = os.fstat(stream.fileno()).st_size
        except (OSError, AttributeError, ValueError):
            size = len(stream.getbuffer()) if isinstance(stream, io.BytesIO) else 0
        return self.workers if size >= PARALLEL_FROM_BYTES or self.force_workers else 1

    def _reject(self, incoming: formats.Incoming, rejects: RejectsWriter) -> None:
        self.report.rejected += 1
        if len(self.report.errors) < MAX_LISTED:
            self.report.errors.append(
                {"index": incoming.index, "offset": incoming.offset, "reason": incoming.error}
            )
        rejects.write(incoming.raw)

    def _accept(self, p: _Prepared) -> None:
        for warning in p.warnings:
            self.report.repeated[warning] += 1
        if p.needs_review:
            self.report.warn(f"record {p.index}: {p.needs_review}")
        p.key = self._match_key(p)
        self._pending.append(p)

    def _match_key(self, p: _Prepared, *, warn: bool = True) -> str:
        if p.control:
            key = f"cn:{p.org}:{p.control}"
            if len(key) > 80:
                key = "cn:" + _short(key)
            if self._occurrence(key) == 1:
                return key
            if warn:
                self.report.warn(
                    f"record {p.index}: control number {p.control!r} (003 {p.org!r}) is used by "
                    "an earlier record of this file; both are kept, this one is matched by its "
                    "content"
                )
        key = f"h:{p.content_hash}"
        n = self._occurrence(key)
        return key if n == 1 else f"{key[:70]}:{n}"

    def _occurrence(self, key: str) -> int:
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest())
        if digest not in self._seen:
            self._seen.add(digest)
            return 1
        n = self._repeats.get(digest, 1) + 1
        self._repeats[digest] = n
        return n

    # --- writing one batch ------------------------------------------------------------------
    def _flush(self, stream: BinaryIO, rejects: RejectsWriter) -> None:
        pending, self._pending = self._pending, []
        if pending:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # A batch lost to a crash in the moment after its commit is imported
                    # again by the re-run; in exchange no batch waits for its WAL flush.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit = off")
                self._write(pending)
                if self.checkpoint is not None:
                    self.checkpoint(Checkpoint(self._read, self.report.state(), rejects.position()))
            self._batches += 1
            if connection.vendor == "postgresql" and self._batches in _ANALYZE_AFTER:
                _analyze()
        if self.progress is not None:
            self.progress(_position(stream))

    def _write(self, pending: list[_Prepared]) -> None:
        existing = {
            r.match_key: r
            for r in Record.objects.filter(
                library=self.library, match_key__in=[p.key for p in pending]
            ).only("id", "match_key", "content_hash", "title")
        }
        new: list[_Prepared] = []
        changed: list[tuple[_Prepared, Record]] = []
        for p in pending:
            current = existing.get(p.key)
            if current is None:
                new.append(p)
            elif current.content_hash == p.content_hash:
                self.report.unchanged += 1
            else:
                changed.append((p, current))
        now = timezone.now()
        ids: dict[str, int] = {}
        if new:
            bulk.insert(Record, [self._row(p, now) for p in new])
            self.report.imported += len(new)
            ids = dict(
                Record.objects.filter(
                    library=self.library, match_key__in=[p.key for p in new]
                ).values_list("match_key", "id")
            )
        if changed:
            self._update(changed, now)
            ids.update((p.key, current.pk) for p, current in changed)
        # Same transaction as the records: the search index learns of exactly what committed.
        feed.record_changed(ids.values())
        for hook in AFTER_WRITE:
            hook(self.library, list(ids.values()))
        with_items = [p for p in new if p.items] + [p for p, _ in changed if p.items]
        if with_items:
            self._create_items([(p, ids[p.key]) for p in with_items], now)

    def _row(self, p: _Prepared, now: datetime) -> dict[str, Any]:
        return {
            "library_id": self.library.pk,
            "leader": p.leader,
            "marc": p.stored,
            "match_key": p.key,
            "content_hash": p.content_hash,
            "source": self.source,
            "source_encoding": p.encoding,
            "import_batch_id": self.batch.pk if self.batch is not None else None,
            "copied_from_id": None,
            "needs_review": p.needs_review[:255],
            "created_at": now,
            "updated_at": now,
            **p.extracted,
        }

    def _update(self, changed: list[tuple[_Prepared, Record]], now: datetime) -> None:
        audits = []
        columns = [
            "leader",
            "marc",
            "content_hash",
            "source",
            "source_encoding",
            "needs_review",
            "import_batch_id",
            *EXTRACTED,
            "updated_at",
        ]
        for p, current in changed:
            before = {"title": current.title, "content_hash": current.content_hash}
            row = self._row(p, now)
            for name in columns:
                setattr(current, name, row[name])
            audits.append(
                Entry(
                    AuditEntry.Action.UPDATE,
                    "record",
                    current.pk,
                    library_code=self.library.code,
                    summary=f"updated by import of {self.source}",
                    before=before,
                    after={"title": current.title, "content_hash": current.content_hash},
                )
            )
        Record.objects.bulk_update([c for _, c in changed], columns)
        record_many(self.actor, audits)
        self.report.updated += len(changed)

    def _create_items(self, pairs: list[tuple[_Prepared, int]], now: datetime) -> None:
        """Create (or update, for a changed record) the copies its embedded fields describe."""
        existing = {
            (i.record_id, i.source_field): i
            for i in Item.objects.filter(record_id__in=[pk for _, pk in pairs]).exclude(
                source_field=""
            )
        }
        wanted = {d.barcode for p, _ in pairs for d in p.items if d.barcode}
        taken = dict(
            Item.objects.filter(library=self.library, barcode__in=wanted).values_list(
                "barcode", "record_id"
            )
        )
        to_create: list[dict[str, Any]] = []
        to_update: list[Item] = []
        for p, record_id in pairs:
            for data in p.items:
                item = existing.get((record_id, data.source_field))
                barcode = data.barcode or None
                mine = item is not None and item.barcode == barcode
                if barcode and barcode in taken and not mine:
                    self.report.warn(
                        f"record {p.index}: copy {data.source_field} has barcode {barcode!r}, "
                        f"already used by another copy in {self.library.code}; the copy was "
                        "created without a barcode: give it a new one"
                    )
                    data.note = (data.note + f" [barcode {barcode} duplicated]").strip()
                    barcode = None
                if barcode:
                    taken[barcode] = record_id
                values = _item_values(data, barcode)
                if item is None:
                    values.update(
                        library_id=self.library.pk,
                        record_id=record_id,
                        created_at=now,
                        updated_at=now,
                    )
                    to_create.append(values)
                else:
                    for name, value in values.items():
                        setattr(item, name, value)
                    to_update.append(item)
        bulk.insert(Item, to_create)
        if to_update:
            Item.objects.bulk_update(to_update, list(_item_values(ItemData(""), None)))


def _item_values(data: ItemData, barcode: str | None) -> dict[str, Any]:
    return {
        "barcode": barcode,
        "accession_number": data.accession_number[:64],
        "call_number": data.call_number[:255],
        "location": data.location[:255],
        "item_type": data.item_type[:40],
        "status": data.status,
        "price": data.price,
        "acquisition_source": data.acquisition_source[:255],
        "note": data.note,
        "source_field": data.source_field,
    }


# PostgreSQL plans by its statistics: a table that grew from nothing to 100,000 rows inside
# one import still looks empty, the match-key lookups turn into sequential scans and the
# import slows to a crawl. Refreshing them as the tables double keeps the index in use.
_ANALYZE_AFTER = frozenset(2**n for n in range(20))


def _analyze() -> None:
    with connection.cursor() as cursor:
        for model in (Record, Item):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _position(stream: BinaryIO) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return 0
