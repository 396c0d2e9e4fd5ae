"""``thuvien search apply [--loop]`` runs the change-feed applier (the index's one writer);
``thuvien search query TEXT`` shows what a search returns, for debugging."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.errors import ThuvienError
from thuvien.search import applier, services
from thuvien.search.backends import index_dir, locks
from thuvien.search.types import SORTS, SearchRequest

APPLIER_ROLE = ("bộ cập nhật chỉ mục (search apply)", "index applier (search apply)")


class Command(BaseCommand):
    help = "Search index: apply pending catalogue changes, or try a query."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        apply = sub.add_parser("apply", help="Apply the change feed's pending notes to the index.")
        apply.add_argument("--loop", action="store_true", help="Keep applying as changes come.")
        apply.add_argument("--interval", type=float, default=applier.POLL_SECONDS)
        query = sub.add_parser("query", help="Run a search and print the hits.")
        query.add_argument("text")
        query.add_argument("--sort", choices=SORTS, default="relevance")
        query.add_argument("--limit", type=int, default=10)
        query.add_argument("--filter", action="append", default=[], metavar="FACET=VALUE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "apply":
                self._apply(options)
            else:
                self._query(options)
        except ThuvienError as exc:
            raise CommandError(exc.message) from None

    def _apply(self, options: dict[str, Any]) -> None:
        lock = index_dir() / "applier.lock"
        with locks.exclusive(lock, wait=False, what=APPLIER_ROLE):
            if not options["loop"]:
                applied = applier.apply_pending()
                self.stdout.write(f"Đã áp dụng {applied} thay đổi. / Applied {applied} changes.")
                return
            stop = threading.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
            self.stdout.write(
                f"Đang theo dõi thay đổi ({settings.DATA_DIR}); Ctrl+C để dừng. / Watching for "
                "changes; Ctrl+C stops."
            )
            applied = applier.run_loop(interval=options["interval"], stop=stop)
            self.stdout.write(f"Đã áp dụng {applied} thay đổi. / Applied {applied} changes.")

    def _query(self, options: dict[str, Any]) -> None:
        filters: dict[str, tuple[str, ...]] = {}
        for item in options["filter"]:
            name, _, value = item.partition("=")
            filters[name] = (*filters.get(name, ()), value)
        result = services.search(
            SearchRequest(
                q=options["text"], filters=filters, sort=options["sort"],
                per_page=max(1, min(options["limit"], 100)),
            )
        )  # fmt: skip
        self.stdout.write(f"{result.total} kết quả / hits, {result.took_ms} ms")
        if result.did_you_mean:
            self.stdout.write(f"Có phải bạn muốn tìm / did you mean: {result.did_you_mean}")
        for hit in result.hits:
            year = hit.year or ""
            self.stdout.write(f"{hit.score:9.3f}  #{hit.id}  {hit.title} — {hit.authors} {year}")
        for name, values in result.facets.items():
            if not values:
                continue
            shown = ", ".join(f"{v.label} ({v.count})" for v in values[:8])
            self.stdout.write(f"  [{name}] {shown}")
