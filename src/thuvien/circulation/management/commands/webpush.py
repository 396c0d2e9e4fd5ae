"""``thuvien webpush keys [--replace]``: the server's VAPID key pair for notices by Web Push,
made once under the data dir; prints the public key browsers subscribe with."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.circulation import push
from thuvien.cli_support import ThuvienCommand, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy("Khoá VAPID để gửi thông báo cho bạn đọc qua Web Push.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        keys = self.subcommand(
            sub,
            "keys",
            gettext_lazy("Tạo cặp khoá (một lần) trong thư mục dữ liệu và in khoá công khai."),
        )
        keys.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy(
                "Tạo cặp khoá mới; các đăng ký cũ của bạn đọc sẽ không nhận được nữa."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = push.make_keys(replace=options["replace"])
        self.stdout.write(
            _("Khoá công khai VAPID ({path}): {key}").format(path=push.private_key_file(), key=key)
        )
