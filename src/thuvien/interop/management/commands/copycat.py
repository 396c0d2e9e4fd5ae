"""``thuvien copycat TARGET QUERY --library CODE``: copy records from a remote catalogue."""

from __future__ import annotations

import getpass
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.interop import copycat, services
from thuvien.network.models import Library


class Command(BaseCommand):
    help = (
        "Tìm trên máy chủ Z39.50 hoặc SRU và nhập các bản ghi tìm được vào một thư viện. / "
        "Search a Z39.50 or SRU server and import the records found into a library. "
        "TARGET is z3950://host:port/database or sru+http://host:port/path; QUERY is words, "
        "an ISBN, PQF (Z39.50) or CQL (SRU)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target")
        parser.add_argument("query")
        parser.add_argument("--library", required=True, help="Code of the importing library.")
        parser.add_argument("--limit", type=int, default=10, help="At most this many records.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON last.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["library"]
        library = Library.objects.filter(code=code).first()
        if library is None:
            raise CommandError(
                f"Không có thư viện mã {code}. / No library has code {code}; "
                "see `thuvien library list`."
            )
        if not 1 <= options["limit"] <= copycat.MAX_RECORDS:
            raise CommandError(
                f"--limit phải từ 1 đến {copycat.MAX_RECORDS}. / --limit must be between 1 and "
                f"{copycat.MAX_RECORDS}."
            )
        try:
            found = copycat.search(options["target"], options["query"], options["limit"])
        except copycat.RemoteError as exc:
            if options["json"]:
                self.stdout.write(
                    json.dumps({"imported": 0, "error": exc.message}, ensure_ascii=False)
                )
            raise CommandError(exc.message) from None
        report = services.import_found(
            f"cli:{getpass.getuser()}", library, found.records,
            provenance=copycat.provenance(found),
        )  # fmt: skip
        result = {
            **report.as_dict(),
            "found": found.total,
            "retrieved": len(found.records) + len(found.problems),
            "unreadable": found.problems,
            "target": found.target.url,
            "library": library.code,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{found.target.url}: {found.total} tìm thấy/found, {result['retrieved']} lấy về/"
            f"retrieved → {library.code}: {report.imported} mới/imported, {report.updated} cập "
            f"nhật/updated, {report.unchanged} không đổi/unchanged, {report.rejected} bị loại/"
            "rejected"
        )
        for problem in found.problems:
            self.stdout.write(f"  lỗi/error: {problem}")
