"""``thuvien stocktake``: open a count, load a file of scanned barcodes, see the figures, close.

A scanner that saves to a file (or a phone's export) is loaded with ``scan``; each line gets an
id from its line number and barcode, so loading the same file again counts nothing twice.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.network.services import library_by_code
from thuvien.stock import stocktake


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Kiểm kê kho: mở đợt kiểm kê, nạp tệp mã vạch đã quét, xem số liệu, đóng đợt kiểm kê."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        opening = self.subcommand(chooser, "open", gettext_lazy("Mở một đợt kiểm kê."))
        opening.add_argument(
            "--library", required=True, metavar="CODE", help=gettext_lazy("Mã thư viện.")
        )
        opening.add_argument("--name", required=True, help=gettext_lazy("Tên đợt kiểm kê."))
        opening.add_argument(
            "--location",
            action="append",
            default=[],
            help=gettext_lazy("Kho hoặc phòng cần kiểm (lặp lại được; bỏ trống: cả thư viện)."),
        )
        self.add_json_option(opening)
        scan = self.subcommand(
            chooser,
            "scan",
            gettext_lazy(
                "Nạp tệp mã vạch (mỗi dòng một mã; - là đầu vào chuẩn); nạp lại không tính hai lần."
            ),
        )
        scan.add_argument("id", type=int, help=gettext_lazy("Số đợt kiểm kê."))
        scan.add_argument("file", help=gettext_lazy("Tệp mã vạch."))
        scan.add_argument("--location", default="", help=gettext_lazy("Nơi đã quét."))
        self.add_json_option(scan)
        status = self.subcommand(chooser, "status", gettext_lazy("Số liệu của một đợt kiểm kê."))
        status.add_argument("id", type=int, help=gettext_lazy("Số đợt kiểm kê."))
        self.add_json_option(status)
        close = self.subcommand(chooser, "close", gettext_lazy("Đóng đợt kiểm kê."))
        close.add_argument("id", type=int, help=gettext_lazy("Số đợt kiểm kê."))
        close.add_argument(
            "--mark-lost",
            action="store_true",
            help=gettext_lazy("Ghi các bản thiếu là mất (quyết định của thư viện)."),
        )
        self.add_json_option(close)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actors.cli_operator()
        action = options["action"]
        if action == "open":
            take = stocktake.open_stock_take(
                actor,
                library_by_code(options["library"]),
                name=options["name"],
                locations=options["location"],
            )
            if options["json"]:
                self.print_json({"id": take.pk, "state": take.state})
            else:
                self.stdout.write(_("Đã mở đợt kiểm kê số {id}.").format(id=take.pk))
            return
        take = stocktake.get(options["id"])
        if action == "scan":
            self._scan(actor, take, options)
            return
        if action == "close":
            stocktake.close(actor, take, mark_lost=options["mark_lost"])
        figures = {**stocktake.findings(take).figures(), "state": take.state}
        if options["json"]:
            self.print_json(figures)
            return
        self.stdout.write(
            _(
                "{state}: phải có {expected}, tìm thấy {found}, thiếu {missing}, sai chỗ "
                "{misplaced}, ngoài dự kiến {unexpected} ({scans} lượt quét)."
            ).format(**{**figures, "state": take.get_state_display()})
        )

    def _scan(self, actor: str, take: Any, options: dict[str, Any]) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise fail(
                _("Không đọc được tệp {file}: {reason}").format(file=name, reason=exc.strerror)
            ) from None
        lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)]
        scans = [
            {
                "id": f"cli:{Path(name).name}:{n}:{code}"[:64],
                "barcode": code,
                "location": options["location"],
            }
            for n, code in lines
            if code
        ]
        accepted = repeated = 0
        for start in range(0, len(scans), stocktake.MAX_BATCH):
            result = stocktake.record_scans(actor, take, scans[start : start + stocktake.MAX_BATCH])
            accepted += result["accepted"]
            repeated += result["repeated"]
        if options["json"]:
            self.print_json({"accepted": accepted, "repeated": repeated})
            return
        self.stdout.write(
            _("Đã nhận {accepted} lượt quét mới, {repeated} lượt đã có.").format(
                accepted=accepted, repeated=repeated
            )
        )
