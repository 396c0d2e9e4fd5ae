"""Staff pages: what every page shares (access, errors, paging) and the home page.

Each page is a plain function wrapped by :func:`staff_page`: it asks for a login, refuses
accounts without a staff role with a clear 403 page, and turns a refusal raised by a
service (:class:`NotPermitted`) into the same page, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from thuvien.catalogue.models import ImportBatch, Item, Record
from thuvien.errors import NotFound, NotPermitted, ThuvienError
from thuvien.network.models import NETWORK_WIDE_ROLES, Library, Role, StaffProfile
from thuvien.network.permissions import Action, can, profile_of

PER_PAGE = 50
View = Callable[..., HttpResponseBase]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "staff/forbidden.html", {"message": message}, status=403)


def staff_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        profile = profile_of(request.user)
        if profile is None or not can(request.user, Action.VIEW_STAFF_PAGES, profile.library):
            return forbidden(
                request,
                f"Tài khoản {request.user.get_username()} chưa được gán vai trò cán bộ thư viện; "
                "hãy nhờ quản trị thư viện gán vai trò. / This account has no staff role: ask "
                "your library's administrator to give it one.",
            )
        try:
            return view(request, *args, **kwargs)
        except NotPermitted as exc:
            return forbidden(request, exc.message)
        except NotFound as exc:
            raise Http404(exc.message) from None

    return wrapper


def show_error(form: forms.Form, exc: ThuvienError) -> None:
    """A service's refusal on the form: next to the field it names, else at the top."""
    field = next((name for name in exc.ids if name in form.fields), None)
    form.add_error(field, exc.message)


def profile(request: HttpRequest) -> StaffProfile:
    """The staff profile of a request that went through :func:`staff_page`."""
    found = profile_of(request.user)
    assert found is not None  # noqa: S101 - staff_page let the request in
    return found


def network_wide(request: HttpRequest) -> bool:
    return Role(profile(request).role) in NETWORK_WIDE_ROLES


def own_library(request: HttpRequest) -> Library | None:
    """The library the user's pages default to (None: the whole network)."""
    return None if network_wide(request) else profile(request).library


def in_scope(
    request: HttpRequest, queryset: QuerySet[Any], field: str = "library"
) -> QuerySet[Any]:
    """Rows of the user's library only, or all rows for network-wide roles."""
    if network_wide(request):
        return queryset
    return queryset.filter(**{field: profile(request).library_id})


def paginate(request: HttpRequest, queryset: QuerySet[Any] | list[Any]) -> Page[Any]:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the paging links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@staff_page
def home(request: HttpRequest) -> HttpResponse:
    library = own_library(request)
    records = Record.objects.all()
    items = Item.objects.all()
    if library is not None:
        records, items = records.filter(library=library), items.filter(library=library)
    imports = in_scope(request, ImportBatch.objects.select_related("library", "created_by"))
    return render(
        request,
        "staff/home.html",
        {
            "library": library,
            "record_count": records.count(),
            "item_count": items.count(),
            "review_count": records.exclude(needs_review="").count(),
            "imports": imports[:5],
            "can_import": can(request.user, Action.IMPORT_RECORDS, library),
        },
    )
