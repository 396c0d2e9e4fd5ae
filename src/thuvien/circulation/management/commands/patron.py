"""``thuvien patron import FILE --library CODE``: readers from a CSV file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thuvien.circulation.importing import OPTIONAL, REQUIRED, import_csv
from thuvien.network import services as network
from thuvien.network.management.commands._common import domain_errors, fail, operator


class Command(BaseCommand):
    help = "Readers (patrons): import them from CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{import}")
        imp = sub.add_parser(
            "import",
            help=f"Import readers from a UTF-8 CSV file with the header {','.join(REQUIRED)} "
            f"(optional columns: {','.join(OPTIONAL)}).",
        )
        imp.add_argument("file", type=Path)
        imp.add_argument("--library", required=True, help="Code of the home library.")
        imp.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(
                f"Không đọc được {path} như tệp CSV UTF-8: {exc}. "
                f"/ Cannot read {path} as a UTF-8 CSV file: {exc}."
            ) from None
        with domain_errors():
            library = network.get_library(options["library"])
            report = import_csv(operator(), library, text)
        for error in report.errors:
            self.stderr.write(f"{error.message} [{error.card_number}]")
        self.stdout.write(
            f"Đã nhập / Imported {report.imported} bạn đọc / readers; "
            f"bị từ chối / rejected {len(report.errors)}."
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
