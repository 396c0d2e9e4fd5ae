"""What every portal page knows: which reader is signed in (for the header and the record
page's actions) and the branding it wears. Lazy, so a page that never shows them never asks
the database."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from thuvien.network import branding
from thuvien.opac.account import signed_in_reader


def reader(request: HttpRequest) -> dict[str, Any]:
    return {"signed_in_reader": SimpleLazyObject(lambda: signed_in_reader(request))}


def look(request: HttpRequest) -> dict[str, Any]:
    """The branding the page wears: the library's a page is about (a view sets
    ``request.branding_library``), else the province's; defaults where nothing is set."""
    library = getattr(request, "branding_library", None)
    return {"look": SimpleLazyObject(lambda: branding.look(library, _("Tra cứu thư viện")))}
