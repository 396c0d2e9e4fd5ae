"""``thuvien bag export ID FOLDER`` / ``thuvien bag import FOLDER --library CODE``: BagIt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.digital.models import DigitalObject
from thuvien.digital.preservation import export_bag, import_bag
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Xuất một đối tượng số thành gói BagIt, hoặc nhập một gói (kiểm tra hợp lệ cả hai chiều)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        out = self.subcommand(sub, "export", gettext_lazy("Ghi một đối tượng thành gói BagIt."))
        out.add_argument("identifier", help=gettext_lazy("Mã định danh của đối tượng số."))
        out.add_argument("folder", type=Path, help=gettext_lazy("Thư mục sẽ chứa gói."))
        into = self.subcommand(
            sub, "import", gettext_lazy("Kiểm tra một gói BagIt rồi nhập thành đối tượng số.")
        )
        into.add_argument("folder", type=Path, help=gettext_lazy("Thư mục của gói."))
        into.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện sở hữu đối tượng.")
        )
        into.add_argument(
            "--id",
            dest="identifier",
            help=gettext_lazy("Mã định danh (mặc định: mã ghi trong gói)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            obj = DigitalObject.objects.filter(identifier=options["identifier"]).first()
            if obj is None:
                raise CommandError(
                    _("Không có đối tượng số {identifier}.").format(
                        identifier=options["identifier"]
                    )
                )
            path = export_bag(obj, options["folder"])
            self.stdout.write(
                _("{identifier} → {path} (BagIt, hợp lệ)").format(
                    identifier=obj.identifier, path=path
                )
            )
            return
        obj = import_bag(
            options["folder"],
            library=library_by_code(options["library"]),
            actor=cli_operator(),
            identifier=options["identifier"],
        )
        self.stdout.write(
            _("{folder} → {identifier} ({pages} trang)").format(
                folder=options["folder"], identifier=obj.identifier, pages=obj.pages.count()
            )
        )
