"""``thuvien patron import FILE --library CODE``: readers from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.circulation.importing import OPTIONAL, REQUIRED, import_csv
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy("Bạn đọc: nhập từ tệp CSV.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        imp = self.subcommand(
            sub,
            "import",
            _(
                "Nhập bạn đọc từ tệp CSV UTF-8 có dòng tiêu đề {required} (cột tuỳ chọn: "
                "{optional}). Dòng hỏng được báo kèm số dòng và lý do, các dòng khác vẫn được "
                "nhập."
            ).format(required=",".join(REQUIRED), optional=",".join(OPTIONAL)),
        )
        imp.add_argument("file", type=Path, help=gettext_lazy("Tệp CSV cần nhập."))
        imp.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện chủ của các bạn đọc.")
        )
        self.add_json_option(imp)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(
                _("Không đọc được {path} như tệp CSV UTF-8: {error}.").format(path=path, error=exc)
            ) from None
        library = library_by_code(options["library"])
        report = import_csv(cli_operator(), library, text)
        self.print_import(report.summary(path.name, library.code), as_json=options["json"])
