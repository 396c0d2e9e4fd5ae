"""Which loan rule applies, explained; due dates that skip the library's closed days; and
adding a rule to the matrix."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.circulation.models import Category, ClosedDay, LoanRule
from thuvien.errors import Conflict
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check

if TYPE_CHECKING:
    from thuvien.actors import Actor


@dataclass(frozen=True)
class AppliedRule:
    loan_days: int
    renewals: int
    max_items: int
    holds_allowed: bool
    daily_fee: Decimal
    explanation: str  # scope and terms, in words, kept on the loan
    scope: str = ""  # "quy tắc của … cho … và …": which cell of the matrix, in words
    rule_id: int | None = None  # None: the default, no rule matched


# When no rule matches at all: two weeks, two renewals, five books, no fee.
DEFAULT = AppliedRule(14, 2, 5, True, Decimal(0), "")


def scope_words(library: Library | None, category: str, item_type: str) -> str:
    """A cell of the matrix as a clerk says it: whose rule, for which readers, which items."""
    where = library.name_vi if library is not None else _("toàn mạng lưới")
    who = Category(category).label if category else _("mọi bạn đọc")
    what = (
        _("loại tài liệu “{kind}”").format(kind=item_type) if item_type else _("mọi loại tài liệu")
    )
    return _("quy tắc của {where} cho {who}, {what}").format(where=where, who=who, what=what)


def terms_words(loan_days: int, renewals: int, max_items: int) -> str:
    if loan_days == 0:
        return _("chỉ đọc tại chỗ, tối đa {limit} cuốn").format(limit=max_items)
    return _("mượn {days} ngày, gia hạn {renewals} lần, tối đa {limit} cuốn").format(
        days=loan_days, renewals=renewals, limit=max_items
    )


def rule_for(library: Library, category: str, item_type: str) -> AppliedRule:
    """The most specific rule of the matrix: a library's own beats the network's, then a
    rule naming the category, then one naming the item type."""
    candidates = LoanRule.objects.filter(
        Q(library=library) | Q(library__isnull=True),
        Q(category=category) | Q(category=""),
        Q(item_type=item_type) | Q(item_type=""),
    )  # a matching rule is the library's own or the network's: no need to join the library
    best = max(
        candidates,
        key=lambda r: (r.library_id is not None, r.category != "", r.item_type != ""),
        default=None,
    )
    if best is None:
        scope = _("quy tắc mặc định (chưa có quy tắc nào khớp)")
        terms = terms_words(DEFAULT.loan_days, DEFAULT.renewals, DEFAULT.max_items)
        return AppliedRule(
            DEFAULT.loan_days,
            DEFAULT.renewals,
            DEFAULT.max_items,
            DEFAULT.holds_allowed,
            DEFAULT.daily_fee,
            f"{scope}: {terms}",
            scope,
        )
    scope = scope_words(library if best.library_id else None, best.category, best.item_type)
    terms = terms_words(best.loan_days, best.renewals, best.max_items)
    return AppliedRule(
        best.loan_days,
        best.renewals,
        best.max_items,
        best.holds_allowed,
        best.daily_fee,
        f"{scope}: {terms}",
        scope,
        best.pk,
    )


def due_date(library: Library, start: date, days: int) -> date:
    """``start + days``, moved forward past the library's closed days."""
    due = start + timedelta(days=days)
    closed = set(
        ClosedDay.objects.filter(
            library=library, date__gte=due, date__lte=due + timedelta(days=60)
        ).values_list("date", flat=True)
    )
    while due in closed:
        due += timedelta(days=1)
    return due


def add_rule(
    actor: Actor,
    *,
    library: Library | None,
    category: str = "",
    item_type: str = "",
    loan_days: int = 14,
    renewals: int = 2,
    max_items: int = 5,
) -> LoanRule:
    """Add one cell of the loan-rule matrix (``library`` None: the whole network, which only a
    network administrator may set). A cell that exists already is refused, naming it."""
    check(actor, Action.EDIT_LIBRARY, library)
    where = library.code if library is not None else _("cả mạng lưới")
    with transaction.atomic():
        if LoanRule.objects.filter(
            library=library, category=category, item_type=item_type
        ).exists():
            raise Conflict(
                _(
                    "Đã có quy tắc mượn cho {where} · {category} · {item_type}; sửa quy tắc đó."
                ).format(where=where, category=category or "*", item_type=item_type or "*"),
                library=library.code if library is not None else "",
            )
        rule = LoanRule.objects.create(
            library=library, category=category, item_type=item_type,
            loan_days=loan_days, renewals=renewals, max_items=max_items,
        )  # fmt: skip
        audit(
            actor,
            AuditEntry.Action.CREATE,
            "loan rule",
            rule.pk,
            library_code=library.code if library is not None else "",
            summary=_scope_of(rule)[:255],
            after={"terms": _terms_of(rule)},
        )
    return rule


def _scope_of(rule: LoanRule) -> str:
    return scope_words(rule.library, rule.category, rule.item_type)


def _terms_of(rule: LoanRule) -> str:
    return terms_words(rule.loan_days, rule.renewals, rule.max_items)


def edit_rule(
    actor: Actor, rule: LoanRule, *, loan_days: int, renewals: int, max_items: int
) -> LoanRule:
    """Change the terms of one cell (not which cell it is: remove it and add another)."""
    check(actor, Action.EDIT_LIBRARY, rule.library)
    before = _terms_of(rule)
    with transaction.atomic():
        LoanRule.objects.filter(pk=rule.pk).update(
            loan_days=loan_days, renewals=renewals, max_items=max_items
        )
        rule.loan_days, rule.renewals, rule.max_items = loan_days, renewals, max_items
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "loan rule",
            rule.pk,
            library_code=rule.library.code if rule.library is not None else "",
            summary=_scope_of(rule)[:255],
            before={"terms": before},
            after={"terms": _terms_of(rule)},
        )
    return rule


def remove_rule(actor: Actor, rule: LoanRule) -> None:
    """Remove a cell: the loans it governed keep their sentence; new loans fall to the next
    most specific rule."""
    check(actor, Action.EDIT_LIBRARY, rule.library)
    with transaction.atomic():
        audit(
            actor,
            AuditEntry.Action.DELETE,
            "loan rule",
            rule.pk,
            library_code=rule.library.code if rule.library is not None else "",
            summary=_scope_of(rule)[:255],
            before={"terms": _terms_of(rule)},
        )
        LoanRule.objects.filter(pk=rule.pk).delete()


def rules_seen_by(library: Library | None) -> list[LoanRule]:
    """The network's rules and, for a library, its own: what its clerks lend under."""
    rules = LoanRule.objects.select_related("library")
    if library is not None:
        rules = rules.filter(Q(library=library) | Q(library__isnull=True))
    return sorted(rules, key=lambda r: (r.library_id is not None, r.category, r.item_type, r.pk))
