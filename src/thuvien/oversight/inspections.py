"""Inspections of libraries by the Department: planned visits, findings, the actions they
require with deadlines, and their follow-up. The only code that writes them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.errors import InvalidInput
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.oversight.machines import INSPECTION, REQUIRED_ACTION
from thuvien.oversight.models import Inspection, RequiredAction

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from thuvien.actors import Actor


def plan(
    actor: Actor, library: Library, planned_on: date, subject: str, inspectors: str = ""
) -> Inspection:
    check(actor, Action.OVERSEE)
    if not subject.strip():
        raise InvalidInput(_("Hãy ghi nội dung kiểm tra."), subject="")
    with transaction.atomic():
        inspection = Inspection.objects.create(
            library=library,
            planned_on=planned_on,
            subject=subject.strip(),
            inspectors=inspectors.strip(),
        )
        lifecycle.start(INSPECTION, inspection, "plan", actor=actor, library_code=library.code)
    return inspection


def record_findings(
    actor: Actor, inspection: Inspection, findings: str, visited_on: date | None = None
) -> Inspection:
    check(actor, Action.OVERSEE)
    if not findings.strip():
        raise InvalidInput(_("Hãy ghi kết quả kiểm tra (những gì đã thấy)."), findings="")
    lifecycle.move(
        INSPECTION,
        inspection,
        "record",
        actor=actor,
        library_code=inspection.library.code,
        findings=findings.strip(),
        visited_on=visited_on or timezone.localdate(),
    )
    return inspection


def cancel(actor: Actor, inspection: Inspection) -> Inspection:
    check(actor, Action.OVERSEE)
    lifecycle.move(
        INSPECTION, inspection, "cancel", actor=actor, library_code=inspection.library.code
    )
    return inspection


def close(actor: Actor, inspection: Inspection) -> Inspection:
    """An inspection is closed once each action it required is verified."""
    check(actor, Action.OVERSEE)
    lifecycle.check(INSPECTION, inspection, "close")
    pending = inspection.actions.exclude(state=RequiredAction.State.VERIFIED).count()
    if pending:
        raise InvalidInput(
            _(
                "Còn {n} yêu cầu khắc phục chưa được xác nhận; xác nhận chúng trước khi kết "
                "thúc đợt kiểm tra."
            ).format(n=pending),
            inspection=inspection.pk,
        )
    lifecycle.move(
        INSPECTION, inspection, "close", actor=actor, library_code=inspection.library.code
    )
    return inspection


def require_action(
    actor: Actor, inspection: Inspection, description: str, due_on: date
) -> RequiredAction:
    check(actor, Action.OVERSEE)
    if inspection.state != Inspection.State.DONE:
        raise InvalidInput(
            _(
                "Chỉ ghi yêu cầu khắc phục sau khi đã ghi kết quả kiểm tra (đợt này: {state})."
            ).format(state=inspection.get_state_display()),
            inspection=inspection.pk,
        )
    if not description.strip():
        raise InvalidInput(_("Hãy ghi việc thư viện cần khắc phục."), description="")
    with transaction.atomic():
        row = RequiredAction.objects.create(
            inspection=inspection, description=description.strip(), due_on=due_on
        )
        lifecycle.start(
            REQUIRED_ACTION, row, "require", actor=actor, library_code=inspection.library.code
        )
    return row


def report_done(
    actor: Actor, action: RequiredAction, note: str, on: date | None = None
) -> RequiredAction:
    """The library says it has done what was required (its own library's staff may)."""
    library = action.inspection.library
    check(actor, Action.ANSWER_EVALUATION, library)
    lifecycle.move(
        REQUIRED_ACTION,
        action,
        "report",
        actor=actor,
        library_code=library.code,
        reported_on=on or timezone.localdate(),
        follow_up=note.strip(),
    )
    return action


def verify(actor: Actor, action: RequiredAction, accepted: bool = True) -> RequiredAction:
    check(actor, Action.OVERSEE)
    lifecycle.move(
        REQUIRED_ACTION,
        action,
        "verify" if accepted else "reopen",
        actor=actor,
        library_code=action.inspection.library.code,
    )
    return action


def overdue(on: date | None = None) -> QuerySet[RequiredAction]:
    """Actions past their deadline and not yet reported done."""
    return RequiredAction.objects.filter(
        state=RequiredAction.State.OPEN, due_on__lt=on or timezone.localdate()
    ).select_related("inspection__library")
