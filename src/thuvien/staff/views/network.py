"""The network registry: libraries, their history and their staff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thuvien.catalogue.models import Item, Record
from thuvien.errors import ThuvienError
from thuvien.network import services
from thuvien.network.models import NETWORK_WIDE_ROLES, Library, LibraryType, Role
from thuvien.network.permissions import Action, can, require
from thuvien.network.validation import REGISTRY_FIELDS
from thuvien.staff.forms import EventForm, LibraryForm, StaffForm
from thuvien.staff.toolkit import paginate, query_without_page, show_error, staff_page


@staff_page
def library_list(request: HttpRequest) -> HttpResponse:
    library_type = request.GET.get("type", "")
    status = request.GET.get("status", "")
    try:
        libraries = services.list_libraries(library_type=library_type, status=status)
    except ThuvienError as exc:
        messages.error(request, exc.message)
        libraries = services.list_libraries()
    return render(
        request,
        "staff/network/library_list.html",
        {
            "page": paginate(request, libraries),
            "types": LibraryType.choices,
            "statuses": Library.Status.choices,
            "type": library_type,
            "status": status,
            "query": query_without_page(request),
        },
    )


@staff_page
def library_detail(request: HttpRequest, code: str) -> HttpResponse:
    library = services.library_by_code(code)
    return render(
        request,
        "staff/network/library_detail.html",
        {
            "library": library,
            "branches": library.branches.order_by("code"),
            "events": services.history(library),
            "staff": services.list_staff(library),
            "record_count": Record.objects.filter(library=library).count(),
            "item_count": Item.objects.filter(library=library).count(),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def library_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.REGISTER_LIBRARY)
    form = LibraryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            library = services.register_library(request.user, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã đăng ký {library}.").format(library=library))
            return redirect("staff:network:library", code=library.code)
    return render(request, "staff/network/library_form.html", {"form": form, "library": None})


@staff_page
@require_http_methods(["GET", "POST"])
def library_edit(request: HttpRequest, code: str) -> HttpResponse:
    library = services.library_by_code(code)
    require(request.user, Action.EDIT_LIBRARY, library)
    form = (
        LibraryForm(request.POST) if request.method == "POST" else LibraryForm.for_library(library)
    )
    # The code identifies the library for good; registry facts are the network admin's.
    del form.fields["code"], form.fields["founded_on"]
    if not can(request.user, Action.REGISTER_LIBRARY):
        for name in sorted(REGISTRY_FIELDS):
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        changes: dict[str, Any] = {
            name: value
            for name, value in form.cleaned_data.items()
            if getattr(library, name) != value
        }
        try:
            services.update_library(request.user, library, **changes)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã lưu {library}.").format(library=library.code))
            return redirect("staff:network:library", code=library.code)
    return render(request, "staff/network/library_form.html", {"form": form, "library": library})


@staff_page
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, code: str) -> HttpResponse:
    library = services.library_by_code(code)
    require(request.user, Action.EDIT_LIBRARY, library)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_event(
                request.user,
                library,
                data["kind"],
                data["date"],
                note=data["note"],
                related=data["related"],
                previous_name=data["previous_name"],
            )
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Đã ghi sự kiện."))
            return redirect("staff:network:library", code=library.code)
    return render(request, "staff/network/event_form.html", {"form": form, "library": library})


@staff_page
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest, code: str) -> HttpResponse:
    library = services.library_by_code(code)
    require(request.user, Action.MANAGE_STAFF, library)
    form = StaffForm(request.POST or None)
    # Accounts made from a library's page work in that library; network-wide accounts are
    # made by the network admin from the command line.
    form.fields["role"].choices = [  # type: ignore[attr-defined]
        (value, label) for value, label in Role.choices if value not in NETWORK_WIDE_ROLES
    ]
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_staff(request.user, library=library, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, _("Đã tạo tài khoản {username}.").format(username=user.username)
            )
            return redirect("staff:network:library", code=library.code)
    return render(request, "staff/network/staff_form.html", {"form": form, "library": library})


@staff_page
@require_http_methods(["GET", "POST"])
def library_facilities(request: HttpRequest, code: str) -> HttpResponse:
    """Premises, equipment, online services and figures the reports and KPIs need."""
    from thuvien.network import facilities
    from thuvien.staff.views.oversight.forms import FacilitiesForm

    library = services.library_by_code(code)
    require(request.user, Action.EDIT_LIBRARY, library)
    current = facilities.facilities_of(library)
    initial = {name: getattr(current, name) for name in FacilitiesForm.base_fields}
    form = FacilitiesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facilities.update_facilities(request.user, library, **form.cleaned_data)
        except ThuvienError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, _("Đã lưu cơ sở vật chất của {library}.").format(library=code)
            )
            return redirect("staff:network:library", code=library.code)
    return render(request, "staff/network/facilities_form.html", {"form": form, "library": library})
