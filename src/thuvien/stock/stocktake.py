"""Stock-taking (kiểm kê): open a count, take scans from any number of scanners, see what is
missing, misplaced or unexpected, close with a report.

Scans arrive in batches from phones and USB scanners that may have been offline: each carries
the scanner's own id, and a batch sent twice counts once. Scans are not audited one by one
(a count of 100,000 copies is desk traffic); opening and closing are, through the lifecycle
engine, and so is every copy a close marks lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import Entry, record_many
from thuvien.audit.services import record as audit
from thuvien.catalogue.models import Item
from thuvien.changes import feed
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.lifecycle.errors import IllegalTransition
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.stock.machines import STOCK_TAKE
from thuvien.stock.models import Scan, StockTake

if TYPE_CHECKING:
    from thuvien.actors import Actor

# Copies that should be on the shelf when the count is made: not lent, not already lost,
# not withdrawn, not still in processing.
ON_SHELF = (Item.Status.AVAILABLE, Item.Status.NOT_FOR_LOAN, Item.Status.DAMAGED)
MAX_BATCH = 1000


def get(pk: int) -> StockTake:
    try:
        return StockTake.objects.select_related("library").get(pk=pk)
    except StockTake.DoesNotExist:
        raise NotFound(
            _("Không có đợt kiểm kê số {pk}.").format(pk=pk), stock_take=str(pk)
        ) from None


def open_stock_take(
    actor: Actor, library: Library, *, name: str, locations: Iterable[str] = ()
) -> StockTake:
    check(actor, Action.TAKE_STOCK, library)
    name = name.strip()
    if not name:
        raise InvalidInput(_("Hãy đặt tên cho đợt kiểm kê (ví dụ: Kiểm kê năm 2026)."))
    places = sorted({p.strip() for p in locations if p.strip()})
    with transaction.atomic():
        take = StockTake.objects.create(
            library=library, name=name, locations=places, opened_by=actors.label(actor)
        )
        lifecycle.start(STOCK_TAKE, take, "open", actor=actor, library_code=library.code)
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "stock take",
            take.pk,
            library_code=library.code,
            summary=f"{take.name} ({', '.join(places) or 'cả thư viện'})",
        )
    return take


def _parsed(raw: Mapping[str, Any], n: int) -> Scan:
    client_id = str(raw.get("id") or "").strip()
    barcode = str(raw.get("barcode") or "").strip()
    if not client_id or not barcode or len(client_id) > 64 or len(barcode) > 64:
        raise InvalidInput(
            _(
                "Lượt quét thứ {n} thiếu mã lượt quét (id) hoặc mã vạch, hoặc dài quá 64 ký "
                "tự; không lượt nào của đợt gửi này được ghi, hãy gửi lại."
            ).format(n=n),
            scan=str(n),
        )
    at = parse_datetime(str(raw.get("at") or "")) or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at, dt.UTC)
    location = str(raw.get("location") or "").strip()[:255]
    return Scan(client_id=client_id, barcode=barcode, location=location, scanned_at=at)


def record_scans(
    actor: Actor, take: StockTake, scans: Iterable[Mapping[str, Any]]
) -> dict[str, int]:
    """Keep a batch of scans; those whose id was already received are counted once. Returns
    how many were new and how many were repeats."""
    check(actor, Action.TAKE_STOCK, take.library)
    batch = [_parsed(raw, n) for n, raw in enumerate(scans, start=1)]
    if len(batch) > MAX_BATCH:
        raise InvalidInput(
            _("Mỗi lần gửi tối đa {limit} lượt quét; hãy chia nhỏ.").format(limit=MAX_BATCH)
        )
    if take.state == StockTake.State.CLOSED:
        raise Conflict(
            _("Đợt kiểm kê {name} đã đóng; các lượt quét mới không được ghi.").format(
                name=take.name
            ),
            stock_take=str(take.pk),
        )
    if take.state == StockTake.State.OPEN:
        try:
            lifecycle.move(STOCK_TAKE, take, "count", actor=actor, library_code=take.library.code)
        except IllegalTransition:  # another scanner's first batch moved it a moment ago
            take.refresh_from_db(fields=["state"])
    unique = {scan.client_id: scan for scan in batch}
    scanner = actors.label(actor)
    with transaction.atomic():
        seen = set(
            Scan.objects.filter(stock_take=take, client_id__in=list(unique)).values_list(
                "client_id", flat=True
            )
        )
        new = [scan for cid, scan in unique.items() if cid not in seen]
        items = _items_by_code(take.library, {scan.barcode for scan in new})
        for scan in new:
            scan.stock_take = take
            scan.item_id = items.get(scan.barcode)
            scan.scanner = scanner
        Scan.objects.bulk_create(new, ignore_conflicts=True)
        rows = StockTake.objects.filter(pk=take.pk)
        rows.update(scan_count=F("scan_count") + len(new))
        take.scan_count = rows.values_list("scan_count", flat=True).get()
    return {"accepted": len(new), "repeated": len(batch) - len(new)}


def _items_by_code(library: Library, codes: set[str]) -> dict[str, int]:
    """A scanner reads the barcode; an old copy without one is typed by its số ĐKCB."""
    if not codes:
        return {}
    found: dict[str, int] = {}
    rows = Item.objects.filter(library=library).filter(
        Q(barcode__in=codes) | Q(accession_number__in=codes)
    )
    for pk, barcode, accession in rows.values_list("pk", "barcode", "accession_number"):
        if accession in codes:
            found.setdefault(accession, pk)
        if barcode in codes:
            found[barcode] = pk
    return found


def expected(take: StockTake) -> QuerySet[Item]:
    """The copies that should be found on the shelves counted."""
    items = Item.objects.filter(library=take.library, status__in=ON_SHELF)
    if take.locations:
        items = items.filter(location__in=take.locations)
    return items


@dataclass
class Findings:
    expected: int = 0
    scans: int = 0
    found: int = 0
    missing_count: int = 0
    missing: list[Item] = field(default_factory=list)  # the first ``limit`` of them
    misplaced: list[tuple[Scan, Item]] = field(default_factory=list)
    unexpected: list[tuple[Scan, str]] = field(default_factory=list)

    def figures(self) -> dict[str, int]:
        return {
            "expected": self.expected,
            "scans": self.scans,
            "found": self.found,
            "missing": self.missing_count,
            "misplaced": len(self.misplaced),
            "unexpected": len(self.unexpected),
        }


def findings(take: StockTake, *, limit: int | None = None) -> Findings:
    """What the count shows now; after the close, the copies missing that day (a copy marked
    lost then is no longer expected, so the list is read from the frozen report).

    Only the rows that are findings are read: a count of 100,000 copies lists a few hundred
    problems, not every scan; ``limit`` lists only the first missing copies (a page), the
    count is always whole."""
    scanned = Scan.objects.filter(stock_take=take)
    result = Findings(scans=scanned.count())
    shelf = expected(take)
    result.expected = take.figures.get("expected", 0) if take.closed_at else shelf.count()
    if take.closed_at:
        missing = Item.objects.filter(pk__in=take.figures.get("missing_ids", []))
    else:
        missing = shelf.exclude(pk__in=scanned.exclude(item=None).values("item_id"))
    result.missing_count = missing.count()
    ordered = missing.select_related("record").order_by("location", "call_number", "pk")
    result.missing = list(ordered[:limit] if limit is not None else ordered)
    result.found = scanned.exclude(item=None).values("item_id").distinct().count()
    for scan in scanned.filter(item=None).order_by("scanned_at", "pk"):
        result.unexpected.append((scan, _("không có trong kho của thư viện")))
    why = {
        Item.Status.WITHDRAWN: _("đã thanh lý"),
        Item.Status.ON_LOAN: _("đang ghi là cho mượn"),
        Item.Status.LOST: _("đang ghi là mất"),
    }
    if take.closed_at:  # those the close marked lost were missing, not found
        why.pop(Item.Status.LOST)
    odd = scanned.filter(item__status__in=list(why))
    elsewhere = ~Q(location="") & ~Q(location=F("item__location"))
    if take.locations:
        elsewhere |= ~Q(item__location__in=take.locations)
    misplaced = scanned.filter(elsewhere).exclude(item=None).exclude(item__status__in=list(why))
    seen: set[int] = set()
    for scan in odd.select_related("item").order_by("scanned_at", "pk"):
        item = scan.item
        if item is not None and item.pk not in seen:
            seen.add(item.pk)
            result.unexpected.append((scan, why[Item.Status(item.status)]))
    for scan in misplaced.select_related("item").order_by("scanned_at", "pk"):
        item = scan.item
        if item is not None and item.pk not in seen:
            seen.add(item.pk)
            result.misplaced.append((scan, item))
    return result


def close(actor: Actor, take: StockTake, *, mark_lost: bool = False, note: str = "") -> Findings:
    """Close the count and freeze its report; with ``mark_lost`` (an explicit decision of the
    library, never automatic), the copies still missing are marked lost."""
    check(actor, Action.TAKE_STOCK, take.library)
    if mark_lost:
        check(actor, Action.WITHDRAW_ITEMS, take.library)
    with transaction.atomic():
        result = findings(take)
        missing = [item.pk for item in result.missing]
        figures: dict[str, Any] = {**result.figures(), "missing_ids": missing}
        lost = 0
        if mark_lost and missing:
            lost = _mark_lost(actor, take, result.missing)
        lifecycle.move(
            STOCK_TAKE,
            take,
            "close",
            actor=actor,
            library_code=take.library.code,
            note=note,
            closed_at=timezone.now(),
            figures=figures,
            marked_lost=lost,
        )
    return result


def _mark_lost(actor: Actor, take: StockTake, items: list[Item]) -> int:
    ids = {item.pk for item in items if item.status in ON_SHELF}
    now = timezone.now()
    changed = Item.objects.filter(pk__in=ids, status__in=ON_SHELF).update(
        status=Item.Status.LOST, updated_at=now
    )
    feed.record_changed(item.record_id for item in items if item.pk in ids)
    record_many(
        actor,
        (
            Entry(
                AuditEntry.Action.UPDATE,
                "item",
                item.pk,
                take.library.code,
                f"{item.barcode or item.accession_number}: mất (kiểm kê {take.name})",
                {"status": item.status},
                {"status": Item.Status.LOST.value, "stock_take": take.pk},
            )
            for item in items
            if item.pk in ids
        ),
    )
    return changed
