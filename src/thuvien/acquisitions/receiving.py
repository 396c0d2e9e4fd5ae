"""Receiving: a batch taken in becomes a line of the general register, each copy an Item of
the catalogue with its barcode and the next accession number (số ĐKCB) of its series.

Numbers come from :class:`Series`, locked and only ever counted up, so a number is never
given twice, whether the receipt is later cancelled or the copy withdrawn: those lines stay
in the individual register with their reason. A number skipped (a torn page of the paper
register, numbers given by hand before thuvien) is a gap line with its reason too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.acquisitions.machines import ORDER
from thuvien.acquisitions.models import Accession, Order, OrderLine, Receipt, Series, Source
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item, Record
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor

# The customary series of Vietnamese public and school libraries' individual registers.
VIETNAMESE_SERIES = "VV"  # sách tiếng Việt
FOREIGN_SERIES = "NV"  # sách ngoại văn


def default_series(record: Record) -> str:
    return VIETNAMESE_SERIES if record.language in ("", "vie") else FOREIGN_SERIES


def set_series(
    actor: Actor, library: Library, code: str, *, prefix: str = "", width: int = 6
) -> Series:
    """Create a series or change its prefix and width (never its next number)."""
    check(actor, Action.ACQUIRE, library)
    code = code.strip().upper()
    if not code.isalnum() or not 1 <= width <= 10:
        raise InvalidInput(
            _("Mã dãy số ĐKCB “{code}” chỉ gồm chữ và số; độ dài số từ 1 đến 10.").format(
                code=code
            ),
            code=code,
        )
    with transaction.atomic():
        series, made = Series.objects.get_or_create(library=library, code=code)
        before = {"prefix": series.prefix, "width": series.width}
        series.prefix, series.width = prefix.strip(), width
        series.save(update_fields=["prefix", "width"])
        audit(
            actor,
            AuditEntry.Action.CREATE if made else AuditEntry.Action.UPDATE,
            "accession-series",
            f"{library.code}/{code}",
            library_code=library.code,
            summary=str(series),
            before=None if made else before,
            after={"prefix": series.prefix, "width": width},
        )
    return series


def _take_numbers(library: Library, code: str, count: int) -> tuple[Series, int]:
    """The series, locked, and the first of ``count`` numbers now taken from it."""
    Series.objects.get_or_create(library=library, code=code)
    series = Series.objects.select_for_update().get(library=library, code=code)
    first = series.next_number
    series.next_number = first + count
    series.save(update_fields=["next_number"])
    return series, first


@dataclass(frozen=True)
class Entry:
    """What comes in for one title: the record, how many copies, each copy's price."""

    record: Record
    quantity: int
    unit_price: Decimal
    line: OrderLine | None = None
    series: str = ""


def _register(
    actor: Actor,
    library: Library,
    *,
    source: str,
    provider: str,
    document: str,
    received_on: dt.date,
    entries: Sequence[Entry],
    order: Order | None = None,
    item_type: str = "",
    location: str = "",
) -> Receipt:
    """The general register's line, the copies and their individual register lines."""
    if not entries or any(e.quantity < 1 for e in entries):
        raise InvalidInput(_("Hãy nhập số bản nhận (ít nhất 1 bản)."), quantity=0)
    if source not in Source.values:
        raise InvalidInput(
            _("Nguồn bổ sung “{source}” không có; dùng một trong {choices}.").format(
                source=source, choices=", ".join(Source.values)
            ),
            source=source,
        )
    if not provider.strip():
        raise InvalidInput(_("Hãy ghi nơi giao hoặc người tặng."), provider=provider)
    # Lock the library row: receipt numbers are in sequence per library.
    Library.objects.select_for_update().filter(pk=library.pk).first()
    last = Receipt.objects.filter(library=library).aggregate(n=Max("number"))["n"] or 0
    receipt = Receipt.objects.create(
        library=library,
        number=last + 1,
        received_on=received_on,
        source=source,
        provider=provider.strip(),
        document=document.strip(),
        order=order,
    )
    codes: list[str] = []
    for entry in entries:
        series, first = _take_numbers(
            library, entry.series or default_series(entry.record), entry.quantity
        )
        for number in range(first, first + entry.quantity):
            code = series.format(number)
            item = catalogue.add_item(
                actor,
                entry.record,
                barcode=code.replace(".", ""),
                accession_number=code,
                call_number=entry.record.call_number,
                item_type=item_type,
                location=location,
                price=entry.unit_price,
                acquisition_source=source,
            )
            Accession.objects.create(
                library=library,
                series=series,
                number=number,
                code=code,
                registered_on=received_on,
                receipt=receipt,
                record=entry.record,
                item=item,
                order_line=entry.line,
                price=entry.unit_price,
            )
            codes.append(code)
    audit(
        actor,
        AuditEntry.Action.CREATE,
        "receipt",
        f"{library.code}/{receipt.number}",
        library_code=library.code,
        summary=f"{receipt.get_source_display()}: {len(codes)} bản, {codes[0]}…{codes[-1]}",
        after={"source": source, "provider": provider, "document": document, "copies": codes},
    )
    return receipt


