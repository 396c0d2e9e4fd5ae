"""The oversight lifecycles, each a table of :mod:`thuvien.lifecycle`: an evaluation on the
TT 05/2020 cycle, an inspection, and an action an inspection required. Every move is
audited (they are administrative decisions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thuvien.lifecycle.machine import Machine, Move
from thuvien.oversight.models import Evaluation, Inspection, RequiredAction

_E = Evaluation.State
EVALUATION = Machine(
    "evaluation",
    Evaluation,
    noun=_("đợt đánh giá"),
    starts={"open": _("mở đợt đánh giá")},
    audit_as="evaluation",
    key=lambda e: f"{e.library.code}/{e.year}",
    moves={
        # Mẫu 01, sent by the library to its founding body by 30 December.
        "submit": Move(_("gửi báo cáo tự đánh giá"), {_E.SELF_EVALUATING}, _E.SUBMITTED),
        # On site: notice and plan at least 10 working days before the visit.
        "plan-visit": Move(_("thông báo đánh giá trực tiếp"), {_E.SUBMITTED}, _E.VISIT_PLANNED),
        "visit": Move(_("ghi nhận đã đánh giá trực tiếp"), {_E.VISIT_PLANNED}, _E.VISITED),
        # By report or online the Department drafts from the self-evaluation itself.
        "draft": Move(_("gửi dự thảo kết quả"), {_E.SUBMITTED, _E.VISITED}, _E.DRAFT_RESULT),
        "answer": Move(_("phản hồi dự thảo kết quả"), {_E.DRAFT_RESULT}, _E.ANSWERED),
        # Final once the library answered, or once its 3 working days passed in silence.
        "finalise": Move(
            _("ban hành kết quả chính thức"), {_E.DRAFT_RESULT, _E.ANSWERED}, _E.FINAL
        ),
    },
)

_I = Inspection.State
INSPECTION = Machine(
    "inspection",
    Inspection,
    noun=_("đợt kiểm tra"),
    starts={"plan": _("lên kế hoạch kiểm tra")},
    audit_as="inspection",
    moves={
        "record": Move(_("ghi kết quả kiểm tra"), {_I.PLANNED}, _I.DONE),
        "cancel": Move(_("huỷ"), {_I.PLANNED}, _I.CANCELLED),
        "close": Move(_("kết thúc"), {_I.DONE}, _I.CLOSED),
    },
)

_A = RequiredAction.State
REQUIRED_ACTION = Machine(
    "inspection-action",
    RequiredAction,
    noun=_("yêu cầu khắc phục"),
    starts={"require": _("yêu cầu khắc phục")},
    audit_as="inspection-action",
    moves={
        "report": Move(_("báo đã thực hiện"), {_A.OPEN}, _A.REPORTED),
        "verify": Move(_("xác nhận đã thực hiện"), {_A.REPORTED}, _A.VERIFIED),
        "reopen": Move(_("yêu cầu làm lại"), {_A.REPORTED}, _A.OPEN),
    },
)
