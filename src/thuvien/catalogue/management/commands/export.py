"""``thuvien export --library CODE --format F --output PATH``: a library's records as MARC."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from thuvien.catalogue import formats
from thuvien.catalogue.exporting import export, stored_records
from thuvien.catalogue.models import Record
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Xuất các biểu ghi của một thư viện ra tệp MARC: ISO 2709 UTF-8, MARCXML hoặc MARC-in-JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện có các biểu ghi.")
        )
        parser.add_argument(
            "--format",
            choices=formats.FORMATS,
            default="iso2709",
            help=gettext_lazy("Định dạng của tệp xuất (mặc định: iso2709)."),
        )
        parser.add_argument(
            "--output",
            type=Path,
            required=True,
            help=gettext_lazy("Tệp sẽ ghi ('-': ra stdout)."),
        )
        parser.add_argument(
            "--kind",
            choices=[k.value for k in Record.Kind],
            help=gettext_lazy("Chỉ các biểu ghi loại này."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        library = library_by_code(options["library"])
        total = Record.objects.filter(library=library).count()
        output = Path(options["output"])
        with tqdm(total=total, unit="rec", disable=not sys.stderr.isatty()) as bar:

            def progress(done: int) -> None:
                bar.update(done)

            if str(output) == "-":
                result = export(
                    stored_records(library, options["kind"]),
                    sys.stdout.buffer,
                    options["format"],
                    progress,
                )
            else:
                # Written beside the target and renamed at the end: a failed export never
                # leaves a truncated file where a good one is expected.
                partial = output.with_name(output.name + ".partial")
                with partial.open("wb") as out:
                    result = export(
                        stored_records(library, options["kind"]), out, options["format"], progress
                    )
                os.replace(partial, output)
        for skipped in result.skipped:
            self.stderr.write(_("bỏ qua: {record}").format(record=skipped))
        self.stderr.write(
            _("{count} biểu ghi → {output}").format(count=result.written, output=output)
        )
