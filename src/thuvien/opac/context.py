"""What every portal page knows: which reader is signed in (for the header and the record
page's actions). Lazy, so a page that never shows it never asks the database."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from thuvien.opac.account import signed_in_reader


def reader(request: HttpRequest) -> dict[str, Any]:
    return {"signed_in_reader": SimpleLazyObject(lambda: signed_in_reader(request))}
