"""``thuvien ingest PATH... --library CODE --id ID --title TITLE --access LEVEL [--ocr LANGS]``,
or ``thuvien ingest --manifest FOLDER/manifest.csv --library CODE`` for a batch."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from thuvien.catalogue.management.commands._common import library_or_error
from thuvien.catalogue.models import Record
from thuvien.digital.models import Collection, DigitalObject
from thuvien.digital.services import ingest
from thuvien.errors import ThuvienError
from thuvien.network.models import Library


class Command(BaseCommand):
    help = (
        "Ingest scanned pages (TIFF, JPEG, PNG, JPEG 2000, PDF; a folder gives its files in name "
        "order) as one digital object: screened, hashed, tiled; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--library", required=True, help="Code of the owning library.")
        parser.add_argument("--id", dest="identifier", help="Object identifier.")
        parser.add_argument("--title")
        parser.add_argument(
            "--manifest",
            type=Path,
            help="A CSV manifest (id,title,files,access,rights,ocr,record,…): one object a row.",
        )
        parser.add_argument(
            "--access", default="open", choices=DigitalObject.Access.values, help="Default: open."
        )
        parser.add_argument(
            "--rights",
            default="unknown",
            choices=DigitalObject.Rights.values,
            help="Default: unknown.",
        )
        parser.add_argument("--author-death-year", type=int)
        parser.add_argument("--record", type=int, help="Catalogue record id the scans belong to.")
        parser.add_argument("--collection", help="Collection code.")
        parser.add_argument("--ocr", help="OCR languages, e.g. vie or vie+eng (queued as a job).")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        library = library_or_error(options["library"])
        if options["manifest"] is not None:
            self._batch(Path(options["manifest"]), library)
            return
        if not options["paths"] or not options["identifier"] or not options["title"]:
            raise CommandError(
                "Cần PATH, --id và --title (hoặc --manifest). / "
                "PATH, --id and --title are required (or --manifest)."
            )
        record = None
        if options["record"] is not None:
            record = Record.objects.filter(pk=options["record"], library=library).first()
            if record is None:
                raise CommandError(
                    f"Thư viện {library.code} không có biểu ghi {options['record']}. / "
                    f"Library {library.code} has no record {options['record']}."
                )
        collection = None
        if options["collection"]:
            collection = Collection.objects.filter(code=options["collection"]).first()
            if collection is None:
                raise CommandError(
                    f"Không có bộ sưu tập {options['collection']}. / "
                    f"There is no collection {options['collection']}."
                )
        with tqdm(unit="page", disable=not sys.stderr.isatty(), desc=options["identifier"]) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            try:
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
                    actor=f"cli:{getpass.getuser()}",
                    progress=progress,
                )
            except ThuvienError as exc:
                raise CommandError(exc.message) from None
        pages = obj.pages.count()
        if options["json"]:
            self.stdout.write(
                json.dumps({"identifier": obj.identifier, "pages": pages, "access": obj.access})
            )
            return
        self.stdout.write(
            f"{obj.identifier}: {pages} trang/pages → {library.code} ({obj.access})"
            + (f"; OCR {obj.ocr_languages} queued" if obj.ocr_languages else "")
        )

    def _batch(self, manifest: Path, library: Library) -> None:
        from thuvien.digital.batches import ingest_batch

        try:
            report = ingest_batch(manifest, library=library, actor=f"cli:{getpass.getuser()}")
        except ThuvienError as exc:
            raise CommandError(exc.message) from None
        for line, identifier, reason in report.errors:
            self.stdout.write(f"  lỗi/error: dòng/line {line} ({identifier}): {reason}")
        self.stdout.write(
            f"{manifest.name} → {library.code}: {len(report.ingested)} đối tượng/objects, "
            f"{report.pages} trang/pages, {len(report.errors)} lỗi/errors"
        )
