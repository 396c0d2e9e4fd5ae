"""``thuvien circulation daily`` (run it from cron or a timer once a day) and
``thuvien circulation inactive --years N`` (readers to consider deleting)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.circulation import alerts, notices
from thuvien.cli_support import ThuvienCommand, gettext_lazy, parse_date


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Việc định kỳ của lưu thông: thông báo, hết hạn đặt trước, bạn đọc lâu không hoạt động."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        daily = self.subcommand(
            sub,
            "daily",
            gettext_lazy(
                "Huỷ các đặt trước quá hạn nhận, gửi thông báo sắp đến hạn, quá hạn, sách đặt đã "
                "có (chạy mỗi ngày một lần)."
            ),
        )
        daily.add_argument(
            "--date", help=gettext_lazy("Làm như thể hôm nay là ngày này (YYYY-MM-DD).")
        )
        self.subcommand(
            sub,
            "alerts",
            gettext_lazy(
                "Gửi thư cho bạn đọc về tài liệu mới khớp các tìm kiếm họ đã lưu (chạy mỗi ngày)."
            ),
        )
        inactive = self.subcommand(
            sub,
            "inactive",
            gettext_lazy("Liệt kê bạn đọc không hoạt động N năm và không còn mượn gì."),
        )
        inactive.add_argument(
            "--years", type=int, default=3, help=gettext_lazy("Số năm (mặc định 3).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "alerts":
            self.print_json(alerts.send_all())
            return
        if options["action"] == "daily":
            today = parse_date(options["date"], "--date") if options["date"] else None
            self.print_json(notices.daily(today))
            return
        readers = notices.inactive_readers(options["years"])
        for patron in readers:
            seen = patron.last_activity_at or patron.created_at
            self.stdout.write(f"{patron}\t{patron.full_name}\t{seen:%Y-%m-%d}")
        self.stdout.write(
            _("{count} bạn đọc không hoạt động {years} năm").format(
                count=len(readers), years=options["years"]
            )
        )
