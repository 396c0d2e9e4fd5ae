"""Migrating a library from another system: records and copies, readers, open loans and
the loan history, each file reported in the one import shape (:mod:`thuvien.reports`).

* Records and copies go through the catalogue's own import (Koha's 952 fields become
  copies there), so they are matched, batched and indexed as any import.
* Readers are matched by card number, loans by the old system's identifier (Koha's
  ``issue_id``, else card + barcode + date) kept in :class:`SourceKey`: a second run
  changes nothing, and a run stopped half way completes when run again.
* A bad row is named with its file, line and reason; the good rows are kept.
* ``--prefix`` puts a source prefix before card numbers, barcodes and control numbers, for
  two provinces' systems merged into one library whose numbers collide.
* A dry run does all of it inside one transaction and rolls it back: the report is the
  real one, and nothing stays.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.catalogue.models import Item
from thuvien.catalogue.services import run_import
from thuvien.circulation import migrated
from thuvien.circulation.models import Category, Loan, Patron
from thuvien.errors import InvalidInput
from thuvien.legacy.models import SourceKey
from thuvien.legacy.tables import Row, parse_day, parse_when, read_csv
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.reports import ImportSummary, Reject

if TYPE_CHECKING:
    from thuvien.actors import Actor

T = TypeVar("T")
BATCH = 2000
MAX_LISTED = 1000
CARD_LENGTH = 32

# Koha's patron categories are each library's own codes; these are the usual ones. Others
# are read as adults, with a warning that counts them (a mapping file can name them).
KOHA_CATEGORIES = {
    "pt": Category.ADULT,
    "adult": Category.ADULT,
    "nl": Category.ADULT,
    "st": Category.STUDENT,
    "student": Category.STUDENT,
    "hs": Category.STUDENT,
    "sv": Category.STUDENT,
    "j": Category.CHILD,
    "k": Category.CHILD,
    "child": Category.CHILD,
    "te": Category.CHILD,
    "senior": Category.ELDERLY,
    "nct": Category.ELDERLY,
}


@dataclass
class Export:
    """The files of one library's export, and how to read their columns."""

    source: str  # koha, libol, vebrary, xlsx
    marc: Path | None = None
    patrons: Iterable[Row] | None = None
    issues: Iterable[Row] | None = None
    old_issues: Iterable[Row] | None = None
    names: dict[str, str] = field(default_factory=dict)  # part → the file's name, for reports
    categories: dict[str, str] = field(default_factory=dict)
    rows_rejected: list[ImportSummary] = field(default_factory=list)  # found while reading


@dataclass
class MigrationReport:
    library: str
    source: str
    dry_run: bool
    files: list[ImportSummary] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "library": self.library,
            "source": self.source,
            "dry_run": self.dry_run,
            "files": [f.as_dict() for f in self.files],
        }


def koha_export(
    *,
    marc: Path | None,
    patrons: Path | None = None,
    issues: Path | None = None,
    old_issues: Path | None = None,
    source: str = "koha",
    columns: dict[str, Any] | None = None,
) -> Export:
    """An export of Koha's shape (Libol's and Vebrary's through ``columns``: ``{"patrons":
    {"cardnumber": "their header", …}, "issues": {…}, "old_issues": {…}, "categories":
    {"their code": "adult", …}}``)."""
    columns = columns or {}
    export = Export(source=source, marc=marc, categories=columns.get("categories", {}))
    if marc is not None:
        export.names["marc"] = marc.name
    if patrons is not None:
        export.patrons = read_csv(patrons, columns.get("patrons", {}), ("cardnumber",))
        export.names["patrons"] = patrons.name
    if issues is not None:
        export.issues = read_csv(
            issues, columns.get("issues", {}), ("cardnumber", "barcode", "issuedate", "date_due")
        )
        export.names["issues"] = issues.name
    if old_issues is not None:
        export.old_issues = read_csv(
            old_issues,
            columns.get("old_issues", {}),
            ("cardnumber", "barcode", "issuedate", "returndate"),
        )
        export.names["old_issues"] = old_issues.name
    return export


def migrate(
    actor: Actor, library: Library, export: Export, *, prefix: str = "", dry_run: bool = False
) -> MigrationReport:
    """Bring ``export`` into ``library``; with ``dry_run`` say what would happen, keep nothing."""
    for action in (Action.IMPORT_RECORDS, Action.MANAGE_PATRONS, Action.CIRCULATE):
        check(actor, action, library)
    if len(prefix) > 16:
        raise InvalidInput(_("Tiền tố “{prefix}” dài quá 16 ký tự.").format(prefix=prefix))
    run = _Run(actor, library, export, prefix)
    if not dry_run:
        return run.all()
    with transaction.atomic():
        report = run.all()
        report.dry_run = True
        transaction.set_rollback(True)
    return report


