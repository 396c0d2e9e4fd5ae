"""``thuvien acquisitions``: receive an order, take in a donation, legal deposit or exchange,
list and claim late orders, set an accession series, print or export the registers."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.acquisitions import printing, receiving, services
from thuvien.acquisitions.models import Order, Source
from thuvien.catalogue.models import Record
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy, parse_date
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Bổ sung: nhận tài liệu theo đơn hoặc không theo đơn (tặng, lưu chiểu, trao đổi), "
        "khiếu nại đơn chậm giao, in và xuất sổ đăng ký tổng quát và cá biệt."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        receive = self.subcommand(
            chooser,
            "receive",
            gettext_lazy(
                "Nhận tài liệu của một đơn đã gửi: mỗi bản được số ĐKCB tiếp theo; mặc định "
                "nhận đủ mọi dòng còn chờ."
            ),
        )
        self._library(receive)
        receive.add_argument("order", help=gettext_lazy("Số đơn, ví dụ ĐH-2026-0001."))
        receive.add_argument(
            "--line",
            action="append",
            default=[],
            metavar="ID=N",
            help=gettext_lazy("Chỉ nhận N bản của dòng ID (lặp lại cho nhiều dòng)."),
        )
        receive.add_argument("--document", default="", help=gettext_lazy("Số hoá đơn."))
        receive.add_argument("--date", metavar="DATE", help=gettext_lazy("Ngày nhận (YYYY-MM-DD)."))
        self.add_json_option(receive)
        take = self.subcommand(
            chooser,
            "take-in",
            gettext_lazy("Vào sổ tài liệu không theo đơn: biếu tặng, lưu chiểu, trao đổi."),
        )
        self._library(take)
        take.add_argument(
            "--source", required=True, choices=Source.values, help=gettext_lazy("Nguồn bổ sung.")
        )
        take.add_argument(
            "--provider", required=True, help=gettext_lazy("Người tặng hoặc nơi gửi.")
        )
        take.add_argument(
            "--record", type=int, required=True, help=gettext_lazy("Số hiệu biểu ghi.")
        )
        take.add_argument("--copies", type=int, default=1, help=gettext_lazy("Số bản."))
        take.add_argument("--price", default="0", help=gettext_lazy("Giá mỗi bản (đồng)."))
        take.add_argument("--document", default="", help=gettext_lazy("Số biên bản."))
        take.add_argument("--date", metavar="DATE", help=gettext_lazy("Ngày nhận (YYYY-MM-DD)."))
        self.add_json_option(take)
        late = self.subcommand(chooser, "late", gettext_lazy("Liệt kê các đơn quá hạn giao."))
        late.add_argument("--library", metavar="CODE", help=gettext_lazy("Mã thư viện."))
        self.add_json_option(late)
        claim = self.subcommand(
            chooser, "claim", gettext_lazy("Ghi thư khiếu nại một đơn quá hạn và in thư.")
        )
        self._library(claim)
        claim.add_argument("order", help=gettext_lazy("Số đơn."))
        series = self.subcommand(
            chooser,
            "series",
            gettext_lazy("Đặt tiền tố và độ dài số của một dãy số ĐKCB (VV, NV, TN…)."),
        )
        self._library(series)
        series.add_argument("code", help=gettext_lazy("Mã dãy, ví dụ VV."))
        series.add_argument("--prefix", default="", help=gettext_lazy("Tiền tố của thư viện."))
        series.add_argument("--width", type=int, default=6, help=gettext_lazy("Số chữ số."))
        skip = self.subcommand(
            chooser,
            "skip",
            gettext_lazy(
                "Bỏ qua một số số ĐKCB (sổ giấy rách, số đã cấp tay): mỗi số một dòng ghi lý do, "
                "không bao giờ cấp lại."
            ),
        )
        self._library(skip)
        skip.add_argument("code", help=gettext_lazy("Mã dãy, ví dụ VV."))
        skip.add_argument("count", type=int, help=gettext_lazy("Số lượng số bỏ qua."))
        skip.add_argument("--reason", required=True, help=gettext_lazy("Lý do."))
        registers = self.subcommand(
            chooser,
            "registers",
            gettext_lazy("In sổ đăng ký tổng quát hoặc cá biệt ra PDF hoặc XLSX."),
        )
        self._library(registers)
        registers.add_argument(
            "register",
            choices=("general", "individual"),
            help=gettext_lazy("Sổ tổng quát (general) hay cá biệt (individual)."),
        )
        registers.add_argument(
            "--output", required=True, metavar="FILE", help=gettext_lazy("Tệp được ghi ra.")
        )
        registers.add_argument(
            "--format",
            choices=("pdf", "xlsx"),
            default="pdf",
            help=gettext_lazy("Khuôn dạng (mặc định: pdf)."),
        )
        registers.add_argument(
            "--from", dest="first", metavar="DATE", help=gettext_lazy("Từ ngày (YYYY-MM-DD).")
        )
        registers.add_argument(
            "--to", dest="last", metavar="DATE", help=gettext_lazy("Đến ngày (YYYY-MM-DD).")
        )
        registers.add_argument(
            "--workers",
            type=int,
            default=0,
            help=gettext_lazy("Số tiến trình dựng PDF (0: mọi lõi)."),
        )

    @staticmethod
    def _library(parser: Any) -> None:
        parser.add_argument(
            "--library", required=True, metavar="CODE", help=gettext_lazy("Mã thư viện.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _order(self, options: dict[str, Any]) -> Order:
        library = library_by_code(options["library"])
        order = Order.objects.filter(library=library, number=options["order"]).first()
        if order is None:
            raise fail(
                _("Thư viện {library} không có đơn {number}.").format(
                    library=library.code, number=options["order"]
                )
            )
        return order

    def _receive(self, options: dict[str, Any]) -> None:
        order = self._order(options)
        quantities: dict[int, int] = {}
        for text in options["line"]:
            line, _sep, count = text.partition("=")
            if not (line.isdigit() and count.isdigit()):
                raise fail(_("--line {text}: hãy viết ID=N, ví dụ 12=3.").format(text=text))
            quantities[int(line)] = int(count)
        if not quantities:
            quantities = {
                line.pk: line.outstanding for line in order.lines.all() if line.outstanding
            }
        receipt = receiving.receive(
            actors.cli_operator(),
            order,
            quantities,
            document=options["document"],
            received_on=parse_date(options["date"], "--date") if options["date"] else None,
        )
        self._receipt(receipt, options["json"])

    def _receipt(self, receipt: Any, as_json: bool) -> None:
        codes = list(receipt.accessions.values_list("code", flat=True))
        if as_json:
            self.print_json({"receipt": receipt.number, "accession_numbers": codes})
            return
        self.stdout.write(
            _("Phiếu nhập số {number}: {count} bản, số ĐKCB {first} – {last}.").format(
                number=receipt.number, count=len(codes), first=codes[0], last=codes[-1]
            )
        )

    def _take_in(self, options: dict[str, Any]) -> None:
        library = library_by_code(options["library"])
        record = Record.objects.filter(pk=options["record"], library=library).first()
        if record is None:
            raise fail(
                _("Thư viện {library} không có biểu ghi số {id}.").format(
                    library=library.code, id=options["record"]
                )
            )
        try:
            price = Decimal(options["price"])
        except InvalidOperation:
            raise fail(
                _("--price {price}: không phải số.").format(price=options["price"])
            ) from None
        receipt = receiving.take_in(
            actors.cli_operator(),
            library,
            source=options["source"],
            provider=options["provider"],
            document=options["document"],
            entries=[receiving.Entry(record, options["copies"], price)],
            received_on=parse_date(options["date"], "--date") if options["date"] else None,
        )
        self._receipt(receipt, options["json"])

    def _late(self, options: dict[str, Any]) -> None:
        library = library_by_code(options["library"]) if options["library"] else None
        late = services.late_orders(library)
        if options["json"]:
            self.print_json(
                [
                    {
                        "library": o.library.code,
                        "order": o.number,
                        "supplier": o.supplier.name,
                        "expected_by": o.expected_by.isoformat() if o.expected_by else None,
                    }
                    for o in late
                ]
            )
            return
        for o in late:
            self.stdout.write(f"{o.library.code}\t{o.number}\t{o.supplier.name}\t{o.expected_by}")

    def _claim(self, options: dict[str, Any]) -> None:
        made = services.claim(actors.cli_operator(), self._order(options))
        self.stdout.write(made.letter)

    def _series(self, options: dict[str, Any]) -> None:
        library = library_by_code(options["library"])
        series = receiving.set_series(
            actors.cli_operator(),
            library,
            options["code"],
            prefix=options["prefix"],
            width=options["width"],
        )
        self.stdout.write(
            _("Dãy {series}: số tiếp theo {next}.").format(
                series=series, next=series.format(series.next_number)
            )
        )

    def _skip(self, options: dict[str, Any]) -> None:
        gaps = receiving.skip_numbers(
            actors.cli_operator(),
            library_by_code(options["library"]),
            options["code"],
            options["count"],
            reason=options["reason"],
        )
        self.stdout.write(
            _("Đã bỏ qua {first} – {last}: {reason}").format(
                first=gaps[0].code, last=gaps[-1].code, reason=options["reason"]
            )
        )

    def _registers(self, options: dict[str, Any]) -> None:
        library = library_by_code(options["library"])
        first = parse_date(options["first"], "--from") if options["first"] else None
        last = parse_date(options["last"], "--to") if options["last"] else None
        begun = time.perf_counter()
        if options["register"] == "general":
            first = first or dt.date(1900, 1, 1)
            last = last or dt.date(2999, 12, 31)
            body = (
                printing.general_pdf(library, first, last, workers=options["workers"])
                if options["format"] == "pdf"
                else printing.general_xlsx(library, first, last)
            )
        else:
            body = (
                printing.individual_pdf(library, first, last, workers=options["workers"])
                if options["format"] == "pdf"
                else printing.individual_xlsx(library, first, last)
            )
        Path(options["output"]).write_bytes(body)
        self.stdout.write(
            _("Đã ghi {path} ({size} KB, {seconds} s).").format(
                path=options["output"],
                size=len(body) // 1024,
                seconds=f"{time.perf_counter() - begun:.1f}",
            )
        )
