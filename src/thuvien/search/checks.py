"""Start-up check: a missing search index is reported with the command that builds it."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning, register
from django.utils.translation import gettext as _


@register()
def search_index_built(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from thuvien.search.backends import get_backend

    backend = get_backend()
    if backend.outdated():
        return [
            Warning(
                _("Chỉ mục tìm kiếm được tạo bởi phiên bản cũ: tìm kiếm sẽ báo lỗi."),
                hint=_("Chạy `thuvien reindex`."),
                id="search.W002",
            )
        ]
    if backend.exists():
        return []
    return [
        Warning(
            _("Chưa có chỉ mục tìm kiếm: trang tìm kiếm và API tìm kiếm sẽ báo lỗi."),
            hint=_("Chạy `thuvien reindex` (rồi `thuvien search apply --loop`)."),
            id="search.W001",
        )
    ]
