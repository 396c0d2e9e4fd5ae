"""Batch ingest from a folder with a CSV manifest: one object per row, each all or nothing.

    id,title,files,pages,access,rights,ocr,record,creator,date,language
    dia-chi-1,Địa chí Cà Mau,dia-chi-1/,26,open,public-domain,vie,,Nguyễn Văn A,1938,vie
    gia-pha-2,Gia phả họ Lê,gia-pha-2.pdf,,request,unknown,,,,,

``files`` is a file or folder relative to the manifest, or several joined by ``|`` (a folder in
natural name order or by its ``pages.txt``, see :mod:`ordering`). ``pages`` (optional) is how
many pages the row's files must hold, every page of a multi-page TIFF or PDF counted; another
number refuses the row with both numbers. A row that
fails is reported with its line and reason, and the batch goes on (like a MARC import).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from thuvien.catalogue.models import Record
from thuvien.digital.errors import Rejected
from thuvien.digital.services import ingest
from thuvien.errors import ThuvienError
from thuvien.network.models import Library
from thuvien.reports import ImportSummary, Reject

REQUIRED = ("id", "title", "files")
DUBLIN_CORE_COLUMNS = ("creator", "subject", "description", "publisher", "date", "language")


@dataclass
class BatchReport:
    ingested: list[str] = field(default_factory=list)
    pages: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # line, id, reason

    def summary(self, source: str, library: str) -> ImportSummary:
        """This batch in the shape every import reports (the pages are counted apart)."""
        return ImportSummary(
            source=source,
            library=library,
            counted_by="line",
            created=len(self.ingested),
            rejected=len(self.errors),
            rejects=[Reject(line, reason, identifier) for line, identifier, reason in self.errors],
        )


def ingest_batch(
    manifest: Path,
    *,
    library: Library,
    actor: str,
    progress: Callable[[str], None] | None = None,
) -> BatchReport:
    report = BatchReport()
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
            columns = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise Rejected(
            _("Không đọc được {file}: {error}.").format(file=manifest, error=exc)
        ) from None
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise Rejected(
            _("Tệp kê khai thiếu cột {columns} (cần id, title, files).").format(
                columns=", ".join(missing)
            ),
        )
    base = manifest.parent
    for line, row in enumerate(rows, start=2):
        identifier = (row.get("id") or "").strip()
        try:
            paths = [
                base / part.strip() for part in (row["files"] or "").split("|") if part.strip()
            ]
            record = None
            stated = (row.get("pages") or "").strip()
            if stated and not stated.isdigit():
                raise Rejected(
                    _("Cột pages phải là một số trang, không phải “{value}”.").format(value=stated)
                )
            if (row.get("record") or "").strip():
                record = Record.objects.filter(pk=int(row["record"]), library=library).first()
                if record is None:
                    raise Rejected(f"No record {row['record']} in {library.code}.")
            obj = ingest(
                paths,
                library=library,
                identifier=identifier,
                title=(row.get("title") or "").strip(),
                access=(row.get("access") or "open").strip(),
                rights=(row.get("rights") or "unknown").strip(),
                ocr=(row.get("ocr") or "").strip() or None,
                record=record,
                dublin_core={
                    c: [row[c].strip()] for c in DUBLIN_CORE_COLUMNS if (row.get(c) or "").strip()
                },
                actor=actor,
                expected_pages=int(stated) if stated else None,
            )
        except (ThuvienError, ValueError) as exc:
            reason = exc.message if isinstance(exc, ThuvienError) else str(exc)
            report.errors.append((line, identifier, reason))
            continue
        report.ingested.append(obj.identifier)
        report.pages += obj.pages.count()
        if progress is not None:
            progress(obj.identifier)
    return report
