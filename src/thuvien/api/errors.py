"""The API's own errors, and the one response shape every error under /api/ takes.

Every failure, whether a domain error (:class:`thuvien.errors.ThuvienError`), a parameter that
does not validate, an unknown route, a wrong method, a rate limit or a bug, is answered with an
RFC 9457 problem document (``application/problem+json``) built from
:meth:`ThuvienError.as_problem`: ``type``, ``title`` (the stable code), ``status``, ``detail``
(Vietnamese, then English), ``instance`` (the path asked for) and, for bad parameters,
``errors``: one entry per parameter with where it was (``in``), its ``name`` and a ``message``.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from thuvien.errors import NotFound, ThuvienError

PROBLEM_JSON = "application/problem+json"


class InvalidParameters(ThuvienError):
    """One or more query or path parameters are wrong; ``errors`` says which and why."""

    code = "api.invalid_parameters"
    status = 400

    def __init__(self, message: str, errors: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.errors = errors


class UnknownRoute(NotFound):
    code = "api.unknown_route"


class MethodNotAllowed(ThuvienError):
    code = "api.method_not_allowed"
    status = 405


class RateLimited(ThuvienError):
    code = "api.rate_limited"
    status = 429


class ServerError(ThuvienError):
    code = "api.server_error"
    status = 500


def problem_response(
    request: HttpRequest, error: ThuvienError, headers: dict[str, str] | None = None
) -> HttpResponse:
    problem: dict[str, Any] = error.as_problem()
    problem["instance"] = request.path
    errors = getattr(error, "errors", None)
    if errors is not None:
        problem["errors"] = errors
    response = HttpResponse(
        json.dumps(problem, ensure_ascii=False),
        status=error.status,
        content_type=PROBLEM_JSON,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unknown_parameters(
    request: HttpRequest, accepted: tuple[str, ...], where: str = "query"
) -> InvalidParameters | None:
    """The error for query parameters this operation does not take, or None.

    Unknown parameters are refused rather than ignored: a misspelt facet (``materal_type``)
    would otherwise silently return unfiltered results that look right.
    """
    unknown = sorted(set(request.GET) - set(accepted))
    if not unknown:
        return None
    names = ", ".join(unknown)
    allowed = ", ".join(accepted)
    return InvalidParameters(
        _("Tham số không được hỗ trợ: {names}. Các tham số dùng được: {allowed}.").format(
            names=names, allowed=allowed
        ),
        errors=[
            {
                "in": where,
                "name": name,
                "message": _("Không có tham số {name}; dùng một trong: {allowed}.").format(
                    name=name, allowed=allowed
                ),
            }
            for name in unknown
        ],
    )
