"""``thuvien circulation daily`` (run it from cron or a timer once a day) and
``thuvien circulation inactive --years N`` (readers to consider deleting)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thuvien.circulation import notices
from thuvien.network.management.commands._common import parse_date


class Command(BaseCommand):
    help = "Circulation housekeeping: notices and hold expiry; inactive readers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{daily,inactive}")
        daily = sub.add_parser(
            "daily", help="Expire uncollected holds, send due-soon/overdue/hold-ready notices."
        )
        daily.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")
        inactive = sub.add_parser(
            "inactive", help="List readers inactive for N years with nothing on loan."
        )
        inactive.add_argument("--years", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "daily":
            today = parse_date(options["date"], "--date") if options["date"] else None
            self.stdout.write(json.dumps(notices.daily(today)))
            return
        readers = notices.inactive_readers(options["years"])
        for patron in readers:
            seen = patron.last_activity_at or patron.created_at
            self.stdout.write(f"{patron}\t{patron.full_name}\t{seen:%Y-%m-%d}")
        self.stdout.write(
            f"{len(readers)} bạn đọc không hoạt động {options['years']} năm "
            f"/ readers inactive for {options['years']} years"
        )
