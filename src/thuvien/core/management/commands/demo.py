"""``thuvien demo``: a believable provincial library network to click through, from one command.

What is loaded lives in :mod:`thuvien.demo` (one module per domain); this command reads the
options, loads, prints the accounts and serves.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.demo import loader, network
from thuvien.errors import ThuvienError


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Dựng mạng lưới thư viện mẫu (tỉnh Cà Mau) rồi chạy máy chủ. Có biểu ghi, bản sách và "
        "tài khoản cán bộ để dùng thử."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--load-only",
            action="store_true",
            help=gettext_lazy("Chỉ nạp dữ liệu, không chạy máy chủ."),
        )
        parser.add_argument("--host", default="127.0.0.1", help=gettext_lazy("Địa chỉ lắng nghe."))
        parser.add_argument(
            "--port", type=int, default=8000, help=gettext_lazy("Cổng HTTP (mặc định 8000).")
        )
        parser.add_argument(
            "--shared-data", help=gettext_lazy("Thư mục chứa dữ liệu mẫu dùng chung.")
        )
        parser.add_argument(
            "--sample",
            type=int,
            metavar="N",
            help=gettext_lazy("Nhiều nhất N biểu ghi mỗi tệp (để thử nhanh, để kiểm thử)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sample = options["sample"]
        if sample is not None and sample < 1:
            raise CommandError(_("--sample phải lớn hơn 0."))
        try:
            loader.load(self._line, options["shared_data"], sample)
        except ThuvienError as exc:  # a demo that cannot load is not a usage error: status 1
            raise CommandError(exc.message) from None
        for line in network.accounts(options["host"], options["port"]):
            self.stdout.write(line)
        if not options["load_only"]:
            self._two_step_offered()
            call_command("serve", host=options["host"], port=options["port"])

    def _two_step_offered(self) -> None:
        """The demo serves with two-step sign-in *offered*, not required (unless the operator
        set THUVIEN_MFA): the admin accounts open at once, and anyone can set up an app from
        the "Xác thực hai bước" link to see it. Said on screen; a real server keeps the
        default, required. The environment carries it to the web workers `serve` starts."""
        if "THUVIEN_MFA" in os.environ:
            return
        os.environ["THUVIEN_MFA"] = "offered"
        settings.THUVIEN_MFA = "offered"
        self.stdout.write(
            _(
                "Xác thực hai bước: bản demo chạy với THUVIEN_MFA=offered (tự chọn; bật ở liên "
                "kết “Xác thực hai bước” góc phải). Máy chủ thật mặc định required: quản trị "
                "và cán bộ Sở phải bật trước khi làm việc."
            )
        )

    def _line(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()  # a step can take a minute: show each as it ends
