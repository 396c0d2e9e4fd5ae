"""Page-numbered lists: ``page`` (from 1) and ``per_page`` (1–100), ``total``, and links.

Links are path-absolute references (``/api/v1/records?page=3``): they stay right behind any
proxy or host name, which absolute URLs built from the request would not.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from thuvien.api.errors import InvalidParameters

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100

M = TypeVar("M", bound=Model)


class PageOutOfRange(InvalidParameters):
    code = "api.page_out_of_range"
    status = 404


def page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


def links(request: HttpRequest, page: int, per_page: int, total: int) -> dict[str, Any]:
    return {
        "self": request.get_full_path(),
        "next": page_url(request, page + 1) if page * per_page < total else None,
        "prev": page_url(request, page - 1) if page > 1 else None,
    }


def last_page(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def check_page(page: int, per_page: int, total: int) -> None:
    """Past the last page is a 404 problem that names the last page (page 1 of an empty
    list is an empty page, not an error)."""
    last = last_page(total, per_page)
    if page > last:
        raise PageOutOfRange(
            _(
                "Không có trang {page}: trang cuối là {last} ({total} kết "
                "quả, {per_page} mỗi trang). Hãy dùng page từ 1 đến {last}."
            ).format(page=page, last=last, total=total, per_page=per_page),
            errors=[
                {
                    "in": "query",
                    "name": "page",
                    "message": _("Trang cuối là {last}.").format(last=last),
                }
            ],
        )


def paginate(
    request: HttpRequest, queryset: QuerySet[M], page: int, per_page: int
) -> tuple[list[M], dict[str, Any]]:
    """The rows of one page and the envelope fields (total, page, per_page, links)."""
    total = queryset.count()
    check_page(page, per_page, total)
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page])
    return rows, {
        "total": total,
        "page": page,
        "per_page": per_page,
        "links": links(request, page, per_page, total),
    }
