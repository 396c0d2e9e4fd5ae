"""``thuvien import FILE --library CODE``: import MARC records, permissively and idempotently."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from thuvien.catalogue import formats
from thuvien.catalogue.management.commands._common import library_or_error
from thuvien.catalogue.services import run_import


class Command(BaseCommand):
    help = "Import MARC records (ISO 2709 MARC-8/UTF-8, MARCXML, MARC-in-JSON) into a library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--library", required=True, help="Code of the importing library.")
        parser.add_argument("--format", choices=formats.FORMATS, help="Default: guessed.")
        parser.add_argument(
            "--rejects", type=Path, help="Write unreadable records' raw bytes here."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON last.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        library = library_or_error(options["library"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}. / File {path} does not exist.")
        size = path.stat().st_size
        show_bar = sys.stderr.isatty()
        with (
            tqdm(
                total=size, unit="B", unit_scale=True, disable=not show_bar, desc=path.name
            ) as bar,
            path.open("rb") as stream,
        ):
            rejects = Path(options["rejects"]).open("wb") if options["rejects"] else None  # noqa: SIM115

            def progress(done: int) -> None:
                bar.update(done - bar.n)

            try:
                report = run_import(
                    library,
                    stream,
                    actor=f"cli:{getpass.getuser()}",
                    source=path.name,
                    fmt=options["format"],
                    rejects=rejects,
                    progress=progress,
                )
            except formats.NotMarc as exc:
                raise CommandError(str(exc)) from None
            finally:
                if rejects is not None:
                    rejects.close()
        result = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{path.name} → {library.code}: {report.imported} mới/imported, "
            f"{report.updated} cập nhật/updated, {report.unchanged} không đổi/unchanged, "
            f"{report.rejected} bị loại/rejected"
        )
        for warning in result["warnings"]:
            self.stdout.write(f"  cảnh báo/warning: {warning}")
        for error in result["errors"]:
            self.stdout.write(
                f"  lỗi/error: record {error['index']} (byte {error['offset']}): {error['reason']}"
            )
