"""``thuvien ingest PATH... --library CODE --id ID --title TITLE --access LEVEL [--ocr LANGS]``,
or ``thuvien ingest --manifest FOLDER/manifest.csv --library CODE`` for a batch.

Page order and stated page counts (``pages.txt``, the manifest's ``pages`` column, the record's
300 $a): see :mod:`thuvien.digital.ordering`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from thuvien.actors import cli_operator
from thuvien.catalogue.models import Record
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.digital.models import Collection, DigitalObject
from thuvien.digital.services import ingest
from thuvien.network.models import Library
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Nhập các trang quét thành một đối tượng số. Nhận TIFF, JPEG, PNG, JPEG 2000, PDF, mọi "
        "trang của TIFF và PDF nhiều trang (một thư mục cho các tệp của nó theo thứ tự tên tự "
        "nhiên p2 trước p10, hoặc theo tệp pages.txt của nó); các tệp được kiểm tra, băm, cắt "
        "ô; hoặc trọn vẹn, hoặc không gì cả."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help=gettext_lazy("Các tệp hoặc thư mục trang quét, theo thứ tự trang."),
        )
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện sở hữu đối tượng.")
        )
        parser.add_argument(
            "--id", dest="identifier", help=gettext_lazy("Mã định danh của đối tượng số.")
        )
        parser.add_argument("--title", help=gettext_lazy("Nhan đề."))
        parser.add_argument(
            "--manifest",
            type=Path,
            help=gettext_lazy(
                "Một tệp kê khai CSV (id,title,files,pages,access,rights,ocr,record,…): mỗi dòng "
                "một đối tượng."
            ),
        )
        parser.add_argument(
            "--access",
            default="open",
            choices=DigitalObject.Access.values,
            help=gettext_lazy("Mức truy cập (mặc định: open)."),
        )
        parser.add_argument(
            "--rights",
            default="unknown",
            choices=DigitalObject.Rights.values,
            help=gettext_lazy("Tình trạng bản quyền (mặc định: unknown)."),
        )
        parser.add_argument(
            "--author-death-year",
            type=int,
            help=gettext_lazy("Năm mất của tác giả, để tính thời hạn bảo hộ."),
        )
        parser.add_argument(
            "--record", type=int, help=gettext_lazy("Số biểu ghi thư mục của các bản quét.")
        )
        parser.add_argument("--collection", help=gettext_lazy("Mã bộ sưu tập."))
        parser.add_argument(
            "--partial",
            action="store_true",
            help=gettext_lazy(
                "Các tệp chỉ là một phần của tài liệu (trang mẫu, một tập): không đối chiếu số "
                "trang với trường 300 $a của biểu ghi."
            ),
        )
        parser.add_argument(
            "--ocr",
            help=gettext_lazy("Ngôn ngữ nhận dạng chữ, ví dụ vie hoặc vie+eng (xếp hàng làm sau)."),
        )
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        library = library_by_code(options["library"])
        if options["manifest"] is not None:
            self._batch(Path(options["manifest"]), library, options["json"])
            return
        if not options["paths"] or not options["identifier"] or not options["title"]:
            raise CommandError(_("Cần PATH, --id và --title (hoặc --manifest)."))
        record = None
        if options["record"] is not None:
            record = Record.objects.filter(pk=options["record"], library=library).first()
            if record is None:
                raise CommandError(
                    _("Thư viện {library} không có biểu ghi {record}.").format(
                        library=library.code, record=options["record"]
                    )
                )
        collection = None
        if options["collection"]:
            collection = Collection.objects.filter(code=options["collection"]).first()
            if collection is None:
                raise CommandError(
                    _("Không có bộ sưu tập {code}.").format(code=options["collection"])
                )
        with tqdm(unit="page", disable=not sys.stderr.isatty(), desc=options["identifier"]) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            obj = ingest(
                options["paths"],
                library=library,
                identifier=options["identifier"],
                title=options["title"],
                access=options["access"],
                rights=options["rights"],
                author_death_year=options["author_death_year"],
                record=record,
                collection=collection,
                ocr=options["ocr"],
                partial=options["partial"],
                actor=cli_operator(),
                progress=progress,
            )
        pages = obj.pages.count()
        if options["json"]:
            self.print_json({"identifier": obj.identifier, "pages": pages, "access": obj.access})
            return
        line = _("{identifier}: {pages} trang → {library} ({access})").format(
            identifier=obj.identifier, pages=pages, library=library.code, access=obj.access
        )
        if obj.ocr_languages:
            line += _("; nhận dạng chữ {languages} đã xếp hàng").format(languages=obj.ocr_languages)
        self.stdout.write(line)

    def _batch(self, manifest: Path, library: Library, as_json: bool) -> None:
        from thuvien.digital.batches import ingest_batch

        report = ingest_batch(manifest, library=library, actor=cli_operator())
        self.print_import(
            report.summary(manifest.name, library.code),
            as_json=as_json,
            extra={"pages": report.pages},
        )
        if not as_json:
            self.stdout.write(_("{pages} trang.").format(pages=report.pages))