class _Run:
    def __init__(self, actor: Actor, library: Library, export: Export, prefix: str) -> None:
        self.actor = actor
        self.library = library
        self.export = export
        self.prefix = prefix
        self.report = MigrationReport(library.code, export.source, dry_run=False)
        # Koha's issues may name the reader by borrowernumber alone.
        self.borrowers: dict[str, str] = {}
        self.note = f"migrated from {export.source}"

    def all(self) -> MigrationReport:
        e = self.export
        if e.marc is not None:
            self._records(e.marc)
        for s in e.rows_rejected:
            s.library = self.library.code
            self.report.files.append(s)
        if e.patrons is not None:
            self._readers(e.patrons)
        if e.issues is not None:
            self._loans(e.issues, "issues", history=False)
        if e.old_issues is not None:
            self._loans(e.old_issues, "old_issues", history=True)
        for summary in self.report.files:
            if summary.counted_by == "line":  # found in two passes: give them in file order
                summary.rejects.sort(key=lambda r: r.number)
        return self.report

    def summary(self, part: str) -> ImportSummary:
        s = ImportSummary(self.export.names.get(part, part), self.library.code, "line")
        self.report.files.append(s)
        return s

    # --- records and copies --------------------------------------------------------------
    def _records(self, path: Path) -> None:
        name = self.export.names.get("marc", path.name)
        with ExitStack() as stack:
            stream: IO[bytes] = stack.enter_context(path.open("rb"))
            if self.prefix:
                stream = stack.enter_context(_prefixed(stream, self.prefix))
            imported = run_import(self.library, stream, actor=self.actor, source=name)  # type: ignore[arg-type]
        self.report.files.append(imported.summary(name, self.library.code))

    # --- readers -------------------------------------------------------------------------
    def _readers(self, rows: Iterable[Row]) -> None:
        s = self.summary("patrons")
        seen: dict[str, int] = {}
        unknown: dict[str, int] = {}
        for chunk in _chunks(rows, BATCH):
            wanted: list[tuple[Row, migrated.ReaderData]] = []
            for row in chunk:
                try:
                    data = self._reader(row, s, unknown)
                except InvalidInput as exc:
                    _reject(s, row, exc.message, row.get("cardnumber"))
                    continue
                if data.card_number in seen:
                    _reject(
                        s,
                        row,
                        _("số thẻ “{card}” đã có ở dòng {line} của tệp này").format(
                            card=data.card_number, line=seen[data.card_number]
                        ),
                        data.card_number,
                    )
                    continue
                seen[data.card_number] = row.line
                if row.get("borrowernumber"):
                    self.borrowers[row.get("borrowernumber")] = data.card_number
                wanted.append((row, data))
            there = set(
                Patron.objects.filter(
                    home_library=self.library, card_number__in=[d.card_number for _, d in wanted]
                ).values_list("card_number", flat=True)
            )
            new = [d for _, d in wanted if d.card_number not in there]
            s.unchanged += len(wanted) - len(new)
            s.created += migrated.add_readers(
                self.actor, self.library, new, self.export.names.get("patrons", "patrons")
            )
        for code, n in sorted(unknown.items()):
            s.warnings.append(
                _("loại bạn đọc “{code}” không biết, {n} bạn đọc được ghi là người lớn").format(
                    code=code, n=n
                )
            )

    def _reader(self, row: Row, s: ImportSummary, unknown: dict[str, int]) -> migrated.ReaderData:
        card = row.get("cardnumber")
        if not card:
            raise InvalidInput(_("ô cardnumber trống: mỗi bạn đọc cần số thẻ"))
        card = self.prefix + card
        if len(card) > CARD_LENGTH:
            raise InvalidInput(
                _("số thẻ “{card}” dài quá {n} ký tự").format(card=card, n=CARD_LENGTH)
            )
        name = row.get("fullname") or " ".join(
            v for v in (row.get("surname"), row.get("firstname")) if v
        )
        if not name:
            raise InvalidInput(_("ô surname và firstname trống: cần họ tên bạn đọc"))
        data = migrated.ReaderData(
            card_number=card,
            full_name=name[:255],
            category=Category.ADULT,
            phone=(row.get("phone") or row.get("mobile"))[:32],
            address=" ".join(v for v in (row.get("address"), row.get("city")) if v)[:255],
            # Koha's privacy 0: the reader chose to keep their reading history.
            keep_history=row.get("privacy") == "0",
        )
        email = row.get("email")
        if email:
            try:
                validate_email(email)
                data.email = email
            except ValidationError:
                s.warnings.append(
                    _("dòng {line}: email “{email}” không hợp lệ, bỏ trống").format(
                        line=row.line, email=email
                    )
                )
        if row.get("dateexpiry"):
            data.expires_on = parse_day(row.get("dateexpiry"), "dateexpiry")
        born = row.get("yearofbirth") or row.get("dateofbirth")[:4]
        if born.isdigit() and 1900 <= int(born) <= timezone.localdate().year:
            data.birth_year = int(born)
        debarred = row.get("debarred")
        if debarred and not debarred.startswith("9999"):
            until = parse_day(debarred, "debarred")
            if until >= timezone.localdate():
                data.blocked_reason = _("bị khoá ở hệ thống cũ đến {until}").format(
                    until=until.isoformat()
                )
        data.category = self._category(row.get("categorycode"), unknown)  # a valid row's only
        return data

    def _category(self, code: str, unknown: dict[str, int]) -> str:
        if not code:
            return Category.ADULT
        mapped = self.export.categories.get(code) or KOHA_CATEGORIES.get(code.lower())
        if mapped in Category.values:
            return mapped
        if code in Category.values:
            return code
        unknown[code] = unknown.get(code, 0) + 1
        return Category.ADULT

    # --- loans ---------------------------------------------------------------------------
    def _loans(self, rows: Iterable[Row], part: str, *, history: bool) -> None:
        s = self.summary(part)
        kind = SourceKey.Kind.HISTORY if history else SourceKey.Kind.LOAN
        lent_here: dict[str, int] = {}  # barcode → line of the open loan in this file
        for chunk in _chunks(rows, BATCH):
            parsed = []
            for row in chunk:
                try:
                    parsed.append(self._loan_row(row, history))
                except InvalidInput as exc:
                    _reject(s, row, exc.message, row.get("barcode"))
            keys = set(
                SourceKey.objects.filter(
                    library=self.library, kind=kind, key__in=[p.key for p in parsed]
                ).values_list("key", flat=True)
            )
            todo = [p for p in parsed if p.key not in keys]
            s.unchanged += len(parsed) - len(todo)
            readers = self._patrons({p.card for p in todo})
            items = self._items({p.barcode for p in todo})
            busy = self._busy([i[0] for i in items.values()]) if not history else set()
            accepted: list[tuple[_LoanRow, migrated.LoanData]] = []
            for p in todo:
                reason = self._refusal(
                    p, readers=readers, items=items, busy=busy, lent_here=lent_here, history=history
                )
                if reason:
                    _reject(s, p.row, reason, p.barcode)
                    continue
                item_id, record_id, _status = items[p.barcode]
                patron_id, category, keeps = readers[p.card]
                if not history:
                    lent_here[p.barcode] = p.row.line
                accepted.append(
                    (
                        p,
                        migrated.LoanData(
                            item_id=item_id,
                            record_id=record_id,
                            # History stays anonymous unless the reader chose to keep it.
                            patron_id=patron_id if not history or keeps else None,
                            patron_category=category,
                            checked_out_at=p.issued,
                            due_on=p.due,
                            returned_at=p.returned,
                            renewals=p.renewals,
                        ),
                    )
                )
            loans = migrated.record_loans(
                self.actor, self.library, [d for _, d in accepted], self.note
            )
            SourceKey.objects.bulk_create(
                [
                    SourceKey(library=self.library, kind=kind, key=p.key, object_id=loan.pk)
                    for (p, _), loan in zip(accepted, loans, strict=True)
                ],
                batch_size=1000,
            )
            s.created += len(loans)

    def _loan_row(self, row: Row, history: bool) -> _LoanRow:
        card = row.get("cardnumber") or self.borrowers.get(row.get("borrowernumber"), "")
        if not card:
            raise InvalidInput(_("ô cardnumber trống: cần số thẻ của bạn đọc mượn"))
        barcode = row.get("barcode")
        if not barcode:
            raise InvalidInput(_("ô barcode trống: cần mã vạch của bản sách"))
        if not row.get("issuedate"):
            raise InvalidInput(_("ô issuedate trống: cần ngày mượn"))
        issued = parse_when(row.get("issuedate"), "issuedate")
        returned = None
        if history:
            if not row.get("returndate"):
                raise InvalidInput(_("ô returndate trống: lượt mượn đã trả cần ngày trả"))
            returned = parse_when(row.get("returndate"), "returndate")
        if row.get("date_due"):
            due = parse_day(row.get("date_due"), "date_due")
        elif history and returned is not None:
            due = timezone.localdate(returned)  # the history's due date matters little
        else:
            raise InvalidInput(_("ô date_due trống: cần hạn trả"))
        if due < timezone.localdate(issued):
            raise InvalidInput(
                _("hạn trả {due} trước ngày mượn {issued}").format(
                    due=due.isoformat(), issued=timezone.localdate(issued).isoformat()
                )
            )
        renewals = row.get("renewals")
        ident = row.get("issue_id") or f"{card}|{barcode}|{row.get('issuedate')}"
        return _LoanRow(
            row=row,
            key=f"{self.export.source}:{self.prefix}:{ident}"[:200],
            card=self.prefix + card,
            barcode=self.prefix + barcode,
            issued=issued,
            due=due,
            returned=returned,
            renewals=min(int(renewals), 100) if renewals.isdigit() else 0,
        )

    def _refusal(
        self,
        p: _LoanRow,
        *,
        readers: dict[str, tuple[int, str, bool]],
        items: dict[str, tuple[int, int, str]],
        busy: set[int],
        lent_here: dict[str, int],
        history: bool,
    ) -> str:
        if p.card not in readers:
            return _("không có bạn đọc thẻ “{card}” ở {library}").format(
                card=p.card, library=self.library.code
            )
        if p.barcode not in items:
            return _("không có bản sách mã vạch “{barcode}” ở {library}").format(
                barcode=p.barcode, library=self.library.code
            )
        if history:
            return ""
        if p.barcode in lent_here:
            return _("bản sách {barcode} đã cho mượn ở dòng {line} của tệp này").format(
                barcode=p.barcode, line=lent_here[p.barcode]
            )
        if items[p.barcode][0] in busy:
            return _("bản sách {barcode} đang có lượt mượn khác ở {library}").format(
                barcode=p.barcode, library=self.library.code
            )
        return ""

    def _patrons(self, cards: set[str]) -> dict[str, tuple[int, str, bool]]:
        found: dict[str, tuple[int, str, bool]] = {}
        for part in _chunks(sorted(cards), 900):
            for card, pk, category, keeps in Patron.objects.filter(
                home_library=self.library, card_number__in=part
            ).values_list("card_number", "id", "category", "keep_history"):
                found[card] = (pk, category, keeps)
        return found

    def _items(self, barcodes: set[str]) -> dict[str, tuple[int, int, str]]:
        found: dict[str, tuple[int, int, str]] = {}
        for part in _chunks(sorted(barcodes), 900):
            for barcode, pk, record_id, status in Item.objects.filter(
                library=self.library, barcode__in=part
            ).values_list("barcode", "id", "record_id", "status"):
                found[barcode or ""] = (pk, record_id, status)
        return found

    def _busy(self, item_ids: list[int]) -> set[int]:
        busy: set[int] = set()
        for part in _chunks(item_ids, 900):
            busy.update(
                Loan.objects.filter(item_id__in=part, state=Loan.State.ACTIVE).values_list(
                    "item_id", flat=True
                )
            )
        return busy


