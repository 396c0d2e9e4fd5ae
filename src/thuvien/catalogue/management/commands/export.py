"""``thuvien export --library CODE --format F --output PATH``: a library's records as MARC."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from thuvien.catalogue import formats
from thuvien.catalogue.exporting import export, stored_records
from thuvien.catalogue.management.commands._common import library_or_error
from thuvien.catalogue.models import Record


class Command(BaseCommand):
    help = "Export a library's records as UTF-8 ISO 2709, MARCXML or MARC-in-JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", required=True)
        parser.add_argument("--format", choices=formats.FORMATS, default="iso2709")
        parser.add_argument(
            "--output", type=Path, required=True, help="File to write ('-': stdout)."
        )
        parser.add_argument(
            "--kind", choices=[k.value for k in Record.Kind], help="Only this kind."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        library = library_or_error(options["library"])
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
            self.stderr.write(f"bỏ qua/skipped: {skipped}")
        self.stderr.write(f"{result.written} bản ghi/records → {output}")
