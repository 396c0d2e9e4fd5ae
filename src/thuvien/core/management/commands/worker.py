"""``thuvien worker``: run background jobs (imports, notices, audits) and the periodic jobs
(operations.schedule) until stopped."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.operations import schedule


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Chạy các việc nền đang xếp hàng và các việc định kỳ (sao lưu, thông báo, thu hoạch…) "
        "cho đến khi bị dừng; máy chủ chạy một hoặc nhiều tiến trình này."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help=gettext_lazy("Thoát khi hàng đợi đã trống."),
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help=gettext_lazy("Không chạy các việc định kỳ (xem `thuvien jobs`)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["batch"] and not options["no_schedule"]:
            threading.Thread(target=schedule.loop, args=(stop,), daemon=True).start()
        try:
            call_command("db_worker", batch=options["batch"], interval=0.5)
        finally:
            stop.set()
