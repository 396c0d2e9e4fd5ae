"""``thuvien opendata``: regenerate the open-data dumps (run it from cron, nightly)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.interop import config, services
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Tạo lại các tệp dữ liệu mở của mạng lưới và từng thư viện. Các tệp MARCXML, JSON "
        "Lines, CSV; chạy mỗi đêm."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--library",
            action="append",
            default=[],
            help=gettext_lazy("Chỉ thư viện này; lặp lại được."),
        )
        parser.add_argument(
            "--no-network",
            action="store_true",
            help=gettext_lazy("Bỏ qua tệp của cả mạng lưới."),
        )
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        libraries = [library_by_code(code) for code in options["library"]] or None
        base = config.get_str("PUBLIC_URL").rstrip("/")
        template = reverse("opac:record", args=[0])[:-1]
        started = time.perf_counter()
        dumps = services.publish_open_data(
            lambda pk: f"{base}{template}{pk}", libraries, network=not options["no_network"]
        )
        seconds = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.print_json({
                "files": [{"file": d.file_name, "records": d.records, "size": d.size,
                           "sha256": d.sha256} for d in dumps],
                "seconds": seconds,
            })  # fmt: skip
            return
        for dump in dumps:
            self.stdout.write(f"{dump.file_name}\t{dump.records}\t{dump.size}\t{dump.sha256}")
        self.stdout.write(
            _("{count} tệp trong {seconds} giây").format(count=len(dumps), seconds=seconds)
        )
