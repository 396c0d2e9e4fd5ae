"""``thuvien harvest``: partners' OAI-PMH repositories harvested into member libraries.

    thuvien harvest add NAME BASE_URL --library CODE [--prefix marc21|oai_dc] [--set SPEC]
                        [--every HOURS]
    thuvien harvest list
    thuvien harvest run [ID ...] [--due] [--max-pages N] [--json]

Run ``thuvien harvest run --due`` from cron or a systemd timer: each source is harvested when
its interval has passed, and an unfinished one continues where it stopped.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thuvien.actors import cli_operator
from thuvien.errors import ThuvienError
from thuvien.interop import harvest, services
from thuvien.interop.models import HarvestSource
from thuvien.network.models import Library


class Command(BaseCommand):
    help = (
        "Thu hoạch OAI-PMH từ các đối tác vào thư viện thành viên. / Harvest partners' OAI-PMH "
        "repositories into member libraries (add, list, run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Register a partner endpoint.")
        add.add_argument("name")
        add.add_argument("base_url")
        add.add_argument("--library", required=True)
        add.add_argument("--prefix", default="marc21", choices=["marc21", "oai_dc"])
        add.add_argument("--set", default="", dest="set_spec")
        add.add_argument("--every", type=int, default=24, help="Hours between harvests.")
        actions.add_parser("list", help="The registered endpoints and how they last went.")
        run = actions.add_parser("run", help="Harvest (all enabled sources, or those given).")
        run.add_argument("ids", nargs="*", type=int)
        run.add_argument("--due", action="store_true", help="Only the sources that are due.")
        run.add_argument("--max-pages", type=int, default=None)
        run.add_argument("--json", action="store_true", help="Print the reports as JSON last.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            self._add(options)
        elif action == "list":
            for source in HarvestSource.objects.select_related("library").order_by("id"):
                self.stdout.write(
                    f"{source.pk}\t{source.name}\t{source.base_url}\t{source.metadata_prefix}\t"
                    f"{source.library.code}\tfrom={source.last_datestamp or '-'}\t"
                    f"{'unfinished' if source.resumption_token else 'ok'}"
                )
        else:
            self._run(options)

    def _add(self, options: dict[str, Any]) -> None:
        library = Library.objects.filter(code=options["library"]).first()
        if library is None:
            raise CommandError(
                f"Không có thư viện mã {options['library']}. / No library has code "
                f"{options['library']}; see `thuvien library list`."
            )
        try:
            source = services.add_source(
                cli_operator(), library, name=options["name"], base_url=options["base_url"],
                metadata_prefix=options["prefix"], set_spec=options["set_spec"],
                interval_hours=options["every"],
            )  # fmt: skip
        except ThuvienError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{source.pk}\t{source.name} → {library.code}")

    def _run(self, options: dict[str, Any]) -> None:
        sources = harvest.due() if options["due"] else list(
            HarvestSource.objects.filter(enabled=True).select_related("library").order_by("id")
        )  # fmt: skip
        if options["ids"]:
            sources = [s for s in sources if s.pk in options["ids"]]
            missing = set(options["ids"]) - {s.pk for s in sources}
            if missing and not options["due"]:
                raise CommandError(
                    f"Không có nguồn thu hoạch {sorted(missing)}. / No enabled harvest source "
                    f"{sorted(missing)}; see `thuvien harvest list`."
                )
        results: list[dict[str, Any]] = []
        failed = False
        for source in sources:
            try:
                report = services.run_harvest(source, max_pages=options["max_pages"])
            except harvest.HarvestError as exc:
                failed = True
                results.append({"source": source.pk, "error": exc.message})
                self.stderr.write(f"{source.name}: {exc.message}")
                continue
            result = {"source": source.pk, **report.as_dict()}
            results.append(result)
            if not options["json"]:
                self.stdout.write(
                    f"{source.name} → {source.library.code}: {report.pages} trang/pages, "
                    f"{report.imported} mới/imported, {report.updated} cập nhật/updated, "
                    f"{report.unchanged} không đổi/unchanged, {report.rejected} bị loại/rejected, "
                    f"{len(report.deleted_upstream)} bị xoá ở nguồn/deleted upstream"
                    + ("" if report.complete else " (chưa xong/unfinished)")
                )
                for error in report.errors:
                    self.stdout.write(f"  lỗi/error: {error['identifier']}: {error['reason']}")
        if options["json"]:
            imported = sum(r.get("imported", 0) for r in results)
            self.stdout.write(
                json.dumps({"imported": imported, "sources": results}, ensure_ascii=False)
            )
        if failed:
            raise CommandError(
                "Có nguồn thu hoạch bị lỗi (xem trên). / A harvest failed (see above)."
            )
