"""Exception handlers that turn everything an operation can raise into a problem document."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError, Throttled, ValidationError

from thuvien import attempts
from thuvien.api.errors import (
    InvalidParameters,
    RateLimited,
    ServerError,
    problem_response,
)
from thuvien.errors import NotFound, ThuvienError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from ninja import NinjaAPI

logger = logging.getLogger("thuvien.api")

E = TypeVar("E", bound=Exception)


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace("'", "")


# pydantic's error types → explanations; {…} are filled from its ctx.
_MESSAGES: dict[str, StrOrPromise] = {
    "missing": gettext_lazy("thiếu tham số bắt buộc này"),
    "int_parsing": gettext_lazy("phải là một số nguyên"),
    "int_type": gettext_lazy("phải là một số nguyên"),
    "int_from_float": gettext_lazy("phải là một số nguyên"),
    "bool_parsing": gettext_lazy("phải là true hoặc false"),
    "greater_than_equal": gettext_lazy("phải lớn hơn hoặc bằng {ge}"),
    "less_than_equal": gettext_lazy("phải nhỏ hơn hoặc bằng {le}"),
    "greater_than": gettext_lazy("phải lớn hơn {gt}"),
    "less_than": gettext_lazy("phải nhỏ hơn {lt}"),
    "string_too_long": gettext_lazy("dài quá {max_length} ký tự"),
    "string_too_short": gettext_lazy("phải có ít nhất {min_length} ký tự"),
    "literal_error": gettext_lazy("phải là một trong: {expected}"),
    "enum": gettext_lazy("phải là một trong: {expected}"),
}


def _received(request: HttpRequest, where: str, name: str) -> str:
    """The value the client sent, quoted and shortened, for the message (ninja's errors
    leave it out)."""
    if where == "query":
        values = request.GET.getlist(name)
    elif where == "path" and request.resolver_match is not None:
        values = [str(request.resolver_match.kwargs.get(name, ""))]
    else:
        values = []
    if not values:
        return ""
    text = ", ".join(values)
    return f" “{text[:50]}…”" if len(text) > 50 else f" “{text}”"


def _parameter_error(request: HttpRequest, error: dict[str, Any]) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    where = loc[0] if loc else "query"
    # ninja nests the parameters of one kind in a model; the last part is the parameter.
    name = loc[-1] if len(loc) > 1 else where
    ctx = dict(error.get("ctx") or {})
    ctx["expected"] = _expected(ctx)
    explained = _MESSAGES.get(error.get("type", ""))
    try:
        why = str(explained).format(**ctx) if explained else _("không hợp lệ")
    except (KeyError, IndexError):
        why = _("không hợp lệ: {detail}").format(detail=error.get("msg", ""))
    got = _received(request, where, name)
    return {
        "in": where,
        "name": name,
        "message": _("Tham số {name}{received} {why}.").format(name=name, received=got, why=why),
    }


def _on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_parameter_error(request, e) for e in exc.errors]
    names = ", ".join(dict.fromkeys(e["name"] for e in errors))
    return problem_response(
        request,
        InvalidParameters(
            _("Tham số không hợp lệ: {names}; xem errors để biết cách sửa.").format(names=names),
            errors=errors,
        ),
    )


def _retry_after(exc: ThuvienError) -> dict[str, str]:
    """``Retry-After`` for a refusal that says when to try again (a growing delay between
    sign-in tries, or a lock until a moment)."""
    if exc.status != 429:
        return {}
    if "retry_after" in exc.ids:
        return {"Retry-After": str(exc.ids["retry_after"])}
    if "locked_until" in exc.ids:
        until = datetime.fromisoformat(str(exc.ids["locked_until"]))
        return {"Retry-After": str(attempts.seconds_until(until))}
    return {}


def _on_thuvien_error(request: HttpRequest, exc: ThuvienError) -> HttpResponse:
    return problem_response(request, exc, headers=_retry_after(exc))


def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(exc.wait or 1))
    return problem_response(
        request,
        RateLimited(
            _("Quá nhiều yêu cầu từ địa chỉ này; hãy thử lại sau {wait} giây.").format(wait=wait),
            retry_after=wait,
        ),
        headers={"Retry-After": str(wait)},
    )


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja raises these with English text only (none of our operations raise them).
    error = ThuvienError(
        _("Không xử lý được yêu cầu (HTTP {status}): {message}").format(
            status=exc.status_code, message=exc.message
        ),
        status=exc.status_code,
    )
    error.code = "api.http_error"
    error.status = exc.status_code
    return problem_response(request, error)


def _on_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(
        request,
        NotFound(_("Không tìm thấy: {path}.").format(path=request.path)),
    )


def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The traceback goes to the log, never to the client.
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        request,
        ServerError(_("Lỗi máy chủ; lỗi đã được ghi lại. Hãy thử lại sau hoặc báo cho thư viện.")),
    )


def _register(
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # ninja types a handler's argument as "the exception or its class"; it always passes
    # the instance, which is what the handlers here take.
    api.add_exception_handler(exc_class, cast("Any", handler))


def install(api: NinjaAPI) -> None:
    """Register the handlers; the most specific class wins (ninja walks the MRO)."""
    _register(api, ValidationError, _on_validation_error)
    _register(api, ThuvienError, _on_thuvien_error)
    _register(api, Throttled, _on_throttled)
    _register(api, HttpError, _on_http_error)
    _register(api, Http404, _on_http404)
    _register(api, Exception, _on_unexpected)
