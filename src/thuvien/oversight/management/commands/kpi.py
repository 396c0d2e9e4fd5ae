"""``thuvien kpi [--year YYYY] [--json]``: the plan's KPIs, live, with their targets;
``--set-target CODE VALUE DEADLINE`` enters a target of the province's plan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy, parse_date
from thuvien.oversight import kpis, services
from thuvien.reporting.figures import current_year


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Các chỉ tiêu (KPI) của kế hoạch, tính trực tiếp từ dữ liệu. Mỗi chỉ tiêu có tử số, "
        "mẫu số, giá trị, mức chỉ tiêu và hạn; năm báo cáo từ 01/12 năm trước đến 30/11."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            help=gettext_lazy("Năm báo cáo (mặc định: năm hiện tại, tháng 12 tính sang năm sau)."),
        )
        parser.add_argument(
            "--set-target",
            nargs=3,
            metavar=("CODE", "VALUE", "DEADLINE"),
            help=gettext_lazy(
                "Đặt mức chỉ tiêu: mã, mức (phần trăm hoặc số trên đầu người), hạn YYYY-MM-DD."
            ),
        )
        parser.add_argument(
            "--plan", default="", help=gettext_lazy("Số, tên kế hoạch đặt chỉ tiêu.")
        )
        self.add_json_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["set_target"]:
            code, value, deadline = options["set_target"]
            row = services.set_target(
                actors.cli_operator(),
                code,
                value,
                parse_date(deadline, "--set-target"),
                plan=options["plan"],
            )
            self.stdout.write(
                _("Đã đặt chỉ tiêu {kpi}: {target} trước {deadline}.").format(
                    kpi=row.kpi,
                    target=kpis.plain(row.target),
                    deadline=row.deadline.strftime("%d/%m/%Y"),
                )
            )
            return
        year = options["year"] or current_year()
        if not 1990 <= year <= 2100:
            raise fail(_("--year {year}: hãy nhập năm dạng YYYY, ví dụ 2026.").format(year=year))
        figures = kpis.all_figures(year)
        if options["json"]:
            self.print_json({"year": year, "kpis": [f.as_json() for f in figures]})
            return
        for f in figures:
            value = "—" if f.value is None else (f"{f.value}%" if f.kpi.percent else str(f.value))
            target = (
                ""
                if f.target is None
                else _(" (chỉ tiêu {target} trước {deadline})").format(
                    target=kpis.plain(f.target),
                    deadline=f.deadline.strftime("%d/%m/%Y") if f.deadline else "",
                )
            )
            self.stdout.write(
                f"{f.code:22} {value:>10}  {f.numerator}/{f.denominator}  {f.kpi.name}{target}"
            )
