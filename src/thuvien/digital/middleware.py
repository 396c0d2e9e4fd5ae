"""A short way through for anonymous IIIF image requests.

A viewer fetches dozens of tiles a second. A request without a session cookie is anonymous
for certain, so it needs none of the session, authentication, CSRF or message machinery: it
goes straight to the image view (which still decides access: an anonymous reader gets open
material only). Only the language is chosen as LocaleMiddleware would, so that a refusal
reads in the asker's language rather than in whatever the worker's thread served last.
Requests with a session take the ordinary way.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation

PREFIX = "/iiif/3/"


class AnonymousImages:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method == "GET"
            and request.path_info.startswith(PREFIX)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            from thuvien.digital.views import image_service

            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would check
            request.user = AnonymousUser()
            translation.activate(translation.get_language_from_request(request))
            return image_service(request, request.path_info.removeprefix(PREFIX))
        return self.get_response(request)
