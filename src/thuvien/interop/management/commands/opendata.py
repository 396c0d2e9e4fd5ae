"""``thuvien opendata``: regenerate the open-data dumps (run it from cron, nightly)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from thuvien.interop import config, services
from thuvien.network.models import Library


class Command(BaseCommand):
    help = (
        "Tạo lại các tệp dữ liệu mở (MARCXML, JSON Lines, CSV) của mạng lưới và từng thư viện. / "
        "Regenerate the open-data dumps (MARCXML, JSON Lines, CSV) of the network and of each "
        "library."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", action="append", default=[], help="Only this library.")
        parser.add_argument("--no-network", action="store_true", help="Skip the network dump.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON last.")

    def handle(self, *args: Any, **options: Any) -> None:
        libraries = None
        if options["library"]:
            libraries = list(Library.objects.filter(code__in=options["library"]))
            missing = set(options["library"]) - {lib.code for lib in libraries}
            if missing:
                raise CommandError(
                    f"Không có thư viện mã {', '.join(sorted(missing))}. / No library has code "
                    f"{', '.join(sorted(missing))}."
                )
        base = config.get_str("PUBLIC_URL").rstrip("/")
        template = reverse("opac:record", args=[0])[:-1]
        started = time.perf_counter()
        dumps = services.publish_open_data(
            lambda pk: f"{base}{template}{pk}", libraries, network=not options["no_network"]
        )
        seconds = round(time.perf_counter() - started, 2)
        if options["json"]:
            self.stdout.write(json.dumps({
                "files": [{"file": d.file_name, "records": d.records, "size": d.size,
                           "sha256": d.sha256} for d in dumps],
                "seconds": seconds,
            }, ensure_ascii=False))  # fmt: skip
            return
        for dump in dumps:
            self.stdout.write(f"{dump.file_name}\t{dump.records}\t{dump.size}\t{dump.sha256}")
        self.stdout.write(f"{len(dumps)} tệp / files in {seconds} s")
