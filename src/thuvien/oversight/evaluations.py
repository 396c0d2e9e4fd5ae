"""Evaluations on the TT 05/2020/TT-BVHTTDL cycle: the only code that writes them.

The Department (or the network admin) opens a library's evaluation for a year; the library
scores itself against the criteria set and sends its self-evaluation (Mẫu 01) by 30 December;
the Department evaluates by the report, online, or on site, sends a draft result, the library
answers within 3 working days, and the final result (Mẫu 02) follows within 3 working days.
On site, notice and plan go out at least 10 working days before the visit, and the draft is
due within 2 working days of the analysis. Every move goes through the machine in
:mod:`.machines` (history and audit in one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.audit.models import AuditEntry
from thuvien.audit.services import record as audit
from thuvien.errors import Conflict, InvalidInput, NotFound
from thuvien.lifecycle import services as lifecycle
from thuvien.network.models import Library
from thuvien.network.permissions import Action, check
from thuvien.oversight.machines import EVALUATION
from thuvien.oversight.models import CriteriaSet, Criterion, Evaluation, Score
from thuvien.oversight.workdays import add_working_days, working_days_between

if TYPE_CHECKING:
    from thuvien.actors import Actor

NOTICE_WORKING_DAYS = 10
DRAFT_WORKING_DAYS = 2
ANSWER_WORKING_DAYS = 3
FINAL_WORKING_DAYS = 3
DEFAULT_SET = "tcvn-11774-2016"


def _today(on: date | None) -> date:
    return on if on is not None else timezone.localdate()


def evaluation_of(library: Library, year: int) -> Evaluation:
    found = Evaluation.objects.select_related("library", "criteria_set").filter(
        library=library, year=year
    )
    evaluation = found.first()
    if evaluation is None:
        raise NotFound(
            _("Thư viện {code} chưa có đợt đánh giá năm {year}.").format(
                code=library.code, year=year
            ),
            library=library.code,
            year=year,
        )
    return evaluation


def open_evaluation(
    actor: Actor, library: Library, year: int, criteria_set: CriteriaSet | None = None
) -> Evaluation:
    check(actor, Action.OVERSEE)
    if criteria_set is None:
        criteria_set = CriteriaSet.objects.filter(code=DEFAULT_SET).first()
    if criteria_set is None:
        raise NotFound(_("Chưa có bộ tiêu chí nào; hãy thêm bộ tiêu chí trước khi mở đánh giá."))
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                library=library,
                year=year,
                criteria_set=criteria_set,
                self_due_on=date(year, 12, 30),
            )
            Score.objects.bulk_create(
                Score(evaluation=evaluation, criterion=c)
                for c in Criterion.objects.filter(criteria_set=criteria_set)
            )
            lifecycle.start(EVALUATION, evaluation, "open", actor=actor, library_code=library.code)
            audit(
                actor,
                AuditEntry.Action.CREATE,
                "evaluation",
                f"{library.code}/{year}",
                library_code=library.code,
                summary=_("Mở đợt đánh giá năm {year}").format(year=year),
            )
    except IntegrityError:
        raise Conflict(
            _("Thư viện {code} đã có đợt đánh giá năm {year}; mở đợt đó thay vì tạo mới.").format(
                code=library.code, year=year
            ),
            library=library.code,
            year=year,
        ) from None
    return evaluation


def save_self_scores(
    actor: Actor, evaluation: Evaluation, scores: dict[str, tuple[str, str]], summary: str = ""
) -> Evaluation:
    """The library's own figures, criterion by criterion (code → (value, note))."""
    check(actor, Action.ANSWER_EVALUATION, evaluation.library)
    lifecycle.check(EVALUATION, evaluation, "submit")  # only while self-evaluating
    return _save_scores(actor, evaluation, scores, "self", summary=summary)


