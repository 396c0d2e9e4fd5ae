"""Training: courses, their participants and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.errors import ThuvienError
from thuvien.network.permissions import Action, require
from thuvien.oversight import training as service
from thuvien.oversight.models import Participant, TrainingCourse
from thuvien.staff.toolkit import paginate, show_error, staff_page
from thuvien.staff.views.oversight.forms import CourseForm, ParticipantForm


@staff_page
@require_http_methods(["GET", "POST"])
def course_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.OVERSEE)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = service.add_course(request.user, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã thêm khoá tập huấn."))
            return redirect("staff:oversight:course", pk=course.pk)
    courses = TrainingCourse.objects.all()
    return render(
        request,
        "staff/oversight/course_list.html",
        {"page": paginate(request, courses), "form": form},
    )


@staff_page
@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.OVERSEE)
    course = get_object_or_404(TrainingCourse, pk=pk)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = None
        if d["username"].strip():
            user = get_user_model().objects.filter(username=d["username"].strip()).first()
            if user is None:
                form.add_error(
                    "username",
                    _("Không có tài khoản {user}.").format(user=d["username"].strip()),
                )
        if form.is_valid():
            try:
                service.add_participant(
                    request.user,
                    course,
                    library=d["library"],
                    user=user,
                    name=d["name"],
                    completed=d["completed"],
                    certificate=d["certificate"],
                )
            except ThuvienError as exc:
                show_error(form, exc)
            else:
                messages.success(request, _("Đã thêm người tham gia."))
                return redirect("staff:oversight:course", pk=course.pk)
    return render(
        request,
        "staff/oversight/course.html",
        {
            "course": course,
            "people": course.people.select_related("library", "user"),
            "form": form,
        },
    )


@staff_page
@require_POST
def participant_complete(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant, pk=pk)
    try:
        service.complete(request.user, participant, request.POST.get("certificate", ""))
        messages.success(request, _("Đã ghi hoàn thành."))
    except ThuvienError as exc:
        messages.error(request, exc.message)
    return redirect("staff:oversight:course", pk=participant.course_id)
