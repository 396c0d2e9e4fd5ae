"""``thuvien serials``: the issues to claim (missing past their grace days), for the letter
or e-mail to the supplier; and each year, the next year's expected issues."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.cli_support import ThuvienCommand, gettext_lazy, parse_date
from thuvien.network.services import library_by_code
from thuvien.serials import services
from thuvien.serials.models import Subscription


class Command(ThuvienCommand):
    help = gettext_lazy("Ấn phẩm định kỳ: các số quá hạn chưa nhận, cần khiếu nại.")

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        missing = self.subcommand(
            chooser, "missing", gettext_lazy("Liệt kê các số quá hạn chưa nhận.")
        )
        missing.add_argument("--library", metavar="CODE", help=gettext_lazy("Mã thư viện."))
        self.add_json_option(missing)
        extend = self.subcommand(
            chooser,
            "extend",
            gettext_lazy(
                "Thêm các số dự kiến đến một ngày cho mọi nhan đề đang đăng ký (chạy mỗi năm)."
            ),
        )
        extend.add_argument(
            "--until", required=True, metavar="DATE", help=gettext_lazy("YYYY-MM-DD.")
        )
        extend.add_argument("--library", metavar="CODE", help=gettext_lazy("Mã thư viện."))

    def handle(self, *args: Any, **options: Any) -> None:
        library = library_by_code(options["library"]) if options["library"] else None
        if options["action"] == "extend":
            until = parse_date(options["until"], "--until")
            subs = Subscription.objects.filter(active=True).select_related("library")
            if library is not None:
                subs = subs.filter(library=library)
            added = sum(services.extend(actors.cli_operator(), sub, until) for sub in subs)
            self.stdout.write(_("Đã thêm {count} số dự kiến.").format(count=added))
            return
        issues = services.missing(library)
        rows = [
            {
                "library": i.subscription.library.code,
                "title": i.subscription.record.title,
                "number": i.number,
                "expected_on": i.expected_on.isoformat(),
                "claims": i.claims,
                "supplier": i.subscription.supplier,
            }
            for i in issues
        ]
        if options["json"]:
            self.print_json(rows)
            return
        for row in rows:
            self.stdout.write("{library}\t{expected_on}\t{number}\t{claims}\t{title}".format(**row))
        self.stdout.write(_("{count} số chưa nhận.").format(count=len(rows)))