def _save_scores(
    actor: Actor,
    evaluation: Evaluation,
    scores: dict[str, tuple[str, str]],
    side: str,
    summary: str | None = None,
) -> Evaluation:
    rows = {s.criterion.code: s for s in evaluation.scores.select_related("criterion")}
    unknown = sorted(set(scores) - set(rows))
    if unknown:
        raise InvalidInput(
            _("Bộ tiêu chí {set} không có tiêu chí {codes}.").format(
                set=evaluation.criteria_set.code, codes=", ".join(unknown)
            ),
            criteria=",".join(unknown),
        )
    with transaction.atomic():
        for code, (value, note) in scores.items():
            row = rows[code]
            setattr(row, f"{side}_value", value.strip())
            setattr(row, f"{side}_note", note.strip())
            row.save()
        if summary is not None and side == "self":
            evaluation.self_summary = summary.strip()
            evaluation.save(update_fields=["self_summary", "updated_at"])
        audit(
            actor,
            AuditEntry.Action.UPDATE,
            "evaluation",
            f"{evaluation.library.code}/{evaluation.year}",
            library_code=evaluation.library.code,
            summary=_("Ghi điểm {n} tiêu chí").format(n=len(scores)),
            after={code: list(pair) for code, pair in scores.items()},
        )
    return evaluation


def submit_self(actor: Actor, evaluation: Evaluation, on: date | None = None) -> Evaluation:
    check(actor, Action.ANSWER_EVALUATION, evaluation.library)
    lifecycle.move(
        EVALUATION,
        evaluation,
        "submit",
        actor=actor,
        library_code=evaluation.library.code,
        self_submitted_on=_today(on),
    )
    return evaluation


def plan_visit(
    actor: Actor,
    evaluation: Evaluation,
    visit_on: date,
    plan: str,
    notice_on: date | None = None,
) -> Evaluation:
    check(actor, Action.OVERSEE)
    notice = _today(notice_on)
    lifecycle.check(EVALUATION, evaluation, "plan-visit")
    gap = working_days_between(notice, visit_on)
    if gap < NOTICE_WORKING_DAYS:
        raise InvalidInput(
            _(
                "Ngày đánh giá trực tiếp {visit} chỉ cách ngày thông báo {notice} {gap} ngày làm "
                "việc; TT 05/2020 yêu cầu thông báo trước ít nhất 10 ngày làm việc: chọn ngày "
                "từ {earliest} trở đi."
            ).format(
                visit=visit_on.strftime("%d/%m/%Y"),
                notice=notice.strftime("%d/%m/%Y"),
                gap=gap,
                earliest=add_working_days(notice, NOTICE_WORKING_DAYS).strftime("%d/%m/%Y"),
            ),
            visit_on=visit_on,
        )
    if not plan.strip():
        raise InvalidInput(
            _("Hãy ghi kế hoạch đánh giá trực tiếp (thành phần, nội dung, lịch làm việc)."),
            plan="",
        )
    lifecycle.move(
        EVALUATION,
        evaluation,
        "plan-visit",
        actor=actor,
        library_code=evaluation.library.code,
        method=Evaluation.Method.ON_SITE,
        notice_on=notice,
        visit_on=visit_on,
        visit_plan=plan.strip(),
    )
    return evaluation


def record_visit(
    actor: Actor, evaluation: Evaluation, analysed_on: date | None = None
) -> Evaluation:
    """The visit took place and its findings were analysed: the draft is due 2 working days
    after."""
    check(actor, Action.OVERSEE)
    analysed = _today(analysed_on)
    lifecycle.move(
        EVALUATION,
        evaluation,
        "visit",
        actor=actor,
        library_code=evaluation.library.code,
        analysed_on=analysed,
        draft_due_on=add_working_days(analysed, DRAFT_WORKING_DAYS),
    )
    return evaluation


