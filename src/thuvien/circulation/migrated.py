"""Readers and loans brought over from another system: facts to record, not desk transactions.

A loan made in Koha three weeks ago is not lent again here: no loan rule, limit, block or
hold is asked about, the due date is the old system's, and the loan's history starts with a
``checkout`` row dated when the old system lent it (noted as migrated). The copy's status and
the search index follow exactly as for a loan at the desk. Rows are written in bulk (a
province brings tens of thousands); whoever calls checks the rows and keeps them idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from thuvien import actors
from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.catalogue.models import Item
from thuvien.changes import feed
from thuvien.circulation.machines import LOAN
from thuvien.circulation.models import Loan, Patron
from thuvien.lifecycle.models import Transition
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.vietnamese import fold

if TYPE_CHECKING:
    from thuvien.actors import Actor


@dataclass
class ReaderData:
    card_number: str
    full_name: str
    category: str
    email: str = ""
    phone: str = ""
    birth_year: int | None = None
    address: str = ""
    expires_on: date | None = None
    blocked_reason: str = ""
    keep_history: bool = False


@dataclass
class LoanData:
    item_id: int
    record_id: int
    patron_id: int | None
    patron_category: str
    checked_out_at: datetime
    due_on: date
    returned_at: datetime | None = None  # set: a loan of the old system's history
    renewals: int = 0


def add_readers(actor: Actor, library: Library, readers: list[ReaderData], source: str) -> int:
    """Register ``readers`` (new card numbers only: the caller leaves out those already
    here) in one transaction, with one audit entry for the lot. No PIN: the old system's
    are hashed its own way, so each reader chooses one (at the desk or by e-mail)."""
    check(actor, Action.MANAGE_PATRONS, library)
    if not readers:
        return 0
    now = timezone.now()
    rows = []
    for r in readers:
        patron = Patron(home_library=library, created_at=now, **r.__dict__)
        patron.name_folded = fold(r.full_name)  # bulk_create skips save(), which keeps it
        if r.keep_history:
            patron.consent_at = now
        rows.append(patron)
    with transaction.atomic():
        Patron.objects.bulk_create(rows, batch_size=1000)
        audit(
            actor,
            AuditEntry.Action.IMPORT,
            "patron",
            source[:64],
            library_code=library.code,
            summary=f"{len(rows)} readers migrated from {source}",
        )
    return len(rows)


def record_loans(actor: Actor, library: Library, loans: list[LoanData], note: str) -> list[Loan]:
    """Record the old system's loans of ``library``'s copies in one transaction: open ones
    put their copy on loan, returned ones are history. ``note`` (``migrated from koha``)
    goes on each history row, so the desk can tell a migrated loan from its own."""
    check(actor, Action.CIRCULATE, library)
    if not loans:
        return []
    user = actors.user_of(actor)
    label = actors.label(actor)
    now = timezone.now()
    rows = [
        Loan(
            item_id=d.item_id,
            patron_id=d.patron_id,
            patron_category=d.patron_category,
            library=library,
            state=Loan.State.ACTIVE if d.returned_at is None else Loan.State.RETURNED,
            checked_out_at=d.checked_out_at,
            due_on=d.due_on,
            renewals=d.renewals,
            returned_at=d.returned_at,
            rule=note[:255],
        )
        for d in loans
    ]
    with transaction.atomic():
        Loan.objects.bulk_create(rows, batch_size=1000)
        history = []
        for loan in rows:
            common = {
                "machine": LOAN.name,
                "model": LOAN.model_label,
                "object_id": str(loan.pk),
                "actor_id": user.pk if user is not None else None,
                "actor_label": label,
                "library_code": library.code,
                "note": note,
            }
            history.append(
                Transition(
                    action="checkout",
                    from_state="",
                    to_state=Loan.State.ACTIVE,
                    at=loan.checked_out_at,
                    **common,
                )
            )
            if loan.returned_at is not None:
                history.append(
                    Transition(
                        action="checkin",
                        from_state=Loan.State.ACTIVE,
                        to_state=Loan.State.RETURNED,
                        at=loan.returned_at,
                        **common,
                    )
                )
        Transition.objects.bulk_create(history, batch_size=1000)
        lent = [d.item_id for d in loans if d.returned_at is None]
        for start in range(0, len(lent), 900):
            Item.objects.filter(pk__in=lent[start : start + 900]).update(
                status=Item.Status.ON_LOAN, updated_at=now
            )
        feed.record_changed({d.record_id for d in loans if d.returned_at is None})
    return rows