def receive(
    actor: Actor,
    order: Order,
    quantities: dict[int, int],
    *,
    document: str = "",
    received_on: dt.date | None = None,
    series: str = "",
    location: str = "",
) -> Receipt:
    """Receive copies of an order's lines (line id → copies): one general register line."""
    check(actor, Action.ACQUIRE, order.library)
    with transaction.atomic():
        lines = {
            line.pk: line
            for line in OrderLine.objects.select_for_update()
            .select_related("record")
            .filter(order=order)
        }
        entries: list[Entry] = []
        for line_id, count in quantities.items():
            line = lines.get(line_id)
            if line is None:
                raise NotFound(
                    _("Đơn {number} không có dòng số {line}.").format(
                        number=order.number, line=line_id
                    ),
                    line=line_id,
                )
            if count > line.outstanding:
                raise Conflict(
                    _(
                        "Dòng “{title}” của đơn {number} chỉ còn chờ {left} bản, không nhận "
                        "được {count} bản."
                    ).format(
                        title=line.record.title[:80],
                        number=order.number,
                        left=line.outstanding,
                        count=count,
                    ),
                    line=line_id,
                    quantity=count,
                )
            if count > 0:
                entries.append(Entry(line.record, count, line.unit_price, line, series))
        if order.state not in (Order.State.ORDERED, Order.State.PARTLY_RECEIVED):
            raise lifecycle.refusal(ORDER, order, "receive-part", order.state)
        receipt = _register(
            actor,
            order.library,
            source=Source.PURCHASE,
            provider=order.supplier.name,
            document=document or order.number,
            received_on=received_on or timezone.localdate(),
            entries=entries,
            order=order,
            location=location,
        )
        for entry in entries:
            assert entry.line is not None  # noqa: S101 - built above with its line
            entry.line.received += entry.quantity
            entry.line.save(update_fields=["received"])
        done = all(line.outstanding == 0 for line in lines.values())
        lifecycle.move(
            ORDER,
            order,
            "receive-all" if done else "receive-part",
            actor=actor,
            library_code=order.library.code,
            note=_("Phiếu nhập số {number}").format(number=receipt.number),
        )
    return receipt


def take_in(
    actor: Actor,
    library: Library,
    *,
    source: str,
    provider: str,
    entries: Sequence[Entry],
    document: str = "",
    received_on: dt.date | None = None,
    location: str = "",
) -> Receipt:
    """Material without an order: a donation, a legal deposit, an exchange (or a purchase
    paid on the spot)."""
    check(actor, Action.ACQUIRE, library)
    for entry in entries:
        if entry.record.library_id != library.pk:
            raise InvalidInput(
                _("Biểu ghi số {id} không thuộc thư viện {library}.").format(
                    id=entry.record.pk, library=library.code
                ),
                record=entry.record.pk,
            )
    with transaction.atomic():
        return _register(
            actor,
            library,
            source=source,
            provider=provider,
            document=document,
            received_on=received_on or timezone.localdate(),
            entries=entries,
            location=location,
        )


def cancel_receipt(actor: Actor, receipt: Receipt, *, reason: str) -> Receipt:
    """A receipt entered by mistake: its copies leave the catalogue, its lines stay in both
    registers marked with the reason, its numbers are not given again, its order waits."""
    check(actor, Action.ACQUIRE, receipt.library)
    if not reason.strip():
        raise InvalidInput(_("Hãy ghi lý do huỷ phiếu nhập."), reason=reason)
    if receipt.cancelled_reason:
        raise Conflict(
            _("Phiếu nhập số {number} đã huỷ ({reason}).").format(
                number=receipt.number, reason=receipt.cancelled_reason
            ),
            receipt=receipt.number,
        )
    with transaction.atomic():
        accessions = list(receipt.accessions.select_related("item", "order_line"))
        lent = [a.code for a in accessions if a.item and a.item.status == Item.Status.ON_LOAN]
        if lent:
            raise Conflict(
                _("Không huỷ được phiếu nhập số {number}: bản {codes} đang cho mượn.").format(
                    number=receipt.number, codes=", ".join(lent)
                ),
                receipt=receipt.number,
            )
        for accession in accessions:
            if accession.item is not None:
                catalogue.delete_item(actor, accession.item)
            accession.item = None
            accession.void_reason = reason.strip()
            accession.save(update_fields=["item", "void_reason"])
            if accession.order_line is not None:
                line = OrderLine.objects.get(pk=accession.order_line.pk)
                line.received -= 1
                line.save(update_fields=["received"])
        receipt.cancelled_reason = reason.strip()
        receipt.save(update_fields=["cancelled_reason"])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "receipt",
            f"{receipt.library.code}/{receipt.number}",
            library_code=receipt.library.code,
            summary=_("huỷ: {reason}").format(reason=reason.strip()),
        )
        order = receipt.order
        if order is not None and order.state in (
            Order.State.PARTLY_RECEIVED,
            Order.State.RECEIVED,
        ):
            any_left = order.lines.filter(received__gt=0).exists()
            lifecycle.move(
                ORDER,
                order,
                "reopen-part" if any_left else "reopen",
                actor=actor,
                library_code=order.library.code,
                note=reason.strip(),
            )
    return receipt


def skip_numbers(
    actor: Actor, library: Library, series_code: str, count: int, *, reason: str
) -> list[Accession]:
    """Numbers passed over on purpose, each a gap line saying why."""
    check(actor, Action.ACQUIRE, library)
    if count < 1 or not reason.strip():
        raise InvalidInput(
            _("Hãy ghi số lượng số bỏ qua (ít nhất 1) và lý do."), count=count, reason=reason
        )
    with transaction.atomic():
        series, first = _take_numbers(library, series_code.strip().upper(), count)
        today = timezone.localdate()
        gaps = [
            Accession.objects.create(
                library=library,
                series=series,
                number=n,
                code=series.format(n),
                registered_on=today,
                void_reason=reason.strip(),
            )
            for n in range(first, first + count)
        ]
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "accession-gap",
            f"{library.code}/{series.code}",
            library_code=library.code,
            summary=f"{gaps[0].code}…{gaps[-1].code}: {reason.strip()}",
        )
    return gaps