def send_draft(
    actor: Actor,
    evaluation: Evaluation,
    result: str,
    *,
    method: str = "",
    scores: dict[str, tuple[str, str]] | None = None,
    on: date | None = None,
) -> Evaluation:
    """The Department's draft result; by report or online when no visit was made."""
    check(actor, Action.OVERSEE)
    lifecycle.check(EVALUATION, evaluation, "draft")
    if evaluation.state == Evaluation.State.SUBMITTED:
        if method not in (Evaluation.Method.REPORT, Evaluation.Method.ONLINE):
            raise InvalidInput(
                _(
                    "Chưa đánh giá trực tiếp: hãy chọn hình thức đánh giá qua báo cáo (report) "
                    "hoặc trực tuyến (online)."
                ),
                method=method,
            )
    else:
        method = Evaluation.Method.ON_SITE
    if not result.strip():
        raise InvalidInput(_("Hãy ghi dự thảo kết quả đánh giá."), result="")
    drafted = _today(on)
    with transaction.atomic():
        if scores:
            _save_scores(actor, evaluation, scores, "department")
        lifecycle.move(
            EVALUATION,
            evaluation,
            "draft",
            actor=actor,
            library_code=evaluation.library.code,
            method=method,
            draft_on=drafted,
            draft_result=result.strip(),
            answer_due_on=add_working_days(drafted, ANSWER_WORKING_DAYS),
        )
    return evaluation


def answer(actor: Actor, evaluation: Evaluation, text: str, on: date | None = None) -> Evaluation:
    check(actor, Action.ANSWER_EVALUATION, evaluation.library)
    if not text.strip():
        raise InvalidInput(_("Hãy ghi ý kiến phản hồi của thư viện."), answer="")
    answered = _today(on)
    lifecycle.move(
        EVALUATION,
        evaluation,
        "answer",
        actor=actor,
        library_code=evaluation.library.code,
        answered_on=answered,
        answer=text.strip(),
        final_due_on=add_working_days(answered, FINAL_WORKING_DAYS),
    )
    return evaluation


def finalise(
    actor: Actor, evaluation: Evaluation, result: str, grade: str = "", on: date | None = None
) -> Evaluation:
    check(actor, Action.OVERSEE)
    lifecycle.check(EVALUATION, evaluation, "finalise")
    today = _today(on)
    changes: dict[str, Any] = {}
    if evaluation.state == Evaluation.State.DRAFT_RESULT:
        due = evaluation.answer_due_on
        if due is not None and today <= due:
            raise Conflict(
                _(
                    "Thư viện {code} còn hạn phản hồi dự thảo đến hết ngày {due}; chờ phản hồi "
                    "hoặc ban hành kết quả từ ngày làm việc sau đó."
                ).format(code=evaluation.library.code, due=due.strftime("%d/%m/%Y")),
                library=evaluation.library.code,
            )
        if due is not None:
            changes["final_due_on"] = add_working_days(due, FINAL_WORKING_DAYS)
    if not result.strip():
        raise InvalidInput(_("Hãy ghi kết quả đánh giá chính thức."), result="")
    lifecycle.move(
        EVALUATION,
        evaluation,
        "finalise",
        actor=actor,
        library_code=evaluation.library.code,
        final_on=today,
        final_result=result.strip(),
        grade=grade.strip(),
        **changes,
    )
    return evaluation


@dataclass(frozen=True)
class Deadline:
    what: str
    due: date | None
    done: date | None

    @property
    def late(self) -> bool:
        if self.due is None:
            return False
        return (self.done or timezone.localdate()) > self.due


def deadlines(evaluation: Evaluation) -> list[Deadline]:
    """Each step's due date and when it was done, for the page and Mẫu 02."""
    rows = [
        Deadline(_("Gửi báo cáo tự đánh giá"), evaluation.self_due_on, evaluation.self_submitted_on)
    ]
    if evaluation.method == Evaluation.Method.ON_SITE:
        rows.append(
            Deadline(_("Gửi dự thảo kết quả"), evaluation.draft_due_on, evaluation.draft_on)
        )
    if evaluation.answer_due_on:
        rows.append(
            Deadline(_("Thư viện phản hồi"), evaluation.answer_due_on, evaluation.answered_on)
        )
    if evaluation.final_due_on:
        rows.append(
            Deadline(_("Ban hành kết quả chính thức"), evaluation.final_due_on, evaluation.final_on)
        )
    return rows
