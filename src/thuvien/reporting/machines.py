"""The report form's lifecycle: the library fills and submits, the Department returns it with
a comment or approves it. Every move is audited."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.lifecycle.machine import Machine, Move
from thuvien.reporting.models import ReportForm

_S = ReportForm.State
FORM = Machine(
    "report-form",
    ReportForm,
    noun=_("báo cáo thống kê"),
    starts={"open": _("lập báo cáo")},
    moves={
        "submit": Move(_("gửi"), {_S.DRAFT, _S.RETURNED}, _S.SUBMITTED),
        "return": Move(_("trả lại"), {_S.SUBMITTED}, _S.RETURNED),
        "approve": Move(_("duyệt"), {_S.SUBMITTED}, _S.APPROVED),
    },
    audit_as="report-form",
    key=lambda form: f"{form.library.code}/{form.period.year}",
)
