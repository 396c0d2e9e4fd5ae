"""Start-up check: a missing search index is reported with the command that builds it."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register


@register()
def search_index_built(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from thuvien.search.backends import get_backend

    backend = get_backend()
    if backend.outdated():
        return [
            Warning(
                "Chỉ mục tìm kiếm được tạo bởi phiên bản cũ: tìm kiếm sẽ báo lỗi. / The search "
                "index was built by an older version: searches will fail.",
                hint="Chạy / run `thuvien reindex`.",
                id="search.W002",
            )
        ]
    if backend.exists():
        return []
    return [
        Warning(
            "Chưa có chỉ mục tìm kiếm: trang tìm kiếm và API tìm kiếm sẽ báo lỗi. / The search "
            "index has not been built: search pages and the search API will fail.",
            hint="Chạy / run `thuvien reindex` (rồi / then `thuvien search apply --loop`).",
            id="search.W001",
        )
    ]
