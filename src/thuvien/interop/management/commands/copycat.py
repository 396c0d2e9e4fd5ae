"""``thuvien copycat TARGET QUERY --library CODE``: copy records from a remote catalogue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.interop import copycat, services
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Sao chép biểu ghi từ máy chủ Z39.50 hoặc SRU vào một thư viện. TARGET viết "
        "z3950://máy:cổng/cơ-sở-dữ-liệu hoặc sru+http://máy:cổng/đường-dẫn; QUERY là từ khoá, "
        "một ISBN, PQF (Z39.50) hoặc CQL (SRU)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target",
            help=gettext_lazy("Máy chủ: z3950://máy:cổng/cơ-sở-dữ-liệu hoặc sru+http://máy:cổng/…"),
        )
        parser.add_argument(
            "query", help=gettext_lazy("Câu tìm: từ khoá, ISBN, PQF (Z39.50) hoặc CQL (SRU).")
        )
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện nhận các biểu ghi.")
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=10,
            help=gettext_lazy("Nhiều nhất bấy nhiêu bản ghi (mặc định 10)."),
        )
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        library = library_by_code(options["library"])
        if not 1 <= options["limit"] <= copycat.MAX_RECORDS:
            raise fail(_("--limit phải từ 1 đến {most}.").format(most=copycat.MAX_RECORDS))
        try:
            found = copycat.search(options["target"], options["query"], options["limit"])
        except copycat.RemoteError as exc:
            if options["json"]:
                self.print_json({"created": 0, "error": exc.message})
            raise CommandError(exc.message) from None
        report = services.import_found(
            cli_operator(), library, found.records, provenance=copycat.provenance(found)
        )
        retrieved = len(found.records) + len(found.problems)
        for problem in found.problems:
            self.stderr.write(_("  lỗi: {problem}").format(problem=problem))
        if not options["json"]:
            self.stdout.write(
                _("{target}: tìm thấy {found}, lấy về {retrieved}").format(
                    target=found.target.url, found=found.total, retrieved=retrieved
                )
            )
        self.print_import(
            report.summary(found.target.url, library.code),
            as_json=options["json"],
            extra={"found": found.total, "retrieved": retrieved, "unreadable": found.problems},
        )
