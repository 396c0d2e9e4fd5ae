"""Shared helpers of the catalogue commands (Django skips modules starting with '_')."""

from __future__ import annotations

from django.core.management.base import CommandError

from thuvien.network.models import Library


def library_or_error(code: str) -> Library:
    try:
        return Library.objects.get(code=code)
    except Library.DoesNotExist:
        raise CommandError(
            f"Không có thư viện mã {code}. / No library has code {code}; "
            "see `thuvien library list`, or add it with `thuvien library add`."
        ) from None
