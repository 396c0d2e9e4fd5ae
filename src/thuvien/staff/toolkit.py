"""What every staff page shares, whatever its domain: access, the libraries a user acts for,
the library picker, errors on forms, paging.

Each page is a plain function wrapped by :func:`staff_page`: it asks for a login, refuses
accounts without a staff role with a clear 403 page, and turns a refusal raised by a
service (:class:`NotPermitted`) into the same page, never a traceback. Pages of every domain
(catalogue, network, circulation, digital, interop) live in :mod:`thuvien.staff.views` and
use this module; the domains themselves never import the staff site.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple, cast

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from thuvien.errors import NotFound, NotPermitted, ThuvienError
from thuvien.http import vietnamese_first
from thuvien.network.models import NETWORK_WIDE_ROLES, Library, Role, StaffProfile
from thuvien.network.permissions import Action, can, libraries_for, profile_of, require
from thuvien.network.services import library_by_code

PER_PAGE = 50
View = Callable[..., HttpResponseBase]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "staff/forbidden.html", {"message": message}, status=403)


def staff_page(view: View) -> View:
    """A staff page: signed in, with a staff role, in the language the person chose (the staff
    templates are Vietnamese; labels follow the same choice, never the browser's)."""

    @wraps(view)
    @vietnamese_first
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        profile = profile_of(request.user)
        if profile is None or not can(request.user, Action.VIEW_STAFF_PAGES, profile.library):
            return forbidden(
                request,
                _(
                    "Tài khoản {user} chưa được gán vai trò cán bộ thư viện; hãy "
                    "nhờ quản trị thư viện gán vai trò."
                ).format(user=request.user.get_username()),
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


# The libraries a user acts for.


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


# The library picker.


class LibraryChoice(NamedTuple):
    libraries: list[Library]  # those the user may act for, for the form's chooser
    default: Library  # the one chosen first: their own library, else the first


def _no_library() -> NotFound:
    return NotFound(_("Chưa có thư viện nào; thêm bằng `thuvien library add`."))


def library_choice(request: HttpRequest, action: Action) -> LibraryChoice:
    """The opening of every page that acts for a library picked in a form: the libraries the
    user may take ``action`` for, and the one picked first. A user who may act for none
    gets the 403 page saying which action they lack."""
    libraries = libraries_for(request.user, action)
    if not libraries:
        require(request.user, action, profile(request).library)
        raise _no_library()  # allowed everywhere, but the network has no library yet
    return LibraryChoice(libraries, own_library(request) or libraries[0])


def library_asked(request: HttpRequest, action: Action) -> Library:
    """The library a page works for, named by ``library=`` in the form or the address (a
    desk serves one library at a time), else the user's own, else the network's first;
    the user must be allowed ``action`` there."""
    code = request.POST.get("library") or request.GET.get("library")
    library = library_by_code(code) if code else own_library(request)
    if library is None:
        library = Library.objects.order_by("code").first()
    if library is None:
        raise _no_library()
    require(request.user, action, library)
    return library


# Paging.


def paginate(request: HttpRequest, queryset: QuerySet[Any] | list[Any]) -> Page[Any]:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, for the paging links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class LibraryForm(forms.Form):
    """A form whose first choice is one of the libraries this member of staff may act for
    (``library_choice``); ``form.libraries[pk]`` gives the chosen one back."""

    library = forms.TypedChoiceField(label="Thư viện", coerce=int)

    def __init__(self, *args: Any, libraries: list[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.libraries = {lib.pk: lib for lib in libraries}
        chooser = cast("forms.TypedChoiceField", self.fields["library"])
        chooser.choices = [(lib.pk, f"{lib.code} {lib.name_vi}") for lib in libraries]
