"""``thuvien mcp``: the catalogue's read-only MCP server for AI assistants, on stdio."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from thuvien.cli_support import ThuvienCommand, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Máy chủ MCP (Model Context Protocol) cho trợ lý AI, chỉ đọc: tìm kiếm, biểu ghi, "
        "các bản và tình trạng sẵn sàng, theo đúng quy tắc công khai của API (biểu ghi hạn "
        "chế không thấy, trường nội bộ bị lược). Trợ lý chạy lệnh này và nói chuyện qua "
        "stdin/stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--transport",
            choices=("stdio",),
            default="stdio",
            help=gettext_lazy("Đường truyền (mặc định: stdio)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from thuvien.api import mcp  # the SDK loads only for this command

        mcp.server().run(options["transport"])
