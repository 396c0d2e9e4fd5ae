"""Subscriptions, the issues a frequency makes expected, check-in, claims and binding.

Every change goes through here (pages and the command alike), checked against the role table
and audited; a check-in and a claim are moves of the issue's lifecycle.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.models import Item, Record
from thuvien.errors import InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.serials.machines import ISSUE
from thuvien.serials.models import Issue, Subscription

if TYPE_CHECKING:
    from thuvien.actors import Actor

F_ = Subscription.Frequency
# The step from one issue to the next: (days, months).
STEPS = {
    F_.DAILY: (1, 0),
    F_.WEEKLY: (7, 0),
    F_.FORTNIGHTLY: (14, 0),
    F_.MONTHLY: (0, 1),
    F_.BIMONTHLY: (0, 2),
    F_.QUARTERLY: (0, 3),
    F_.HALF_YEARLY: (0, 6),
    F_.YEARLY: (0, 12),
}
MAX_ISSUES = 800  # two years of a daily: more is a typo in the dates


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def expected_dates(frequency: str, start: dt.date, until: dt.date) -> Iterator[dt.date]:
    """The dates issues are due, from ``start`` up to ``until`` included. Months are counted
    from the start (the 31st of each month falls back to the month's last day)."""
    days, months = STEPS[F_(frequency)]
    n = 0
    while True:
        due = start + dt.timedelta(days=days * n) if days else _add_months(start, months * n)
        if due > until:
            return
        yield due
        n += 1


def get(pk: int) -> Subscription:
    try:
        return Subscription.objects.select_related("library", "record").get(pk=pk)
    except Subscription.DoesNotExist:
        raise NotFound(
            _("Không có đăng ký ấn phẩm định kỳ số {pk}.").format(pk=pk), subscription=str(pk)
        ) from None


def get_issue(pk: int) -> Issue:
    try:
        return Issue.objects.select_related("subscription__library").get(pk=pk)
    except Issue.DoesNotExist:
        raise NotFound(_("Không có số báo mã {pk}.").format(pk=pk), issue=str(pk)) from None


def subscribe(
    actor: Actor,
    record: Record,
    library: Library,
    *,
    frequency: str,
    starts_on: dt.date,
    until: dt.date | None = None,
    first_number: int = 1,
    supplier: str = "",
) -> Subscription:
    """A library's subscription to a title, with its issues expected up to ``until`` (the end
    of the start's year by default; :func:`extend` adds the next year's)."""
    check(actor, Action.EDIT_ITEMS, library)
    if frequency not in F_.values:
        raise InvalidInput(
            _("Định kỳ {frequency} không có; hãy chọn một trong: {known}.").format(
                frequency=frequency, known=", ".join(F_.values)
            )
        )
    with transaction.atomic():
        sub = Subscription.objects.create(
            record=record,
            library=library,
            frequency=frequency,
            starts_on=starts_on,
            first_number=first_number,
            supplier=supplier,
        )
        extend(actor, sub, until or starts_on.replace(month=12, day=31))
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "subscription",
            sub.pk,
            library_code=library.code,
            summary=f"{record.title[:80]} ({frequency})",
        )
    return sub


def extend(actor: Actor, sub: Subscription, until: dt.date) -> int:
    """Add the issues expected up to ``until`` that are not there yet; returns how many."""
    check(actor, Action.EDIT_ITEMS, sub.library)
    have = set(sub.issues.values_list("number", flat=True))
    new = []
    for n, due in enumerate(expected_dates(sub.frequency, sub.starts_on, until)):
        if sub.first_number + n not in have:
            new.append(Issue(subscription=sub, number=sub.first_number + n, expected_on=due))
        if len(new) > MAX_ISSUES:
            raise InvalidInput(
                _("Đến ngày {until} sẽ có hơn {limit} số mới; hãy chọn ngày gần hơn.").format(
                    until=until.isoformat(), limit=MAX_ISSUES
                )
            )
    with transaction.atomic():
        Issue.objects.bulk_create(new)
        if new:
            audit(
                actor,
                AuditEntry.Action.UPDATE,
                "subscription",
                sub.pk,
                library_code=sub.library.code,
                summary=f"+{len(new)} số dự kiến đến {until.isoformat()}",
            )
    return len(new)


def check_in(actor: Actor, issue: Issue, *, on: dt.date | None = None) -> Issue:
    library = issue.subscription.library
    check(actor, Action.EDIT_ITEMS, library)
    lifecycle.move(
        ISSUE,
        issue,
        "receive",
        actor=actor,
        library_code=library.code,
        received_on=on or timezone.localdate(),
    )
    return issue


def missing(library: Library | None = None, *, today: dt.date | None = None) -> list[Issue]:
    """Issues past their date and grace days, not received: the list to claim."""
    today = today or timezone.localdate()
    issues = Issue.objects.filter(
        state__in=[Issue.State.EXPECTED, Issue.State.CLAIMED],
        subscription__active=True,
        expected_on__lt=today,
    ).select_related("subscription__record", "subscription__library")
    if library is not None:
        issues = issues.filter(subscription__library=library)
    # Grace days differ per subscription; the rows past their date are few.
    return [
        issue
        for issue in issues
        if issue.expected_on + dt.timedelta(days=issue.subscription.grace_days) < today
    ]


def claim(actor: Actor, issue: Issue, *, on: dt.date | None = None) -> Issue:
    """Note a claim sent to the supplier for a missing issue (it may be claimed again)."""
    library = issue.subscription.library
    check(actor, Action.EDIT_ITEMS, library)
    lifecycle.move(
        ISSUE,
        issue,
        "claim",
        actor=actor,
        library_code=library.code,
        claims=issue.claims + 1,
        last_claimed_on=on or timezone.localdate(),
        guard={"claims": issue.claims},
    )
    return issue


def bind(
    actor: Actor, sub: Subscription, issues: list[Issue], *, barcode: str, call_number: str = ""
) -> Item:
    """Bind received issues into a volume: a new copy of the title, which the issues name."""
    check(actor, Action.EDIT_ITEMS, sub.library)
    if not issues:
        raise InvalidInput(_("Hãy chọn các số báo cần đóng tập."))
    # Read afresh: the page's list may be older than a check-in made since.
    issues = list(Issue.objects.filter(pk__in=[i.pk for i in issues]).order_by("number"))
    wrong = [
        str(i.number)
        for i in issues
        if i.subscription_id != sub.pk or i.state != Issue.State.RECEIVED or i.bound_in_id
    ]
    if wrong:
        raise InvalidInput(
            _(
                "Các số {numbers} chưa nhận, đã đóng tập hoặc không thuộc đăng ký này; chỉ "
                "đóng tập các số đã nhận."
            ).format(numbers=", ".join(wrong)),
            issues=", ".join(wrong),
        )
    numbers = sorted(i.number for i in issues)
    with transaction.atomic():
        volume = catalogue.add_item(
            actor,
            sub.record,
            barcode=barcode,
            call_number=call_number,
            item_type="bound-volume",
            note=f"Tập đóng các số {numbers[0]}–{numbers[-1]}",
        )
        Issue.objects.filter(pk__in=[i.pk for i in issues]).update(bound_in=volume)
    return volume
