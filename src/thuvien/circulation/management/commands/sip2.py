"""``thuvien sip2 [--host H --port P]`` serves SIP2 to self-check machines;
``thuvien sip2 account add --library CODE --login USER --password PASS`` gives one a login."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thuvien.circulation.sip2 import accounts
from thuvien.circulation.sip2.server import make_server, serve
from thuvien.network import services as network
from thuvien.network.management.commands._common import domain_errors, operator


class Command(BaseCommand):
    help = "Serve SIP2 (self-check machines) over TCP, or manage the machines' logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=6001, help="TCP port (default 6001).")
        parser.add_argument(
            "--workers", type=int, default=1, help="Processes sharing the port (one per core)."
        )
        sub = parser.add_subparsers(dest="action", metavar="{account}")
        account = sub.add_parser("account", help="SIP2 logins of self-check machines.")
        account_sub = account.add_subparsers(dest="account_action", required=True, metavar="{add}")
        add = account_sub.add_parser("add", help="Create a login acting for one library.")
        add.add_argument("--library", required=True, help="Library code (the SIP2 AO field).")
        add.add_argument("--login", required=True)
        add.add_argument("--password", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "account":
            with domain_errors():
                library = network.get_library(options["library"])
                account = accounts.add_account(
                    operator(), library, options["login"], options["password"]
                )
            self.stdout.write(
                f"Đã tạo tài khoản SIP2 / Created SIP2 account {account.login} ({library.code})"
            )
            return
        server = make_server(options["host"], options["port"])
        host, port = server.socket.getsockname()[:2]
        self.stdout.write(f"SIP2: {host}:{port} (Ctrl+C để dừng / to stop)")
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            serve(server, options["workers"])
