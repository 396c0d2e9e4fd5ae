"""Acquisitions' operations: suppliers and funds, orders and their lines, placing and
cancelling, late orders and claims. Receiving and the registers are in :mod:`receiving`.

Every function takes the actor first, checks :data:`Action.ACQUIRE` on the library, changes
state in one transaction and writes the audit entry (an order's moves through its machine).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import wording
from thuvien.acquisitions.machines import ORDER
from thuvien.acquisitions.models import Accession, Claim, Fund, Order, OrderLine, Supplier
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue import copying
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.errors import Conflict, InvalidInput
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor


# --- suppliers and funds -------------------------------------------------------------------


def add_supplier(
    actor: Actor, library: Library, name: str, *, address: str = "", contact: str = ""
) -> Supplier:
    check(actor, Action.ACQUIRE, library)
    name = name.strip()
    if not name:
        raise InvalidInput(_("Hãy nhập tên nhà cung cấp."), name=name)
    try:
        with transaction.atomic():
            supplier = Supplier.objects.create(
                library=library, name=name, address=address.strip(), contact=contact.strip()
            )
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "supplier",
                supplier.pk,
                library_code=library.code,
                summary=name,
            )
    except IntegrityError:
        raise Conflict(
            _("Thư viện {library} đã có nhà cung cấp “{name}”.").format(
                library=library.code, name=name
            ),
            name=name,
        ) from None
    return supplier


def add_fund(
    actor: Actor, library: Library, code: str, *, name: str, year: int, amount: Decimal
) -> Fund:
    check(actor, Action.ACQUIRE, library)
    code = code.strip()
    if not code or amount < 0:
        raise InvalidInput(
            _("Nguồn kinh phí cần mã và số tiền không âm (mã “{code}”, {amount} đồng).").format(
                code=code, amount=amount
            ),
            code=code,
        )
    try:
        with transaction.atomic():
            fund = Fund.objects.create(
                library=library, code=code, name=name.strip() or code, year=year, amount=amount
            )
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "fund",
                fund.pk,
                library_code=library.code,
                summary=f"{code}/{year}: {amount}",
            )
    except IntegrityError:
        raise Conflict(
            _("Thư viện {library} đã có nguồn kinh phí {code} năm {year}.").format(
                library=library.code, code=code, year=year
            ),
            code=code,
        ) from None
    return fund


@dataclass(frozen=True)
class FundPosition:
    amount: Decimal
    committed: Decimal  # ordered, not yet received
    spent: Decimal  # received copies' prices
    remaining: Decimal


def position(fund: Fund) -> FundPosition:
    """Where a fund stands: what open orders commit and what received copies cost."""
    open_lines = OrderLine.objects.filter(
        order__fund=fund, order__state__in=(Order.State.ORDERED, Order.State.PARTLY_RECEIVED)
    )
    committed = sum((line.outstanding * line.unit_price for line in open_lines), start=Decimal(0))
    spent = Accession.objects.filter(
        order_line__order__fund=fund, receipt__cancelled_reason=""
    ).aggregate(s=Sum("price"))["s"] or Decimal(0)
    return FundPosition(fund.amount, committed, spent, fund.amount - committed - spent)


# --- orders -----------------------------------------------------------------------------------


def _next_order_number(library: Library, year: int) -> str:
    taken = Order.objects.filter(library=library, number__startswith=f"ĐH-{year}-").count()
    return f"ĐH-{year}-{taken + 1:04d}"


def create_order(
    actor: Actor,
    library: Library,
    supplier: Supplier,
    *,
    fund: Fund | None = None,
    expected_by: dt.date | None = None,
    note: str = "",
) -> Order:
    """A draft order (its number ĐH-<year>-<n> in sequence per library)."""
    check(actor, Action.ACQUIRE, library)
    if supplier.library_id != library.pk or (fund is not None and fund.library_id != library.pk):
        raise InvalidInput(
            _("Nhà cung cấp và nguồn kinh phí phải là của thư viện {library}.").format(
                library=library.code
            ),
            library=library.code,
        )
    with transaction.atomic():
        Library.objects.select_for_update().filter(pk=library.pk).first()
        order = Order.objects.create(
            library=library,
            number=_next_order_number(library, timezone.localdate().year),
            supplier=supplier,
            fund=fund,
            expected_by=expected_by,
            note=note,
        )
        lifecycle.start(ORDER, order, "draft", actor=actor, library_code=library.code)
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "acquisition-order",
            f"{library.code}/{order.number}",
            library_code=library.code,
            summary=f"{order.number} → {supplier.name}",
        )
    return order


def brief_record(actor: Actor, library: Library, title: str, **data: str) -> Record:
    """A short entry (biểu ghi tóm tắt) for material not yet catalogued: title, author,
    publisher, year, ISBN; the cataloguer completes it when the copies arrive."""
    title = title.strip()
    if not title:
        raise InvalidInput(_("Biểu ghi tóm tắt cần nhan đề."), title=title)
    year = data.get("year", "").strip()
    fields: list[Any] = [
        ["008", f"{timezone.localdate():%y%m%d}s{year or '    '}    vm            000 0 vie d"]
    ]
    if data.get("isbn", "").strip():
        fields.append(["020", " ", " ", [["a", data["isbn"].strip()]]])
    if data.get("author", "").strip():
        fields.append(["100", "1", " ", [["a", data["author"].strip()]]])
    fields.append(["245", "1" if data.get("author") else "0", "0", [["a", title]]])
    publication = [["b", data["publisher"].strip()]] if data.get("publisher", "").strip() else []
    if year:
        publication.append(["c", year])
    if publication:
        fields.append(["264", " ", "1", publication])
    # Leader/17 "5": a preliminary record, so the catalogue shows it needs completing.
    marc = MarcRecord("00000nam a22000005a 4500", fields)
    return catalogue.create_record(actor, library, marc, source="acquisitions:brief")


def add_line(
    actor: Actor,
    order: Order,
    *,
    quantity: int,
    unit_price: Decimal,
    record: Record | None = None,
    union_source: Record | None = None,
    brief: dict[str, str] | None = None,
) -> OrderLine:
    """A line for one title: the library's own record, a record of the union catalogue
    (copied into the library first) or a short entry that becomes a brief record."""
    check(actor, Action.ACQUIRE, order.library)
    if order.state != Order.State.DRAFT:
        raise Conflict(
            _("Đơn {number} đã gửi ({state}); chỉ thêm dòng vào đơn đang lập.").format(
                number=order.number, state=order.get_state_display()
            ),
            order=order.number,
        )
    if quantity < 1 or unit_price < 0:
        raise InvalidInput(
            _("Số lượng phải từ 1 và đơn giá không âm (nhận {quantity} bản, {price} đồng).").format(
                quantity=quantity, price=unit_price
            ),
            quantity=quantity,
        )
    with transaction.atomic():
        if union_source is not None:
            record = copying.copy_record(actor, union_source, order.library)
        elif brief is not None:
            record = brief_record(actor, order.library, **brief)
        if record is None or record.library_id != order.library_id:
            raise InvalidInput(
                _(
                    "Hãy chọn một biểu ghi của thư viện {library}, của mục lục liên hợp, "
                    "hoặc nhập nhan đề."
                ).format(library=order.library.code),
                record=getattr(record, "pk", ""),
            )
        line = OrderLine.objects.create(
            order=order, record=record, quantity=quantity, unit_price=unit_price
        )
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "acquisition-order",
            f"{order.library.code}/{order.number}",
            library_code=order.library.code,
            summary=f"+ {quantity} × {record.title[:80]} @ {unit_price}",
        )
    return line


def place(actor: Actor, order: Order, *, ordered_on: dt.date | None = None) -> Order:
    check(actor, Action.ACQUIRE, order.library)
    if not order.lines.exists():
        raise InvalidInput(
            _("Đơn {number} chưa có dòng nào; hãy thêm tài liệu trước khi gửi.").format(
                number=order.number
            ),
            order=order.number,
        )
    with transaction.atomic():
        lifecycle.move(
            ORDER,
            order,
            "place",
            actor=actor,
            library_code=order.library.code,
            ordered_on=ordered_on or timezone.localdate(),
        )
    return order


def cancel(actor: Actor, order: Order, *, reason: str) -> Order:
    check(actor, Action.ACQUIRE, order.library)
    if not reason.strip():
        raise InvalidInput(
            _("Hãy ghi lý do huỷ đơn {number}.").format(number=order.number), reason=reason
        )
    with transaction.atomic():
        lifecycle.move(
            ORDER, order, "cancel", actor=actor, library_code=order.library.code, note=reason
        )
    return order


def close(actor: Actor, order: Order, *, reason: str) -> Order:
    """A partly received order ends: the rest will not come (out of print, supplier gone)."""
    check(actor, Action.ACQUIRE, order.library)
    with transaction.atomic():
        lifecycle.move(
            ORDER, order, "close", actor=actor, library_code=order.library.code, note=reason
        )
    return order


# --- late orders and claims ------------------------------------------------------------------


def late_orders(library: Library | None, today: dt.date | None = None) -> list[Order]:
    """Orders sent, not fully received, whose expected date has passed."""
    today = today or timezone.localdate()
    orders = Order.objects.filter(
        state__in=(Order.State.ORDERED, Order.State.PARTLY_RECEIVED), expected_by__lt=today
    ).select_related("supplier", "library")
    if library is not None:
        orders = orders.filter(library=library)
    return list(orders.order_by("expected_by", "pk"))


def claim_letter(order: Order, sent_on: dt.date) -> tuple[str, int]:
    """The claim's text (Vietnamese administrative style) and the copies still due."""
    lines = list(order.lines.select_related("record").filter(received__lt=F("quantity")))
    missing = "\n".join(f"- {line.record.title} — {line.outstanding} bản" for line in lines)
    outstanding = sum(line.outstanding for line in lines)
    letter = _(
        "{library}\nKính gửi: {supplier}\n\nV/v: đề nghị giao tài liệu theo đơn {number}\n\n"
        "Ngày {ordered}, {library} đã đặt mua theo đơn số {number}, hẹn giao trước ngày "
        "{expected}. Đến ngày {today}, thư viện chưa nhận được:\n{missing}\n\n"
        "Đề nghị quý đơn vị giao số tài liệu trên hoặc thông báo lý do chậm giao.\n"
    ).format(
        library=order.library.name_vi,
        supplier=order.supplier.name,
        number=order.number,
        ordered=wording.day(order.ordered_on) if order.ordered_on else "—",
        expected=wording.day(order.expected_by) if order.expected_by else "—",
        today=wording.day(sent_on),
        missing=missing,
    )
    return letter, outstanding


def claim(actor: Actor, order: Order, *, sent_on: dt.date | None = None) -> Claim:
    """Record a claim for a late order, with its letter."""
    check(actor, Action.ACQUIRE, order.library)
    sent_on = sent_on or timezone.localdate()
    if order not in late_orders(order.library, sent_on):
        raise Conflict(
            _(
                "Đơn {number} không chậm giao (trạng thái {state}, hẹn {expected}); "
                "chỉ khiếu nại đơn đã quá hạn."
            ).format(
                number=order.number,
                state=order.get_state_display(),
                expected=wording.day(order.expected_by) if order.expected_by else "—",
            ),
            order=order.number,
        )
    letter, outstanding = claim_letter(order, sent_on)
    with transaction.atomic():
        made = Claim.objects.create(
            order=order, sent_on=sent_on, outstanding=outstanding, letter=letter
        )
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "acquisition-claim",
            made.pk,
            library_code=order.library.code,
            summary=f"{order.number}: {outstanding}",
        )
    return made
