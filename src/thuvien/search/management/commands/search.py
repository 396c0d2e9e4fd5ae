"""``thuvien search apply [--loop]`` runs the change-feed applier (the index's one writer);
``thuvien search query TEXT`` shows what a search returns, for debugging."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.search import applier, services
from thuvien.search.backends import index_dir, locks
from thuvien.search.types import SORTS, SearchRequest

APPLIER_ROLE = gettext_lazy("bộ cập nhật chỉ mục (search apply)")


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Chỉ mục tìm kiếm: áp dụng các thay đổi biên mục đang chờ, hoặc thử một câu tìm."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        apply = self.subcommand(
            sub, "apply", gettext_lazy("Áp dụng các thay đổi đang chờ vào chỉ mục.")
        )
        apply.add_argument(
            "--loop",
            action="store_true",
            help=gettext_lazy("Áp dụng liên tục khi có thay đổi (đến khi bị dừng)."),
        )
        apply.add_argument(
            "--interval",
            type=float,
            default=applier.POLL_SECONDS,
            help=gettext_lazy("Số giây giữa hai lần xem có thay đổi (với --loop)."),
        )
        query = self.subcommand(sub, "query", gettext_lazy("Tìm và in các kết quả."))
        query.add_argument("text", help=gettext_lazy("Câu tìm."))
        query.add_argument(
            "--sort",
            choices=SORTS,
            default="relevance",
            help=gettext_lazy("Thứ tự kết quả (mặc định relevance)."),
        )
        query.add_argument(
            "--limit",
            type=int,
            default=10,
            help=gettext_lazy("Số kết quả in ra (mặc định 10, nhiều nhất 100)."),
        )
        query.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="FACET=VALUE",
            help=gettext_lazy("Lọc theo một khía cạnh, ví dụ language=vie; lặp lại được."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "apply":
            self._apply(options)
        else:
            self._query(options)

    def _apply(self, options: dict[str, Any]) -> None:
        lock = index_dir() / "applier.lock"
        with locks.exclusive(lock, wait=False, what=APPLIER_ROLE):
            if not options["loop"]:
                applied = applier.apply_pending()
                self.stdout.write(_("Đã áp dụng {count} thay đổi.").format(count=applied))
                return
            stop = threading.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
            self.stdout.write(
                _("Đang theo dõi thay đổi ({folder}); Ctrl+C để dừng.").format(
                    folder=settings.DATA_DIR
                )
            )
            applied = applier.run_loop(interval=options["interval"], stop=stop)
            self.stdout.write(_("Đã áp dụng {count} thay đổi.").format(count=applied))

    def _query(self, options: dict[str, Any]) -> None:
        filters: dict[str, tuple[str, ...]] = {}
        for item in options["filter"]:
            name, _sep, value = item.partition("=")
            filters[name] = (*filters.get(name, ()), value)
        result = services.search(
            SearchRequest(
                q=options["text"], filters=filters, sort=options["sort"],
                per_page=max(1, min(options["limit"], 100)),
            )
        )  # fmt: skip
        self.stdout.write(
            _("{count} kết quả, {ms} ms").format(count=result.total, ms=result.took_ms)
        )
        if result.did_you_mean:
            self.stdout.write(
                _("Có phải bạn muốn tìm: {suggestion}").format(suggestion=result.did_you_mean)
            )
        for hit in result.hits:
            year = hit.year or ""
            self.stdout.write(f"{hit.score:9.3f}  #{hit.id}  {hit.title} — {hit.authors} {year}")
        for name, values in result.facets.items():
            if not values:
                continue
            shown = ", ".join(f"{v.label} ({v.count})" for v in values[:8])
            self.stdout.write(f"  [{name}] {shown}")