@dataclass
class _LoanRow:
    row: Row
    key: str
    card: str
    barcode: str
    issued: Any
    due: Any
    returned: Any
    renewals: int


def _reject(s: ImportSummary, row: Row, reason: str, ref: str) -> None:
    s.rejected += 1
    if len(s.rejects) < MAX_LISTED:
        s.rejects.append(Reject(row.line, reason, ref))


def _chunks(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prefixed(stream: IO[bytes], prefix: str) -> IO[bytes]:
    """The MARC file with ``prefix`` before each copy's barcode (952$p) and as each record's
    003, so two systems' records with the same 001 stay two records."""
    from pymarc import Field, MARCReader, Subfield

    out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller's ExitStack
    reader = MARCReader(stream, to_unicode=True, force_utf8=True, utf8_handling="replace")  # type: ignore[arg-type]
    for record in reader:
        if record is None:
            continue
        for f in record.get_fields("952"):
            f.subfields = [
                Subfield(s.code, prefix + s.value) if s.code == "p" and s.value else s
                for s in f.subfields
            ]
        record.remove_fields("003")
        record.add_ordered_field(Field(tag="003", data=prefix))
        leader = str(record.leader)
        record.leader = leader[:9] + "a" + leader[10:]  # written back as UTF-8
        out.write(record.as_marc())
    out.seek(0)
    return out
