"""``thuvien report show|export|open|remind``: the yearly statistical report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy, parse_date
from thuvien.reporting import output, services
from thuvien.reporting.figures import NUMBERS


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Báo cáo thống kê năm (1/12 năm trước đến 30/11): xem số liệu, xuất tệp, mở kỳ báo "
        "cáo, nhắc hạn nộp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        show = self.subcommand(
            sub, "show", gettext_lazy("In số liệu thống kê lấy từ dữ liệu hiện có.")
        )
        self._scope(show)
        self.add_json_option(show)
        export = self.subcommand(
            sub, "export", gettext_lazy("Xuất báo cáo ra tệp XLSX, PDF hoặc CSV.")
        )
        self._scope(export)
        export.add_argument(
            "--format", required=True, choices=output.FORMATS, help=gettext_lazy("Dạng tệp.")
        )
        export.add_argument("--output", required=True, help=gettext_lazy("Đường dẫn tệp ghi ra."))
        opening = self.subcommand(
            sub, "open", gettext_lazy("Mở kỳ báo cáo của một năm (việc của Sở VHTTDL).")
        )
        opening.add_argument(
            "--year", type=int, required=True, help=gettext_lazy("Năm báo cáo YYYY.")
        )
        opening.add_argument(
            "--deadline", required=True, help=gettext_lazy("Hạn nộp, dạng YYYY-MM-DD.")
        )
        remind = self.subcommand(
            sub,
            "remind",
            gettext_lazy("Gửi thư nhắc các thư viện chưa nộp và in danh sách nộp muộn."),
        )
        remind.add_argument(
            "--year", type=int, required=True, help=gettext_lazy("Năm báo cáo YYYY.")
        )
        self.add_json_option(remind)

    @staticmethod
    def _scope(parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--library", help=gettext_lazy("Mã thư viện, ví dụ VN-HN0001."))
        which.add_argument(
            "--province", action="store_true", help=gettext_lazy("Tổng hợp toàn tỉnh.")
        )
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help=gettext_lazy("Năm báo cáo YYYY: từ 1/12/YYYY-1 đến 30/11/YYYY."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"])(options)

    def _show(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if options["province"]:
            data = output.province_report(year)
            flat = data["total"]
        else:
            data = output.library_report(output.library_by_code(options["library"]), year)
            flat = data
        if options["json"]:
            if options["province"]:
                data = {**{k: data["total"][k] for k in NUMBERS}, **data}
            self.print_json(data)
            return
        for key in NUMBERS:
            self.stdout.write(f"{key}: {flat[key]}")

    def _export(self, options: dict[str, Any]) -> None:
        library = None if options["province"] else output.library_by_code(options["library"])
        data = output.export(options["format"], options["year"], library)
        path = Path(options["output"])
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise fail(
                _("Không ghi được {path}: {reason}.").format(path=path, reason=exc.strerror)
            ) from None
        self.stdout.write(_("Đã ghi {path} ({size} byte).").format(path=path, size=len(data)))

    def _open(self, options: dict[str, Any]) -> None:
        deadline = parse_date(options["deadline"], "--deadline")
        p = services.open_period(cli_operator(), options["year"], deadline)
        self.stdout.write(
            _("Đã mở kỳ báo cáo năm {year}, hạn nộp {deadline}.").format(
                year=p.year, deadline=f"{p.deadline:%d/%m/%Y}"
            )
        )

    def _remind(self, options: dict[str, Any]) -> None:
        p = services.get_period(options["year"])
        today = timezone.localdate()
        waiting = services.remind(p, today)
        late = today > p.deadline
        if options["json"]:
            self.print_json(
                {
                    "year": p.year,
                    "deadline": p.deadline.isoformat(),
                    "late": late,
                    "pending": [{"library": lib.code, "state": s} for lib, s in waiting],
                }
            )
            return
        heading = _("Nộp muộn") if late else _("Chưa nộp")
        self.stdout.write(f"{heading} ({len(waiting)}):")
        for library, _state in waiting:
            self.stdout.write(f"  {library.code} {library.name_vi}")
