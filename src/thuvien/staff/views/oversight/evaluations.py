"""Evaluations: the list, one evaluation with the step it is at, Mẫu 01 and Mẫu 02."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.errors import NotPermitted, ThuvienError
from thuvien.lifecycle.services import history
from thuvien.network.permissions import Action, can, profile_of, require
from thuvien.oversight import evaluations as service
from thuvien.oversight.models import Evaluation
from thuvien.staff.toolkit import in_scope, paginate, show_error, staff_page
from thuvien.staff.views.oversight.forms import (
    DraftForm,
    FinalForm,
    OpenEvaluationForm,
    TextForm,
    VisitForm,
)


def visible(request: HttpRequest, library_id: int) -> bool:
    """The Department sees every library's; a library's staff see their own library's."""
    profile = profile_of(request.user)
    return can(request.user, Action.OVERSEE) or (
        profile is not None and profile.library_id == library_id
    )


def _evaluation(request: HttpRequest, pk: int) -> Evaluation:
    """The evaluation, if the user may see it: the Department all, a library its own."""
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("library", "criteria_set"), pk=pk
    )
    if not visible(request, evaluation.library_id):
        raise NotPermitted(
            _("Đợt đánh giá này thuộc thư viện {code}; tài khoản {user} không xem được.").format(
                code=evaluation.library.code, user=request.user.get_username()
            )
        )
    return evaluation


@staff_page
@require_http_methods(["GET", "POST"])
def evaluation_list(request: HttpRequest) -> HttpResponse:
    oversee = can(request.user, Action.OVERSEE)
    form = OpenEvaluationForm(request.POST or None) if oversee else None
    if request.method == "POST":
        require(request.user, Action.OVERSEE)
        assert form is not None  # noqa: S101 - made above for the Department
        if form.is_valid():
            try:
                evaluation = service.open_evaluation(
                    request.user, form.cleaned_data["library"], form.cleaned_data["year"]
                )
            except ThuvienError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("Đã mở đợt đánh giá."))
                return redirect("staff:oversight:evaluation", pk=evaluation.pk)
    rows = in_scope(request, Evaluation.objects.select_related("library"))
    return render(
        request,
        "staff/oversight/evaluation_list.html",
        {"page": paginate(request, rows), "form": form},
    )


def _scores_form(evaluation: Evaluation, data: Any = None) -> forms.Form:
    form = forms.Form(data)
    for score in evaluation.scores.select_related("criterion"):
        code = score.criterion.code
        form.fields[f"v-{code}"] = forms.CharField(
            label=f"{code} {score.criterion.name}", required=False, initial=score.self_value
        )
        form.fields[f"n-{code}"] = forms.CharField(
            label=_("Ghi chú"), required=False, initial=score.self_note
        )
    form.fields["summary"] = forms.CharField(
        label=_("Tóm tắt tự đánh giá"),
        required=False,
        initial=evaluation.self_summary,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    return form


@staff_page
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    state = Evaluation.State
    library_side = can(request.user, Action.ANSWER_EVALUATION, evaluation.library)
    oversee = can(request.user, Action.OVERSEE)
    return render(
        request,
        "staff/oversight/evaluation.html",
        {
            "evaluation": evaluation,
            "scores": evaluation.scores.select_related("criterion"),
            "deadlines": service.deadlines(evaluation),
            "history": history(evaluation),
            "scores_form": _scores_form(evaluation)
            if library_side and evaluation.state == state.SELF_EVALUATING
            else None,
            "visit_form": VisitForm() if oversee and evaluation.state == state.SUBMITTED else None,
            "draft_form": DraftForm()
            if oversee and evaluation.state in (state.SUBMITTED, state.VISITED)
            else None,
            "visited_form": oversee and evaluation.state == state.VISIT_PLANNED,
            "answer_form": TextForm()
            if library_side and evaluation.state == state.DRAFT_RESULT
            else None,
            "final_form": FinalForm()
            if oversee and evaluation.state in (state.DRAFT_RESULT, state.ANSWERED)
            else None,
        },
    )


def _self_scores(request: HttpRequest, evaluation: Evaluation, submit: bool) -> forms.Form:
    form = _scores_form(evaluation, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        codes = [k[2:] for k in d if k.startswith("v-")]
        scores = {c: (d[f"v-{c}"], d[f"n-{c}"]) for c in codes}
        service.save_self_scores(request.user, evaluation, scores, d["summary"])
        if submit:
            service.submit_self(request.user, evaluation)
    return form


def _plan_visit(request: HttpRequest, evaluation: Evaluation) -> forms.Form:
    form = VisitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        service.plan_visit(request.user, evaluation, d["visit_on"], d["plan"])
    return form


def _visit(request: HttpRequest, evaluation: Evaluation) -> None:
    service.record_visit(request.user, evaluation)


def _draft(request: HttpRequest, evaluation: Evaluation) -> forms.Form:
    form = DraftForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        service.send_draft(request.user, evaluation, d["result"], method=d["method"])
    return form


def _answer(request: HttpRequest, evaluation: Evaluation) -> forms.Form:
    form = TextForm(request.POST)
    if form.is_valid():
        service.answer(request.user, evaluation, form.cleaned_data["text"])
    return form


def _finalise(request: HttpRequest, evaluation: Evaluation) -> forms.Form:
    form = FinalForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        service.finalise(request.user, evaluation, d["result"], d["grade"])
    return form


STEPS: dict[str, Callable[[HttpRequest, Evaluation], forms.Form | None]] = {
    "scores": lambda request, evaluation: _self_scores(request, evaluation, submit=False),
    "submit": lambda request, evaluation: _self_scores(request, evaluation, submit=True),
    "plan-visit": _plan_visit,
    "visit": _visit,
    "draft": _draft,
    "answer": _answer,
    "finalise": _finalise,
}


@staff_page
@require_POST
def evaluation_move(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the cycle, from the form the page showed for it."""
    evaluation = _evaluation(request, pk)
    if step not in STEPS:
        raise Http404(step)
    try:
        form = STEPS[step](request, evaluation)
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        if form is not None and not form.is_valid():
            messages.error(request, _("Hãy điền đủ các ô bắt buộc rồi gửi lại."))
        else:
            messages.success(request, _("Đã ghi."))
    return redirect("staff:oversight:evaluation", pk=evaluation.pk)


@staff_page
def evaluation_form(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    """Mẫu 01 (self-evaluation report) or Mẫu 02 (result): printable HTML, or a PDF with
    ``?pdf=1`` where WeasyPrint is installed (the HTML prints the same from a browser)."""
    evaluation = _evaluation(request, pk)
    template = "staff/oversight/mau01.html" if form == "01" else "staff/oversight/mau02.html"
    context = {
        "evaluation": evaluation,
        "scores": evaluation.scores.select_related("criterion"),
        "deadlines": service.deadlines(evaluation),
    }
    if request.GET.get("pdf"):
        pdf = _pdf(request, render_to_string(template, context, request=request))
        if pdf is not None:
            name = f"mau-{form}-{evaluation.library.code}-{evaluation.year}.pdf"
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        messages.warning(request, _("Máy chủ chưa cài WeasyPrint: hãy in trang này ra PDF."))
    return render(request, template, context)


def _pdf(request: HttpRequest, html: str) -> bytes | None:
    try:  # optional: the HTML form works without it
        weasyprint = importlib.import_module("weasyprint")
    except ImportError:
        return None
    base = request.build_absolute_uri("/")
    document: bytes = weasyprint.HTML(string=html, base_url=base).write_pdf()
    return document
