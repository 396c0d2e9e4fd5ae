"""``thuvien collection add CODE --library LIB --title TITLE --kind local|rare|manuscript|thesis``
and ``thuvien collection list [--library LIB]``: the digital collections objects are filed in
(``thuvien ingest … --collection CODE``) and readers browse on the portal (/collections/)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db.models import Count
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.digital.models import Collection
from thuvien.digital.services import add_collection
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Bộ sưu tập số: tạo một bộ sưu tập cho một thư viện, hoặc liệt kê các bộ sưu tập "
        "(bạn đọc xem chúng trên cổng, mục Bộ sưu tập số)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        chooser = self.subcommands(parser)
        add = self.subcommand(chooser, "add", gettext_lazy("Tạo một bộ sưu tập số."))
        add.add_argument("code", help=gettext_lazy("Mã (chữ thường không dấu, số, gạch ngang)."))
        add.add_argument("--library", required=True, help=gettext_lazy("Mã thư viện sở hữu."))
        add.add_argument("--title", required=True, help=gettext_lazy("Tên tiếng Việt."))
        add.add_argument("--title-en", default="", help=gettext_lazy("Tên tiếng Anh."))
        add.add_argument(
            "--kind",
            default=Collection.Kind.OTHER,
            choices=Collection.Kind.values,
            help=gettext_lazy("Loại bộ sưu tập (mặc định: other)."),
        )
        self.add_json_option(add)
        listing = self.subcommand(chooser, "list", gettext_lazy("Liệt kê các bộ sưu tập số."))
        listing.add_argument("--library", help=gettext_lazy("Chỉ một thư viện (mã thư viện)."))
        self.add_json_option(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add":
            made = add_collection(
                cli_operator(),
                library_by_code(options["library"]),
                code=options["code"],
                name_vi=options["title"],
                name_en=options["title_en"],
                kind=options["kind"],
            )
            if options["json"]:
                self.print_json(
                    {"code": made.code, "kind": made.kind, "library": made.library.code}
                )
                return
            self.stdout.write(
                _("Đã tạo bộ sưu tập {code} ({kind}) của {library}.").format(
                    code=made.code, kind=made.kind, library=made.library.code
                )
            )
            return
        rows = Collection.objects.select_related("library").annotate(n=Count("digital_objects"))
        if options["library"]:
            rows = rows.filter(library=library_by_code(options["library"]))
        found = list(rows.order_by("code"))
        if options["json"]:
            self.print_json([self._row(c) for c in found])
            return
        for c in found:
            row = self._row(c)
            self.stdout.write(
                "\t".join(str(row[k]) for k in ("code", "library", "kind", "objects", "title"))
            )

    @staticmethod
    def _row(c: Any) -> dict[str, Any]:
        return {
            "code": c.code, "title": c.name_vi, "kind": c.kind, "library": c.library.code,
            "objects": c.n,
        }  # fmt: skip
