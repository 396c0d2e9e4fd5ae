"""``thuvien api schema``: print, check or (deliberately) rewrite the pinned OpenAPI document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.api import schema_file


class Command(BaseCommand):
    help = (
        "Tài liệu OpenAPI của API / The API's OpenAPI document: "
        "`thuvien api schema` prints it, `--check` compares it with the pinned "
        "docs/api/openapi.json, `--write` replaces the pinned copy."
    )
    # Printing or comparing a document needs no working database or search index.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        schema = sub.add_parser("schema", help="The OpenAPI document of /api/v1.")
        mode = schema.add_mutually_exclusive_group()
        mode.add_argument(
            "--write", action="store_true", help="Replace the pinned copy with the current one."
        )
        mode.add_argument(
            "--check", action="store_true", help="Fail when the pinned copy is out of date."
        )
        schema.add_argument(
            "--file",
            type=Path,
            default=schema_file.PINNED,
            help=f"The pinned copy (default {schema_file.PINNED}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["check"]:
            changes = schema_file.check(path)
            if changes:
                raise CommandError(
                    f"{path} khác với API hiện tại / differs from the API as it is now:\n  "
                    + "\n  ".join(changes)
                    + f"\nNếu thay đổi là cố ý, chạy / If the change is deliberate, run: "
                    f"{schema_file.REGENERATE}"
                )
            self.stdout.write(f"{path}: khớp / up to date")
            return
        text = schema_file.render(schema_file.current())
        if options["write"]:
            if not path.parent.is_dir():
                raise CommandError(
                    f"Không có thư mục {path.parent} (cần bản mã nguồn, hoặc dùng --file). / "
                    f"No folder {path.parent} (a source checkout is needed, or give --file)."
                )
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path}: đã ghi / written")
            return
        self.stdout.write(text, ending="")
