"""``thuvien import FILE --library CODE``: import MARC records, permissively and idempotently."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from thuvien.actors import cli_operator
from thuvien.catalogue import formats
from thuvien.catalogue.services import run_import
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Nhập biểu ghi MARC vào một thư viện. Nhận ISO 2709 (MARC-8 hoặc UTF-8), MARCXML, "
        "MARC-in-JSON; nhập lại cùng tệp không sinh bản trùng; bản ghi hỏng được báo kèm số "
        "thứ tự và lý do, các bản ghi còn lại vẫn được nhập."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=gettext_lazy("Tệp MARC cần nhập."))
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện nhận các biểu ghi.")
        )
        parser.add_argument(
            "--format",
            choices=formats.FORMATS,
            help=gettext_lazy("Định dạng của tệp (mặc định: đoán từ nội dung)."),
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            help=gettext_lazy(
                "Ghi nguyên dạng các bản ghi bị loại vào tệp này, để sửa rồi nhập lại."
            ),
        )
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        library = library_by_code(options["library"])
        if not path.is_file():
            raise fail(_("Không tìm thấy tệp {path}.").format(path=path))
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
                    actor=cli_operator(),
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
        self.print_import(report.summary(path.name, library.code), as_json=options["json"])
