"""Start-up check: an index that is outdated, or lost while records exist, is reported with
the command that rebuilds it."""

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
    if backend.exists() or not _records_the_feed_will_not_bring():
        # No index yet is normal on a fresh installation: it is made empty on first use
        # and the change feed fills it from the first import.
        return []
    return [
        Warning(
            _(
                "Chỉ mục tìm kiếm bị mất trong khi đã có biểu ghi: tìm kiếm sẽ thiếu các biểu "
                "ghi đó."
            ),
            hint=_("Chạy `thuvien reindex`."),
            id="search.W001",
        )
    ]


def _records_the_feed_will_not_bring() -> bool:
    """Records exist that no pending change will put in a new index (its folder was lost)."""
    from django.db.utils import DatabaseError

    from thuvien.catalogue.models import Record
    from thuvien.changes import feed

    try:
        return Record.objects.count() > feed.pending()
    except DatabaseError:  # not migrated yet: nothing to say about the index
        return False
