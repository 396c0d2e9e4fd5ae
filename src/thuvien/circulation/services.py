"""Loans and holds: the only code that lends, takes back, renews and reserves.

Concurrency (DESIGN §7): a checkout claims the copy with one conditional UPDATE
(``status: available → on-loan``) and the loan table allows one active loan per item, so of
two desks or kiosks lending the same copy at the same moment exactly one succeeds, on SQLite
(whose IMMEDIATE transactions serialise writers) and on PostgreSQL (where the second UPDATE
waits for the first and then finds the status changed). Every change enqueues the record for
the search index in the same transaction, so availability follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.catalogue.models import Item, Record
from thuvien.changes import feed
from thuvien.circulation import machines, patrons
from thuvien.circulation.errors import (
    HoldRefused,
    ItemHeldForAnother,
    ItemNotLoanable,
    ItemOnLoan,
    LimitReached,
    NotOnLoan,
    RenewalRefused,
    UnknownItem,
)
from thuvien.circulation.models import Hold, Loan, Patron, Transit
from thuvien.circulation.rules import AppliedRule, due_date, rule_for
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.wording import day

if TYPE_CHECKING:
    from thuvien.actors import Actor

HOLD_SHELF_DAYS = 7


@dataclass
class Checkin:
    loan: Loan
    patron: Patron | None  # who had it (the loan itself may now be anonymised)
    hold: Hold | None  # the hold this copy was trapped for, if any
    transit: Transit | None = None  # returned away from home: on its way back


# Asked in the same query as the copy: is it on the hold shelf, is it on its way home? Both
# are rare, and a separate query each would cost every loan and return a round trip.
_HELD = Exists(Hold.objects.filter(item=OuterRef("pk"), state=Hold.State.READY))
_IN_TRANSIT = Exists(Transit.objects.filter(item=OuterRef("pk"), state=Transit.State.IN_TRANSIT))


def _items() -> QuerySet[Item]:
    """Copies with their record's title only: the desk shows the title, and a record row is
    wide (31 columns) — building and reading all of it was a third of a loan's time."""
    fields = [f.name for f in Item._meta.concrete_fields]
    return Item.objects.select_related("record").only(*fields, "record__title")


def find_item(library: Library, barcode: str) -> Item:
    barcode = barcode.strip()
    items = _items().annotate(held=_HELD)
    item = items.filter(library=library, barcode=barcode).first()
    if item is None:
        raise UnknownItem(
            _("Không có tài liệu mã vạch “{barcode}” ở {library}; quét lại hoặc nhập tay.").format(
                barcode=barcode, library=library.code
            ),
            barcode=barcode,
        )
    return item


def _on_loan(item: Item) -> ItemOnLoan:
    return ItemOnLoan(
        _("Tài liệu {barcode} đang được cho mượn; cần trả trước khi cho mượn lại.").format(
            barcode=item.barcode
        ),
        barcode=item.barcode,
    )


def _ensure_loanable(item: Item, rule: AppliedRule) -> None:
    if item.status == Item.Status.ON_LOAN:
        raise _on_loan(item)
    if item.status != Item.Status.AVAILABLE:
        raise ItemNotLoanable(
            _(
                "Tài liệu {barcode} không cho mượn về: tài liệu đang ở trạng thái “{status}”."
            ).format(barcode=item.barcode, status=item.get_status_display()),
            barcode=item.barcode,
        )
    if rule.loan_days == 0:
        raise ItemNotLoanable(
            _("Tài liệu {barcode} chỉ đọc tại chỗ theo {scope}.").format(
                barcode=item.barcode, scope=rule.scope
            ),
            barcode=item.barcode,
        )


