"""``thuvien migrate-from koha|libol|vebrary|xlsx``: bring a library over from another system,
with its readers, open loans and loan history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.legacy import xlsx
from thuvien.legacy.runs import read_columns, run_files
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Chuyển một thư viện từ hệ thống khác sang: biểu ghi, bản sách, bạn đọc, sách đang "
        "mượn (giữ ngày mượn, hạn trả) và lịch sử mượn. Dòng hỏng được nêu tên tệp, dòng và "
        "lý do, các dòng khác vẫn được nhận; chạy lại không sinh bản trùng."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser, dest="source")
        for name, text in (
            ("koha", gettext_lazy("Từ Koha: tệp MARC có trường 952, CSV bạn đọc và lượt mượn.")),
            (
                "libol",
                gettext_lazy(
                    "Từ Libol: tệp MARC (số ĐKCB ở 852$j) và CSV, cột đặt tên theo --columns."
                ),
            ),
            (
                "vebrary",
                gettext_lazy("Từ Vebrary: tệp MARC và CSV, cột đặt tên theo --columns."),
            ),
        ):
            sub = self.subcommand(chooser, name, text)
            sub.add_argument(
                "--marc", type=Path, required=True, help=gettext_lazy("Tệp MARC xuất ra.")
            )
            sub.add_argument("--patrons", type=Path, help=gettext_lazy("CSV bạn đọc."))
            sub.add_argument("--issues", type=Path, help=gettext_lazy("CSV sách đang mượn."))
            sub.add_argument(
                "--old-issues", type=Path, help=gettext_lazy("CSV lượt mượn đã trả (lịch sử).")
            )
            sub.add_argument(
                "--columns",
                type=Path,
                help=gettext_lazy(
                    "Tệp JSON đổi tên cột của hệ thống cũ sang tên cột của Koha, ví dụ "
                    '{"patrons": {"cardnumber": "SoThe"}, "categories": {"GV": "adult"}}.'
                ),
            )
            self._common(sub)
        sheet = self.subcommand(
            chooser,
            "xlsx",
            gettext_lazy("Từ bảng tính theo mẫu (tài liệu, bạn đọc, sách đang mượn)."),
        )
        sheet.add_argument("file", type=Path, nargs="?", help=gettext_lazy("Tệp XLSX đã điền."))
        sheet.add_argument(
            "--template",
            type=Path,
            metavar="FILE",
            help=gettext_lazy("Ghi tệp mẫu (tiêu đề tiếng Việt, trang hướng dẫn) rồi thôi."),
        )
        self._common(sheet, library_required=False)

    def _common(self, sub: Any, *, library_required: bool = True) -> None:
        sub.add_argument(
            "--library",
            required=library_required,
            metavar="CODE",
            help=gettext_lazy("Mã thư viện nhận dữ liệu."),
        )
        sub.add_argument(
            "--prefix",
            default="",
            help=gettext_lazy(
                "Tiền tố thêm vào số thẻ, mã vạch và số hiệu biểu ghi, khi hai hệ thống "
                "gộp vào một thư viện có số trùng nhau (ví dụ HT-)."
            ),
        )
        sub.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Chạy thử: báo cáo những gì sẽ xảy ra, không ghi gì."),
        )
        self.add_json_option(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        if source == "xlsx" and options["template"]:
            xlsx.write_template(options["template"])
            self.stdout.write(_("Đã ghi mẫu {file}.").format(file=options["template"]))
            return
        if source == "xlsx":
            if options["file"] is None or not options["library"]:
                raise fail(_("Cần tệp XLSX và --library, hoặc --template TỆP."))
            files = {"xlsx": options["file"]}
            columns = None
        else:
            files = {
                part: options[part]
                for part in ("marc", "patrons", "issues", "old_issues")
                if options[part] is not None
            }
            columns = read_columns(options["columns"])
        library = library_by_code(options["library"])
        report = run_files(
            cli_operator(),
            library,
            source,
            files,
            prefix=options["prefix"],
            dry_run=options["dry_run"],
            columns=columns,
        )
        if report.dry_run:
            self.stderr.write(_("Chạy thử: không có gì được ghi."))
        for summary in report.files:
            self.print_import(summary, as_json=False)
        if options["json"]:
            self.print_json(report.as_dict())
