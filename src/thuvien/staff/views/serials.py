"""Staff pages of periodicals (ấn phẩm định kỳ): subscriptions, check-in, claims, binding."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from thuvien.catalogue.models import Record
from thuvien.errors import InvalidInput, ThuvienError
from thuvien.network.permissions import Action, require
from thuvien.serials import services
from thuvien.serials.models import Subscription
from thuvien.staff.toolkit import (
    LibraryForm,
    in_scope,
    library_choice,
    own_library,
    paginate,
    show_error,
    staff_page,
)


class SubscribeForm(LibraryForm):
    record = forms.IntegerField(label="Số biểu ghi của nhan đề (xem trang Biên mục)", min_value=1)
    frequency = forms.ChoiceField(label="Định kỳ", choices=Subscription.Frequency.choices)
    starts_on = forms.DateField(
        label="Số đầu tiên ra ngày", widget=forms.DateInput(attrs={"type": "date"})
    )
    first_number = forms.IntegerField(label="Số thứ tự của số đầu tiên", min_value=1, initial=1)
    supplier = forms.CharField(label="Nơi cung cấp", required=False, max_length=255)


@staff_page
@require_http_methods(["GET", "POST"])
def subscription_list(request: HttpRequest) -> HttpResponse:
    libraries, default = library_choice(request, Action.EDIT_ITEMS)
    form = SubscribeForm(request.POST or None, libraries=libraries, initial={"library": default.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            library = form.libraries[data["library"]]
            record = Record.objects.filter(pk=data["record"]).first()
            if record is None:
                raise InvalidInput(
                    f"Không có biểu ghi số {data['record']}.", record=str(data["record"])
                )
            sub = services.subscribe(
                request.user,
                record,
                library,
                frequency=data["frequency"],
                starts_on=data["starts_on"],
                first_number=data["first_number"],
                supplier=data["supplier"],
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Đã đăng ký, chờ nhận {sub.issues.count()} số.")
            return redirect("staff:serials:subscription", pk=sub.pk)
    subs = in_scope(request, Subscription.objects.select_related("library", "record"))
    return render(
        request, "staff/serials/list.html", {"form": form, "page": paginate(request, subs)}
    )


def _sub(request: HttpRequest, pk: int) -> Subscription:
    sub = services.get(pk)
    require(request.user, Action.EDIT_ITEMS, sub.library)
    return sub


@staff_page
def subscription_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _sub(request, pk)
    issues = sub.issues.select_related("bound_in")
    today = timezone.localdate()
    return render(
        request, "staff/serials/detail.html", {"sub": sub, "issues": issues, "today": today}
    )


@staff_page
def missing_list(request: HttpRequest) -> HttpResponse:
    library = own_library(request)
    require(request.user, Action.EDIT_ITEMS, library)
    return render(request, "staff/serials/missing.html", {"issues": services.missing(library)})


@staff_page
@require_POST
def issue_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    issue = services.get_issue(pk)
    require(request.user, Action.EDIT_ITEMS, issue.subscription.library)
    try:
        if move == "receive":
            services.check_in(request.user, issue)
            messages.success(request, f"Đã nhận số {issue.number}.")
        elif move == "claim":
            services.claim(request.user, issue)
            messages.success(request, f"Đã ghi khiếu nại số {issue.number} (lần {issue.claims}).")
    except ThuvienError as exc:
        messages.error(request, exc.message)
    if request.POST.get("back") == "missing":
        return redirect("staff:serials:missing")
    return redirect("staff:serials:subscription", pk=issue.subscription_id)


@staff_page
@require_POST
def bind(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _sub(request, pk)
    chosen = [int(x) for x in request.POST.getlist("issue") if x.isdigit()]
    try:
        volume = services.bind(
            request.user,
            sub,
            list(sub.issues.filter(pk__in=chosen)),
            barcode=request.POST.get("barcode", "").strip(),
            call_number=request.POST.get("call_number", "").strip(),
        )
    except ThuvienError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã đóng tập {volume.barcode}: {volume.note}.")
    return redirect("staff:serials:subscription", pk=sub.pk)