def checkout(actor: Actor, library: Library, card: str | Patron, barcode: str) -> Loan:
    """Lend the copy ``barcode`` of ``library`` to the reader with ``card`` (or to the
    reader already looked up, e.g. by SIP2 after checking the PIN)."""
    check(actor, Action.CIRCULATE, library)
    today = timezone.localdate()
    patron = card if isinstance(card, Patron) else patrons.find(library, card)
    patrons.ensure_may_borrow(patron, today)
    item = find_item(library, barcode)
    rule = rule_for(library, patron.category, item.item_type)
    _ensure_loanable(item, rule)
    held = None
    if getattr(item, "held", True):
        held = Hold.objects.filter(item=item, state=Hold.State.READY).first()
    if held is not None and held.patron_id != patron.pk:
        raise ItemHeldForAnother(
            _("Tài liệu {barcode} đang được giữ cho bạn đọc khác đến hết {until}.").format(
                barcode=item.barcode, until=day(held.ready_until)
            ),
            barcode=item.barcode,
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            _ensure_below_limit(patron, rule)
            claimed = Item.objects.filter(pk=item.pk, status=Item.Status.AVAILABLE).update(
                status=Item.Status.ON_LOAN, updated_at=now
            )
            if claimed != 1:  # another desk lent it a moment ago
                raise _on_loan(item)
            loan = Loan.objects.create(
                item=item,
                patron=patron,
                patron_category=patron.category,
                library=library,
                checked_out_at=now,
                due_on=due_date(library, today, rule.loan_days),
                rule=rule.explanation[:255],
            )
            machines.start(loan, "checkout", actor=actor, library_code=library.code)
            if held is not None:
                machines.move(held, "fulfil", actor=actor, library_code=library.code)
            _touch(patron, now)
            feed.record_changed([item.record_id])
    except IntegrityError:
        raise _on_loan(item) from None
    item.status = Item.Status.ON_LOAN
    loan.item = item
    return loan


def _ensure_below_limit(patron: Patron, rule: AppliedRule) -> None:
    """Count the reader's loans while holding their row: two desks lending to one reader at
    once would otherwise both count 4 of 5 and both lend. PostgreSQL waits on the row lock
    (SELECT … FOR UPDATE); SQLite's IMMEDIATE transaction already holds the write lock from
    BEGIN, so the count and the new loan are one step for every other writer."""
    # Two statements, not one: under READ COMMITTED a statement's subqueries keep the
    # snapshot from before it waited for the lock, so a count inside it would miss the
    # loan the other desk just committed. The count after the lock sees it.
    if connection.features.has_select_for_update:  # SQLite has none, and needs none
        Patron.objects.select_for_update().filter(pk=patron.pk).values_list("pk").first()
    count = Loan.objects.filter(patron=patron, state=Loan.State.ACTIVE).count()
    if count >= rule.max_items:
        raise LimitReached(
            _(
                "Bạn đọc {name} (thẻ {card}) đang mượn {count} cuốn, đã đủ mức tối đa {limit} "
                "cuốn theo {scope}; nhận trả bớt trước khi cho mượn thêm."
            ).format(
                name=patron.full_name,
                card=patron.card_number,
                count=count,
                limit=rule.max_items,
                scope=rule.scope,
            ),
            card=str(patron),
        )


def _touch(patron: Patron, now: datetime) -> None:
    """Note the reader's activity (for flagging inactive readers), once a day at most: a
    write per loan would only lengthen the transaction that holds SQLite's write lock."""
    seen = patron.last_activity_at
    if seen is None or timezone.localdate(seen) != timezone.localdate(now):
        Patron.objects.filter(pk=patron.pk).update(last_activity_at=now)
        patron.last_activity_at = now


def active_loan(item: Item) -> Loan:
    loan = (
        Loan.objects.filter(item=item, state=Loan.State.ACTIVE)
        .select_related("patron__home_library")  # the reader is named with their library
        .first()
    )
    if loan is None:
        raise NotOnLoan(
            _("Tài liệu {barcode} không có ai đang mượn.").format(barcode=item.barcode),
            barcode=item.barcode,
        )
    return loan


def _returned_item(library: Library, barcode: str) -> Item:
    """The copy handed in here: this library's own, or another library's copy (a joint card
    borrows anywhere and returns anywhere), written CODE:barcode or, when only one copy on
    loan in the network carries it, by its barcode alone."""
    barcode = barcode.strip()
    code, sep, number = barcode.rpartition(":")
    waiting = Exists(
        Hold.objects.filter(
            record_id=OuterRef("record_id"), state=Hold.State.WAITING, pickup_library=library
        )
    )
    items = _items().annotate(in_transit=_IN_TRANSIT, waiting=waiting)
    if sep and code:
        item = items.filter(library__code=code, barcode=number).first()
    else:
        item = items.filter(library=library, barcode=barcode).first()
        if item is None:
            away = list(items.filter(barcode=barcode, status=Item.Status.ON_LOAN)[:2])
            item = away[0] if len(away) == 1 else None
    if item is None:
        return find_item(library, barcode)  # raises UnknownItem, with its message
    return item


def checkin(actor: Actor, library: Library, barcode: str) -> Checkin:
    """Take back ``barcode``; trap it for the first reader waiting for the title here.
    The loan forgets its reader unless they chose to keep their history. A copy of another
    library goes into transit home; scanned there, it arrives and is shelved or trapped."""
    check(actor, Action.CIRCULATE, library)
    item = _returned_item(library, barcode)
    transit = None
    if getattr(item, "in_transit", True):
        transit = Transit.objects.filter(item=item, state=Transit.State.IN_TRANSIT).first()
    if transit is not None and transit.to_library_id == library.pk:
        return _arrive(library, item, transit, actor)
    loan = active_loan(item)
    loan.item = item
    patron = loan.patron
    away = item.library_id != library.pk
    now = timezone.now()
    with transaction.atomic():
        forget = patron is not None and not patron.keep_history
        machines.move(
            loan,
            "checkin",
            actor=actor,
            library_code=library.code,
            returned_at=now,
            **({"patron": None} if forget else {}),
        )
        # In transit the copy is on no shelf: "processing" keeps it out of "available".
        status = Item.Status.IN_PROCESSING if away else Item.Status.AVAILABLE
        Item.objects.filter(pk=item.pk, status=Item.Status.ON_LOAN).update(
            status=status, updated_at=now
        )
        item.status = status
        hold = None
        if away:
            transit = Transit.objects.create(
                item=item, from_library=library, to_library_id=item.library_id
            )
            machines.start(transit, "send", actor=actor, library_code=library.code)
        elif getattr(item, "waiting", True):
            hold = _trap(item, library, actor)
        if patron is not None:
            _touch(patron, now)
        feed.record_changed([item.record_id])
    return Checkin(loan=loan, patron=patron, hold=hold, transit=transit if away else None)


def _arrive(library: Library, item: Item, transit: Transit, actor: Actor) -> Checkin:
    now = timezone.now()
    with transaction.atomic():
        machines.move(transit, "arrive", actor=actor, library_code=library.code)
        Item.objects.filter(pk=item.pk, status=Item.Status.IN_PROCESSING).update(
            status=Item.Status.AVAILABLE, updated_at=now
        )
        item.status = Item.Status.AVAILABLE
        hold = _trap(item, library, actor)
        feed.record_changed([item.record_id])
    last = Loan.objects.filter(item=item).order_by("-id").first()
    assert last is not None  # noqa: S101 - a copy goes into transit only when a loan ends
    last.item = item
    return Checkin(loan=last, patron=None, hold=hold, transit=transit)


def _trap(item: Item, library: Library, actor: Actor) -> Hold | None:
    waiting = (
        Hold.objects.filter(
            record_id=item.record_id, state=Hold.State.WAITING, pickup_library=library
        )
        .select_related("patron")
        .first()
    )
    if waiting is None:
        return None
    until = timezone.localdate() + timedelta(days=HOLD_SHELF_DAYS)
    machines.move(
        waiting, "trap", actor=actor, library_code=library.code, item=item, ready_until=until
    )
    return waiting


def renew(actor: Actor, loan: Loan) -> Loan:
    """Renew from today, if the rule leaves a renewal and no one is waiting for the title."""
    library = loan.library
    check(actor, Action.CIRCULATE, library)
    item = loan.item
    if loan.state != Loan.State.ACTIVE or loan.patron is None:
        raise NotOnLoan(
            _("Tài liệu {barcode} không có ai đang mượn.").format(barcode=item.barcode),
            barcode=item.barcode,
        )
    patron = loan.patron
    today = timezone.localdate()
    patrons.ensure_may_borrow(patron, today)
    rule = rule_for(library, patron.category, item.item_type)
    if loan.renewals >= rule.renewals:
        raise RenewalRefused(
            _("Tài liệu {barcode} đã gia hạn {count} lần, tối đa {limit}.").format(
                barcode=item.barcode, count=loan.renewals, limit=rule.renewals
            ),
            barcode=item.barcode,
        )
    if Hold.objects.filter(record_id=item.record_id, state=Hold.State.WAITING).exists():
        raise RenewalRefused(
            _("Không gia hạn được {barcode}: có bạn đọc khác đang đặt chờ.").format(
                barcode=item.barcode
            ),
            barcode=item.barcode,
        )
    with transaction.atomic():
        machines.move(
            loan,
            "renew",
            actor=actor,
            library_code=library.code,
            guard={"renewals": loan.renewals},
            renewals=loan.renewals + 1,
            due_on=max(loan.due_on, due_date(library, today, rule.loan_days)),
        )
        _touch(patron, timezone.now())
    return loan


def renew_item(actor: Actor, library: Library, barcode: str) -> Loan:
    item = find_item(library, barcode)
    loan = active_loan(item)
    loan.item = item
    return renew(actor, loan)


RECALL_DAYS = 7


def recall(actor: Actor, loan: Loan, days: int = RECALL_DAYS) -> Loan:
    """Ask for a copy back early (another reader needs it): the due date comes forward to
    ``days`` from today, never later than it was, and the reader is told by the next notices
    run. Renewals are refused meanwhile, as for any title someone waits for."""
    library = loan.library
    check(actor, Action.CIRCULATE, library)
    due = min(loan.due_on, due_date(library, timezone.localdate(), days))
    with transaction.atomic():
        machines.move(
            loan,
            "recall",
            actor=actor,
            library_code=library.code,
            due_on=due,
            last_notice="recall",
        )
    return loan


def loans_of(patron: Patron) -> list[Loan]:
    return list(
        Loan.objects.filter(patron=patron, state=Loan.State.ACTIVE)
        .select_related("item__record", "library")
        .order_by("due_on", "id")
    )


def renew_all(actor: Actor, patron: Patron) -> list[tuple[Loan, str]]:
    """Renew every loan of ``patron``; (loan, refusal message or '') for each."""
    results: list[tuple[Loan, str]] = []
    for loan in loans_of(patron):
        loan.patron = patron
        try:
            renew(actor, loan)
            results.append((loan, ""))
        except (RenewalRefused, NotOnLoan) as exc:
            results.append((loan, exc.message))
    return results


def place_hold(actor: Actor, patron: Patron, record: Record, pickup: Library) -> Hold:
    check(actor, Action.CIRCULATE, pickup)
    today = timezone.localdate()
    patrons.ensure_may_borrow(patron, today)
    rule = rule_for(pickup, patron.category, "")
    if not rule.holds_allowed:
        raise HoldRefused(
            _("Bạn đọc {name} (thẻ {card}) không được đặt trước theo {scope}.").format(
                name=patron.full_name, card=patron.card_number, scope=rule.scope
            ),
            card=str(patron),
        )
    if Hold.objects.filter(
        patron=patron, record=record, state__in=[Hold.State.WAITING, Hold.State.READY]
    ).exists():
        raise HoldRefused(
            _("Bạn đọc {patron} đã đặt trước tài liệu #{record}.").format(
                patron=patron, record=record.pk
            ),
            record=record.pk,
        )
    if Loan.objects.filter(patron=patron, item__record=record, state=Loan.State.ACTIVE).exists():
        raise HoldRefused(
            _("Bạn đọc {patron} đang mượn tài liệu #{record}.").format(
                patron=patron, record=record.pk
            ),
            record=record.pk,
        )
    if not Item.objects.filter(record=record).exists():
        raise HoldRefused(
            _("Tài liệu #{record} không có bản nào để đặt trước.").format(record=record.pk),
            record=record.pk,
        )
    with transaction.atomic():
        hold = Hold.objects.create(
            patron=patron, record=record, pickup_library=pickup, placed_at=timezone.now()
        )
        machines.start(hold, "place", actor=actor, library_code=pickup.code)
    return hold


def queue_position(hold: Hold) -> int:
    """Where a waiting hold stands in its record's queue: 1 is next."""
    ahead = Hold.objects.filter(
        record_id=hold.record_id, state=Hold.State.WAITING, placed_at__lt=hold.placed_at
    ).count()
    return ahead + 1


def cancel_hold(actor: Actor, hold: Hold) -> Hold:
    check(actor, Action.CIRCULATE, hold.pickup_library)
    with transaction.atomic():
        item = hold.item
        machines.move(hold, "cancel", actor=actor, library_code=hold.pickup_library.code)
        if item is not None:
            _trap(item, hold.pickup_library, actor)
    return hold


def expire_holds(today: date | None = None) -> int:
    """Holds left on the shelf past their date expire; the copy goes to the next in line."""
    today = today or timezone.localdate()
    count = 0
    for hold in Hold.objects.filter(state=Hold.State.READY, ready_until__lt=today).select_related(
        "item", "pickup_library"
    ):
        with transaction.atomic():
            item = hold.item
            machines.move(hold, "expire", actor="system", library_code=hold.pickup_library.code)
            if item is not None:
                _trap(item, hold.pickup_library, "system")
        count += 1
    return count
