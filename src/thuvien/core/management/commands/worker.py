"""``thuvien worker``: run background jobs (imports, notices, audits) until stopped."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from thuvien.cli_support import ThuvienCommand, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Chạy các việc nền đang xếp hàng cho đến khi bị dừng. Việc nền là nhập tệp, gửi thông "
        "báo, kiểm tra; máy chủ chạy một hoặc nhiều tiến trình này."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help=gettext_lazy("Thoát khi hàng đợi đã trống."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("db_worker", batch=options["batch"], interval=0.5)
