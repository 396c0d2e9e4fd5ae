"""Vietnamese first: the portal speaks Vietnamese until the reader asks for English.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a reader in Cà Mau
whose phone is set to English would land on an English portal. Here only the reader's own
choice (the language cookie that ``/i18n/setlang/`` sets) changes the language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

View = Callable[..., HttpResponseBase]


def chosen_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


def vietnamese_first(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return view(request, *args, **kwargs)

    return wrapper
