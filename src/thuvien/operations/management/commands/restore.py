"""``thuvien restore DIR``: bring a backup back onto an empty data folder or database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.operations import restore


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Phục hồi bản sao lưu mới nhất (hoặc --backup TÊN) vào thư mục dữ liệu và cơ sở dữ "
        "liệu trống; kiểm tra khóa và mọi mã kiểm tra trước khi ghi, rồi dựng lại chỉ mục."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path, help=gettext_lazy("Thư mục sao lưu."))
        parser.add_argument("--backup", help=gettext_lazy("Tên bản sao lưu (mặc định: mới nhất)."))
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        result = restore.restore(options["folder"], options["backup"])
        # A backup of an older version is brought up to this one; the index is rebuilt, not
        # restored: it is derived from the records.
        call_command("migrate", interactive=False, verbosity=0)
        call_command("reindex", verbosity=0)
        if options["json"]:
            self.print_json(result.as_dict())
            return
        self.stdout.write(
            _(
                "Đã phục hồi {name} trong {seconds} giây: {tables} bảng, {files} tệp số; chỉ mục "
                "tìm kiếm đã dựng lại."
            ).format(**result.as_dict())
        )
