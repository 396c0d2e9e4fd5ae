"""Inspections: planned visits, findings, the actions required and their follow-up."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.errors import NotPermitted, ThuvienError
from thuvien.lifecycle.services import history
from thuvien.network.permissions import Action, can, require
from thuvien.oversight import inspections as service
from thuvien.oversight.models import Inspection, RequiredAction
from thuvien.staff.toolkit import in_scope, paginate, show_error, staff_page
from thuvien.staff.views.oversight.evaluations import visible
from thuvien.staff.views.oversight.forms import (
    FindingsForm,
    InspectionForm,
    RequiredActionForm,
    TextForm,
)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    inspection = get_object_or_404(Inspection.objects.select_related("library"), pk=pk)
    if not visible(request, inspection.library_id):
        raise NotPermitted(
            _("Đợt kiểm tra này thuộc thư viện {code}; tài khoản {user} không xem được.").format(
                code=inspection.library.code, user=request.user.get_username()
            )
        )
    return inspection


@staff_page
@require_http_methods(["GET", "POST"])
def inspection_list(request: HttpRequest) -> HttpResponse:
    oversee = can(request.user, Action.OVERSEE)
    form = InspectionForm(request.POST or None) if oversee else None
    if request.method == "POST":
        require(request.user, Action.OVERSEE)
        assert form is not None  # noqa: S101 - made above for the Department
        if form.is_valid():
            d = form.cleaned_data
            try:
                inspection = service.plan(
                    request.user, d["library"], d["planned_on"], d["subject"], d["inspectors"]
                )
            except ThuvienError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("Đã lên kế hoạch kiểm tra."))
                return redirect("staff:oversight:inspection", pk=inspection.pk)
    rows = in_scope(request, Inspection.objects.select_related("library"))
    overdue = in_scope(request, service.overdue(), "inspection__library")
    return render(
        request,
        "staff/oversight/inspection_list.html",
        {"page": paginate(request, rows), "form": form, "overdue": overdue},
    )


@staff_page
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    oversee = can(request.user, Action.OVERSEE)
    done = inspection.state == Inspection.State.DONE
    return render(
        request,
        "staff/oversight/inspection.html",
        {
            "inspection": inspection,
            "actions": inspection.actions.all(),
            "history": history(inspection),
            "today": timezone.localdate(),
            "oversee": oversee,
            "answers": can(request.user, Action.ANSWER_EVALUATION, inspection.library),
            "findings_form": FindingsForm(initial={"visited_on": timezone.localdate()})
            if oversee and inspection.state == Inspection.State.PLANNED
            else None,
            "action_form": RequiredActionForm() if oversee and done else None,
            "report_form": TextForm(),
        },
    )


@staff_page
@require_POST
def inspection_move(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    form: forms.Form | None = None
    try:
        if step == "record":
            form = FindingsForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                service.record_findings(request.user, inspection, d["findings"], d["visited_on"])
        elif step == "require":
            form = RequiredActionForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                service.require_action(request.user, inspection, d["description"], d["due_on"])
        elif step == "cancel":
            service.cancel(request.user, inspection)
        elif step == "close":
            service.close(request.user, inspection)
        if form is not None and not form.is_valid():
            messages.error(request, _("Hãy điền đủ các ô bắt buộc rồi gửi lại."))
        else:
            messages.success(request, _("Đã ghi."))
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:oversight:inspection", pk=inspection.pk)


@staff_page
@require_POST
def action_move(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    action = get_object_or_404(RequiredAction.objects.select_related("inspection__library"), pk=pk)
    _inspection(request, action.inspection_id)
    try:
        if step == "report":
            form = TextForm(request.POST)
            note = form.cleaned_data["text"] if form.is_valid() else ""
            service.report_done(request.user, action, note)
        else:
            service.verify(request.user, action, accepted=step == "verify")
        messages.success(request, _("Đã ghi."))
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:oversight:inspection", pk=action.inspection_id)
