"""``thuvien api schema``: print, check or (deliberately) rewrite the pinned OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from thuvien.api import schema_file
from thuvien.cli_support import ThuvienCommand, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Tài liệu OpenAPI của API. `thuvien api schema` in ra, `--check` so với bản đã ghim "
        "docs/api/openapi.json, `--write` thay bản đã ghim."
    )
    # Printing or comparing a document needs no working database or search index.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        schema = self.subcommand(sub, "schema", gettext_lazy("Tài liệu OpenAPI của /api/v1."))
        mode = schema.add_mutually_exclusive_group()
        mode.add_argument(
            "--write",
            action="store_true",
            help=gettext_lazy("Thay bản đã ghim bằng bản hiện tại."),
        )
        mode.add_argument(
            "--check",
            action="store_true",
            help=gettext_lazy("Báo lỗi khi bản đã ghim không còn khớp."),
        )
        schema.add_argument(
            "--file",
            type=Path,
            default=schema_file.PINNED,
            help=_("Bản đã ghim (mặc định {path}).").format(path=schema_file.PINNED),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["check"]:
            changes = schema_file.check(path)
            if changes:
                raise CommandError(
                    _("{path} khác với API hiện tại:").format(path=path)
                    + "\n  "
                    + "\n  ".join(changes)
                    + "\n"
                    + _("Nếu thay đổi là cố ý, chạy: {command}").format(
                        command=schema_file.REGENERATE
                    )
                )
            self.stdout.write(_("{path}: khớp").format(path=path))
            return
        text = schema_file.render(schema_file.current())
        if options["write"]:
            if not path.parent.is_dir():
                raise CommandError(
                    _("Không có thư mục {folder} (cần bản mã nguồn, hoặc dùng --file).").format(
                        folder=path.parent
                    )
                )
            path.write_text(text, encoding="utf-8")
            self.stdout.write(_("{path}: đã ghi").format(path=path))
            return
        self.stdout.write(text, ending="")
