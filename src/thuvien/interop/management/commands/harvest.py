"""``thuvien harvest``: partners' OAI-PMH repositories harvested into member libraries.

    thuvien harvest add NAME BASE_URL --library CODE [--prefix marc21|oai_dc] [--set SPEC]
                        [--every HOURS]
    thuvien harvest list
    thuvien harvest run [ID ...] [--due] [--max-pages N] [--json]

Run ``thuvien harvest run --due`` from cron or a systemd timer: each source is harvested when
its interval has passed, and an unfinished one continues where it stopped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.interop import harvest, services
from thuvien.interop.models import HarvestSource
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Thu hoạch OAI-PMH từ kho của đối tác vào thư viện thành viên: thêm nguồn, liệt kê, chạy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = self.subcommands(parser)
        add = self.subcommand(
            actions, "add", gettext_lazy("Đăng ký một nguồn OAI-PMH của đối tác.")
        )
        add.add_argument("name", help=gettext_lazy("Tên của nguồn."))
        add.add_argument(
            "base_url", help=gettext_lazy("Địa chỉ gốc OAI-PMH (http:// hoặc https://).")
        )
        add.add_argument(
            "--library", required=True, help=gettext_lazy("Mã thư viện nhận các biểu ghi.")
        )
        add.add_argument(
            "--prefix",
            default="marc21",
            choices=["marc21", "oai_dc"],
            help=gettext_lazy("Định dạng siêu dữ liệu cần lấy (mặc định marc21)."),
        )
        add.add_argument(
            "--set",
            default="",
            dest="set_spec",
            help=gettext_lazy("Chỉ thu hoạch tập (set) này của nguồn."),
        )
        add.add_argument(
            "--every",
            type=int,
            default=24,
            help=gettext_lazy("Số giờ giữa hai lần thu hoạch (mặc định 24)."),
        )
        self.subcommand(
            actions, "list", gettext_lazy("Các nguồn đã đăng ký và lần thu hoạch gần nhất.")
        )
        run = self.subcommand(
            actions,
            "run",
            gettext_lazy("Thu hoạch (mọi nguồn đang bật, hoặc các nguồn được nêu)."),
        )
        run.add_argument(
            "ids",
            nargs="*",
            type=int,
            help=gettext_lazy("Số của các nguồn (xem `thuvien harvest list`)."),
        )
        run.add_argument(
            "--due", action="store_true", help=gettext_lazy("Chỉ các nguồn đã đến hạn.")
        )
        run.add_argument(
            "--max-pages",
            type=int,
            default=None,
            help=gettext_lazy("Dừng sau bấy nhiêu trang; lần sau chạy tiếp từ đó."),
        )
        self.add_json_option(run)

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
        library = library_by_code(options["library"])
        source = services.add_source(
            cli_operator(), library, name=options["name"], base_url=options["base_url"],
            metadata_prefix=options["prefix"], set_spec=options["set_spec"],
            interval_hours=options["every"],
        )  # fmt: skip
        self.stdout.write(f"{source.pk}\t{source.name} → {library.code}")

    def _run(self, options: dict[str, Any]) -> None:
        sources = harvest.due() if options["due"] else list(
            HarvestSource.objects.filter(enabled=True).select_related("library").order_by("id")
        )  # fmt: skip
        if options["ids"]:
            sources = [s for s in sources if s.pk in options["ids"]]
            missing = set(options["ids"]) - {s.pk for s in sources}
            if missing and not options["due"]:
                raise fail(
                    _(
                        "Không có nguồn thu hoạch đang bật {ids}; xem `thuvien harvest list`."
                    ).format(ids=sorted(missing))
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
                    _(
                        "{source} → {library}: {pages} trang, mới {imported}, cập nhật "
                        "{updated}, không đổi {unchanged}, bị loại {rejected}, bị xoá ở nguồn "
                        "{deleted}"
                    ).format(
                        source=source.name,
                        library=source.library.code,
                        pages=report.pages,
                        imported=report.imported,
                        updated=report.updated,
                        unchanged=report.unchanged,
                        rejected=report.rejected,
                        deleted=len(report.deleted_upstream),
                    )
                    + ("" if report.complete else " " + _("(chưa xong)"))
                )
                for error in report.errors:
                    self.stdout.write(
                        _("  lỗi: {identifier}: {reason}").format(
                            identifier=error["identifier"], reason=error["reason"]
                        )
                    )
        if options["json"]:
            imported = sum(r.get("imported", 0) for r in results)
            self.print_json({"imported": imported, "sources": results})
        if failed:
            raise CommandError(_("Có nguồn thu hoạch bị lỗi (xem ở trên)."))
