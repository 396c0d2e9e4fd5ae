"""The API, version 1: one NinjaAPI, a router per domain, one error shape.

The public routers (search, records, items, libraries) are read-only, anonymous and
rate-limited; the desk's router (circulation) is for signed-in staff (see
:mod:`thuvien.api.circulation`).

Its OpenAPI document is pinned in docs/api/openapi.json (see ``thuvien api schema``).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from thuvien.api import (
    circulation,
    clusters,
    handlers,
    items,
    libraries,
    me,
    oversight,
    records,
    reporting,
    search,
)
from thuvien.api.docs import LocalSwagger
from thuvien.api.errors import PROBLEM_JSON
from thuvien.api.limits import PerAddressLimit

DESCRIPTION = """\
API đọc mục lục của mạng lưới thư viện tỉnh: tìm kiếm, bản ghi, bản sao, thư viện.
Không cần đăng nhập; không có dữ liệu cá nhân. /
Read-only API of the province's library network: search, records, copies, libraries.
No sign-in; no personal data.

- Lists are paged with `page` (from 1) and `per_page` (1–100); responses carry `total` and
  `links` (`next`, `prev`). A page past the end is a 404 problem.
- Every error is an RFC 9457 problem document (`application/problem+json`) with `type`,
  `title` (a stable code), `status`, `detail` (in the language of `Accept-Language`, vi or
  en; Vietnamese by default), `instance`, and
  `errors` (one entry per wrong parameter) when parameters are wrong. Unknown query
  parameters are refused, not ignored.
- Requests are limited per client address and minute; past the limit the answer is 429 with
  `Retry-After` (seconds).
- Labels meant for people (`status_label`, facet labels…) follow `Accept-Language`:
  Vietnamese by default, `en` for English.
- Web apps on any site may call it from the browser (CORS `*`; no cookies, no credentials).

Ngoại lệ: `/circulation/` (mượn, trả, gia hạn tại quầy) chỉ dành cho cán bộ đã đăng nhập
(cookie phiên và mã CSRF như trang nghiệp vụ), không giới hạn tần suất, không mở cho trang
web khác. / Except `/circulation/` (lend, take back, renew at the desk): for signed-in staff
only (the staff pages' session cookie and CSRF token), not rate-limited, not open to other
sites.

`/me/` (tài khoản của bạn đọc cho ứng dụng): `POST /me/token` với số thẻ và mã PIN trả về mã
đăng nhập; gửi nó trong `Authorization: Bearer …` để xem thẻ, sách đang mượn, gia hạn, đặt
trước và yêu cầu; `DELETE /me/token` huỷ mã. Sai PIN quá 5 lần thì thẻ tạm khoá đăng nhập
15 phút. / `/me/` (the reader's own account, for apps): `POST /me/token` with card and PIN
returns a token; send it as `Authorization: Bearer …` to read the card, loans, holds and
requests, renew, place and cancel holds; `DELETE /me/token` revokes it. After 5 wrong PINs the
card cannot sign in for 15 minutes.
"""


class Utf8JSON(JSONRenderer):
    # Vietnamese text as UTF-8, not \\u escapes: a third of the bytes, and readable.
    json_dumps_params = {"ensure_ascii": False}


class ThuvienAPI(NinjaAPI):
    # Building the document takes a few hundred milliseconds and it cannot change while the
    # process runs, so it is built once: /openapi.json and /docs are not rate-limited.
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._documents: dict[tuple[str | None, str], OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """ninja labels every response with the renderer's media type; errors are
        problem documents, so their responses say application/problem+json."""
        key = (path_prefix, repr(sorted((path_params or {}).items())))
        if key in self._documents:
            return self._documents[key]
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_JSON] = content.pop("application/json")
        self._documents[key] = schema
        return schema


api = ThuvienAPI(
    title="thuvien API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[PerAddressLimit()],
    renderer=Utf8JSON(),
    openapi_extra={
        "info": {
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        }
    },
)
handlers.install(api)
api.add_router("", search.router)
api.add_router("", records.router)
api.add_router("", clusters.router)
api.add_router("", items.router)
api.add_router("", libraries.router)
api.add_router(f"/{circulation.PREFIX}", circulation.router)
api.add_router("", oversight.router)
api.add_router("", reporting.router)
api.add_router(f"/{me.PREFIX}", me.router)
api.add_exception_handler(AuthenticationError, circulation.unauthenticated)  # type: ignore[arg-type]
