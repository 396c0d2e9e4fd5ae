"""Weeding (thanh lọc) and withdrawal (thanh lý): rules propose copies, staff keep or remove
each one, and a decision with its number and date withdraws the rest.

A withdrawn copy is never deleted: its status becomes “Đã thanh lý”, the registers and the
loan history keep it, the yearly report counts it as weeded, and its record's holdings change in
the union catalogue and the search index through the change feed, as every copy edit does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import wording
from thuvien.actors import user_of
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import Entry, record_many
from thuvien.audit.services import record as audit
from thuvien.catalogue.models import Item
from thuvien.changes import feed
from thuvien.circulation.models import Loan
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.stock.machines import WEEDING
from thuvien.stock.models import WeedingCandidate, WeedingList

if TYPE_CHECKING:
    from thuvien.actors import Actor

# A copy lent, lost or already withdrawn is not on the shelf to be weeded.
WEEDABLE = (
    Item.Status.AVAILABLE,
    Item.Status.NOT_FOR_LOAN,
    Item.Status.DAMAGED,
    Item.Status.IN_PROCESSING,
)


def get(pk: int) -> WeedingList:
    try:
        return WeedingList.objects.select_related("library").get(pk=pk)
    except WeedingList.DoesNotExist:
        raise NotFound(
            _("Không có danh sách thanh lọc số {pk}.").format(pk=pk), weeding=str(pk)
        ) from None


def _matching(
    library: Library,
    *,
    published_before: int | None,
    idle_years: int | None,
    damaged: bool,
    today: dt.date,
) -> dict[int, list[str]]:
    """Each copy a rule proposes, with the reasons (a copy may meet several rules)."""
    shelf = Item.objects.filter(library=library, status__in=WEEDABLE)
    reasons: dict[int, list[str]] = {}

    def add(items: QuerySet[Item], reason: str) -> None:
        for pk in items.values_list("pk", flat=True):
            reasons.setdefault(pk, []).append(reason)

    if published_before:
        add(
            shelf.filter(record__year__lt=published_before),
            _("xuất bản trước năm {year}").format(year=published_before),
        )
    if idle_years:
        since = timezone.make_aware(
            dt.datetime.combine(today.replace(year=today.year - idle_years), dt.time())
        )
        lent = Loan.objects.filter(item=OuterRef("pk"), checked_out_at__gte=since)
        # A copy bought since then has had no chance to be lent.
        add(
            shelf.filter(created_at__lt=since).exclude(Exists(lent)),
            _("không được mượn trong {years} năm").format(years=idle_years),
        )
    if damaged:
        add(shelf.filter(status=Item.Status.DAMAGED), _("hư hỏng"))
    return reasons


def propose(
    actor: Actor,
    library: Library,
    *,
    name: str,
    published_before: int | None = None,
    idle_years: int | None = None,
    damaged: bool = False,
    today: dt.date | None = None,
) -> WeedingList:
    check(actor, Action.TAKE_STOCK, library)
    if not (published_before or idle_years or damaged):
        raise InvalidInput(
            _(
                "Hãy chọn ít nhất một tiêu chí thanh lọc: xuất bản trước năm, không được "
                "mượn trong số năm, hoặc hư hỏng."
            )
        )
    if idle_years is not None and not 1 <= idle_years <= 50:
        raise InvalidInput(_("Số năm không được mượn phải từ 1 đến 50."))
    reasons = _matching(
        library,
        published_before=published_before,
        idle_years=idle_years,
        damaged=damaged,
        today=today or timezone.localdate(),
    )
    rules = {"published_before": published_before, "idle_years": idle_years, "damaged": damaged}
    with transaction.atomic():
        weeding = WeedingList.objects.create(
            library=library,
            name=name.strip() or _("Thanh lọc"),
            rules=rules,
            created_by_id=getattr(user_of(actor), "pk", None),
        )
        WeedingCandidate.objects.bulk_create(
            WeedingCandidate(weeding=weeding, item_id=pk, reason="; ".join(why)[:255])
            for pk, why in sorted(reasons.items())
        )
        lifecycle.start(WEEDING, weeding, "propose", actor=actor, library_code=library.code)
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "weeding list",
            weeding.pk,
            library_code=library.code,
            summary=f"{weeding.name}: {len(reasons)} bản đề xuất",
            after={"rules": rules},
        )
    return weeding


def review(actor: Actor, weeding: WeedingList, keep: Iterable[int]) -> int:
    """Set which copies of the list stay on the shelf (the others go); returns how many stay."""
    check(actor, Action.TAKE_STOCK, weeding.library)
    if weeding.state != WeedingList.State.PROPOSED:
        raise Conflict(
            _("Danh sách {name} đã có quyết định hoặc đã huỷ; không sửa được nữa.").format(
                name=weeding.name
            ),
            weeding=str(weeding.pk),
        )
    kept = set(keep)
    with transaction.atomic():
        weeding.candidates.update(keep=False)
        count = weeding.candidates.filter(item_id__in=kept).update(keep=True)
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "weeding list",
            weeding.pk,
            library_code=weeding.library.code,
            summary=f"{weeding.name}: giữ lại {count} bản",
            after={"kept": sorted(kept)},
        )
    return count


def decide(
    actor: Actor, weeding: WeedingList, *, number: str, date: dt.date, note: str = ""
) -> int:
    """The withdrawal decision: every copy not kept is withdrawn. Returns how many."""
    check(actor, Action.WITHDRAW_ITEMS, weeding.library)
    number = number.strip()
    if not number:
        raise InvalidInput(_("Hãy ghi số quyết định thanh lý (ví dụ: 12/QĐ-TV)."))
    if date > timezone.localdate():
        raise InvalidInput(
            _("Ngày quyết định {date} ở tương lai; hãy ghi ngày đã ký.").format(
                date=wording.day(date)
            )
        )
    with transaction.atomic():
        going = list(
            Item.objects.filter(weeding__weeding=weeding, weeding__keep=False).select_for_update()
        )
        lent = [item for item in going if item.status not in WEEDABLE]
        if lent:
            codes = ", ".join(item.barcode or item.accession_number for item in lent[:10])
            raise Conflict(
                _(
                    "Không thanh lý được {count} bản vì đang cho mượn, đã mất hoặc đã thanh lý: "
                    "{codes}. Hãy đánh dấu giữ lại các bản này rồi ra quyết định."
                ).format(count=len(lent), codes=codes),
                items=codes,
            )
        ids = [item.pk for item in going]
        Item.objects.filter(pk__in=ids).update(
            status=Item.Status.WITHDRAWN, updated_at=timezone.now()
        )
        feed.record_changed(item.record_id for item in going)
        record_many(actor, (_entry(weeding, item, number) for item in going))
        lifecycle.move(
            WEEDING,
            weeding,
            "decide",
            actor=actor,
            library_code=weeding.library.code,
            note=note,
            decision_number=number,
            decision_date=date,
        )
    return len(ids)


def _entry(weeding: WeedingList, item: Item, number: str) -> Entry:
    return Entry(
        AuditEntry.Action.UPDATE,
        "item",
        item.pk,
        weeding.library.code,
        f"{item.barcode or item.accession_number}: thanh lý theo quyết định {number}",
        {"status": item.status},
        {"status": Item.Status.WITHDRAWN.value, "decision": number},
    )


def cancel(actor: Actor, weeding: WeedingList) -> None:
    check(actor, Action.TAKE_STOCK, weeding.library)
    lifecycle.move(WEEDING, weeding, "cancel", actor=actor, library_code=weeding.library.code)


def withdrawals(item_ids: Iterable[int]) -> dict[int, tuple[dt.date, str]]:
    """(date, decision number) of each copy withdrawn by a decision, for the individual
    register (sổ đăng ký cá biệt) of acquisitions: StockConfig.ready() hands it there."""
    rows: Any = WeedingCandidate.objects.filter(
        item_id__in=list(item_ids),
        keep=False,
        weeding__state=WeedingList.State.DECIDED,
    ).values_list("item_id", "weeding__decision_date", "weeding__decision_number")
    return {item: (date, number) for item, date, number in rows}
