"""The Department's settings of oversight: the plan's KPI targets, public holidays and the
criteria sets. Evaluations, inspections and training have their own modules
(:mod:`.evaluations`, :mod:`.inspections`, :mod:`.training`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import InvalidInput
from thuvien.network.permissions import Action, check
from thuvien.oversight.kpis import KPIS
from thuvien.oversight.models import CriteriaSet, Criterion, Holiday, KpiTarget

if TYPE_CHECKING:
    from thuvien.actors import Actor


def set_target(
    actor: Actor, kpi: str, target: Decimal | str | float, deadline: date, plan: str = ""
) -> KpiTarget:
    check(actor, Action.OVERSEE)
    if kpi not in KPIS:
        raise InvalidInput(
            _("Không có chỉ tiêu {kpi}; các chỉ tiêu là: {known}.").format(
                kpi=kpi, known=", ".join(KPIS)
            ),
            kpi=kpi,
        )
    try:
        value = Decimal(str(target))
    except InvalidOperation:
        raise InvalidInput(
            _("Mức chỉ tiêu “{target}” không phải số.").format(target=target), target=target
        ) from None
    if value < 0 or (KPIS[kpi].percent and value > 100):
        raise InvalidInput(
            _("Mức chỉ tiêu {kpi} phải từ 0 đến {most} (đã nhập {target}).").format(
                kpi=kpi, most=100 if KPIS[kpi].percent else "…", target=target
            ),
            target=target,
        )
    with transaction.atomic():
        row, created = KpiTarget.objects.update_or_create(
            kpi=kpi, deadline=deadline, defaults={"target": value, "plan": plan.strip()}
        )
        audit(
            actor,
            AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            "kpi-target",
            row.pk,
            summary=f"{kpi} {value} {deadline}",
        )
    return row


def add_holiday(actor: Actor, day: date, name: str) -> Holiday:
    check(actor, Action.OVERSEE)
    if not name.strip():
        raise InvalidInput(_("Hãy ghi tên ngày nghỉ (ví dụ: Tết Nguyên đán)."), name="")
    with transaction.atomic():
        row, created = Holiday.objects.update_or_create(date=day, defaults={"name": name.strip()})
        audit(
            actor,
            AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            "holiday",
            day.isoformat(),
            summary=name.strip(),
        )
    return row


def add_criterion(
    actor: Actor, criteria_set: CriteriaSet, code: str, name: str, group: str = ""
) -> Criterion:
    check(actor, Action.OVERSEE)
    if not code.strip() or not name.strip():
        raise InvalidInput(_("Hãy ghi mã và tên tiêu chí."), code=code)
    with transaction.atomic():
        position = criteria_set.criteria.count() + 1
        row, created = Criterion.objects.update_or_create(
            criteria_set=criteria_set,
            code=code.strip(),
            defaults={"name": name.strip(), "group": group.strip(), "position": position},
        )
        audit(
            actor,
            AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            "criterion",
            f"{criteria_set.code}/{row.code}",
            summary=row.name,
        )
    return row
