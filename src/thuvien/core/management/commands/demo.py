"""``thuvien demo``: a believable provincial library network to click through, from one command.

What is loaded lives in :mod:`thuvien.demo` (one module per domain); this command reads the
options, loads, prints the accounts and serves.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.demo import loader, network
from thuvien.errors import ThuvienError


class Command(BaseCommand):
    help = (
        "Dựng mạng lưới thư viện mẫu (tỉnh Cà Mau) rồi chạy máy chủ. / Build a sample library "
        "network (Cà Mau province) with records, copies and staff accounts, then serve it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--load-only", action="store_true", help="Load, do not serve.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--shared-data", help="Folder of the shared sample data.")
        parser.add_argument(
            "--sample",
            type=int,
            metavar="N",
            help="At most N records from each file (quick tries, tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sample = options["sample"]
        if sample is not None and sample < 1:
            raise CommandError("--sample phải lớn hơn 0. / --sample must be at least 1.")
        try:
            loader.load(self._line, options["shared_data"], sample)
        except ThuvienError as exc:
            raise CommandError(exc.message) from None
        for line in network.accounts(options["host"], options["port"]):
            self.stdout.write(line)
        if not options["load_only"]:
            call_command("serve", host=options["host"], port=options["port"])

    def _line(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()  # a step can take a minute: show each as it ends
