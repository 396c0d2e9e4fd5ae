"""``thuvien sip2 [--host H --port P]`` serves SIP2 to self-check machines;
``thuvien sip2 account add --library CODE --login USER --password PASS`` gives one a login."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.circulation.sip2 import accounts
from thuvien.circulation.sip2.server import make_server, serve
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Phục vụ SIP2 cho máy mượn trả tự động qua TCP, hoặc quản lý tài khoản của các máy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=gettext_lazy("Địa chỉ lắng nghe."))
        parser.add_argument(
            "--port", type=int, default=6001, help=gettext_lazy("Cổng TCP (mặc định 6001).")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help=gettext_lazy("Số tiến trình dùng chung cổng (mỗi nhân một tiến trình)."),
        )
        sub = self.subcommands(parser, required=False)
        account = self.subcommand(
            sub, "account", gettext_lazy("Tài khoản SIP2 của các máy mượn trả tự động.")
        )
        account_sub = self.subcommands(account, dest="account_action")
        add = self.subcommand(
            account_sub, "add", gettext_lazy("Tạo một tài khoản làm việc cho một thư viện.")
        )
        add.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện (trường AO của SIP2).")
        )
        add.add_argument("--login", required=True, help=gettext_lazy("Tên đăng nhập của máy."))
        add.add_argument("--password", required=True, help=gettext_lazy("Mật khẩu của máy."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "account":
            library = library_by_code(options["library"])
            account = accounts.add_account(
                cli_operator(), library, options["login"], options["password"]
            )
            self.stdout.write(
                _("Đã tạo tài khoản SIP2 {login} ({library})").format(
                    login=account.login, library=library.code
                )
            )
            return
        server = make_server(options["host"], options["port"])
        host, port = server.socket.getsockname()[:2]
        self.stdout.write(_("SIP2: {host}:{port} (Ctrl+C để dừng)").format(host=host, port=port))
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            serve(server, options["workers"])
