"""``thuvien digitise``: the digitisation programme from scripts: heritage rules (preview,
then ``--apply``), the share digitised, the queue (select, scans, moves, list) and the
figures of a period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.catalogue.models import Record
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy, parse_date
from thuvien.digital import digitisation, heritage
from thuvien.digital.machines import DIGITISATION
from thuvien.digital.models import DigitisationJob, HeritageKind
from thuvien.network.models import Library
from thuvien.network.services import library_by_code


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Chương trình số hoá: đánh dấu tài liệu di sản theo quy tắc, tỷ lệ đã số hoá, hàng "
        "đợi số hoá (chọn, nhận ảnh quét, chuyển bước) và số liệu của một kỳ."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        rule = self.subcommand(
            chooser,
            "rule",
            gettext_lazy(
                "Đánh dấu tài liệu di sản hàng loạt theo quy tắc: xem trước, thêm --apply để "
                "áp dụng."
            ),
        )
        rule.add_argument(
            "--library", required=True, metavar="CODE", help=gettext_lazy("Mã thư viện.")
        )
        rule.add_argument(
            "--kind",
            required=True,
            choices=HeritageKind.values,
            help=gettext_lazy("Loại tài liệu di sản."),
        )
        rule.add_argument("--name", default="", help=gettext_lazy("Tên quy tắc."))
        rule.add_argument("--before", type=int, help=gettext_lazy("Xuất bản trước năm này."))
        rule.add_argument("--call-from", default="", help=gettext_lazy("Ký hiệu xếp giá từ."))
        rule.add_argument("--call-to", default="", help=gettext_lazy("Ký hiệu xếp giá đến."))
        rule.add_argument(
            "--location", default="", help=gettext_lazy("Kho, vị trí (đánh dấu từng bản).")
        )
        rule.add_argument(
            "--apply", action="store_true", help=gettext_lazy("Áp dụng (mặc định: xem trước).")
        )
        self.add_json_option(rule)
        kpis = self.subcommand(
            chooser, "kpis", gettext_lazy("Tài liệu di sản đang lưu giữ và đã số hoá, tỷ lệ.")
        )
        kpis.add_argument(
            "--library", metavar="CODE", help=gettext_lazy("Chỉ một thư viện (mã thư viện).")
        )
        self.add_json_option(kpis)
        select = self.subcommand(
            chooser, "select", gettext_lazy("Đưa biểu ghi vào hàng đợi số hoá.")
        )
        select.add_argument("record_id", type=int, help=gettext_lazy("Số hiệu biểu ghi."))
        select.add_argument("--batch", default="", help=gettext_lazy("Tên đợt số hoá."))
        self.add_json_option(select)
        scans = self.subcommand(
            chooser,
            "scans",
            gettext_lazy("Nhận ảnh quét (tệp hoặc thư mục) của tài liệu đang ở bước quét."),
        )
        scans.add_argument("job_id", type=int, help=gettext_lazy("Số của tài liệu trong hàng đợi."))
        scans.add_argument(
            "paths", nargs="+", type=Path, help=gettext_lazy("Tệp ảnh quét hoặc thư mục.")
        )
        move = self.subcommand(
            chooser,
            "move",
            gettext_lazy(
                "Chuyển bước: scan, check, rescan, pass, review, publish (kiểm tra chất lượng "
                "chạy khi check; OCR chạy sau pass)."
            ),
        )
        move.add_argument("job_id", type=int, help=gettext_lazy("Số của tài liệu trong hàng đợi."))
        move.add_argument(
            "move", choices=list(DIGITISATION.moves), help=gettext_lazy("Bước chuyển.")
        )
        move.add_argument("--note", default="", help=gettext_lazy("Ghi chú (lý do)."))
        move.add_argument("--ocr", default="vie", help=gettext_lazy("Ngôn ngữ OCR (vie, khm…)."))
        self.add_json_option(move)
        listing = self.subcommand(chooser, "list", gettext_lazy("Các tài liệu trong hàng đợi."))
        listing.add_argument(
            "--library", metavar="CODE", help=gettext_lazy("Chỉ một thư viện (mã thư viện).")
        )
        listing.add_argument(
            "--state",
            choices=DigitisationJob.State.values,
            help=gettext_lazy("Chỉ các tài liệu ở bước này."),
        )
        self.add_json_option(listing)
        figures = self.subcommand(
            chooser,
            "figures",
            gettext_lazy("Số tài liệu, trang và GB công bố qua hàng đợi trong một kỳ."),
        )
        figures.add_argument(
            "--from",
            dest="start",
            required=True,
            metavar="YYYY-MM-DD",
            help=gettext_lazy("Ngày đầu kỳ."),
        )
        figures.add_argument(
            "--to",
            dest="end",
            required=True,
            metavar="YYYY-MM-DD",
            help=gettext_lazy("Ngày cuối kỳ (tính cả ngày này)."),
        )
        self.add_json_option(figures)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _libraries(self, code: str | None) -> list[int] | None:
        return [library_by_code(code).pk] if code else None

    def _rule(self, options: dict[str, Any]) -> None:
        operator = actors.cli_operator()
        rule = heritage.make_rule(
            operator,
            library_by_code(options["library"]),
            kind=options["kind"],
            name=options["name"],
            published_before=options["before"],
            call_number_from=options["call_from"],
            call_number_to=options["call_to"],
            location=options["location"],
        )
        shown = heritage.preview(rule)
        added = heritage.apply_rule(operator, rule) if options["apply"] else 0
        if options["json"]:
            self.print_json(
                {"rule": rule.pk, "level": shown.level, "matches": shown.count, "added": added}
            )
            return
        self.stdout.write(
            _("Quy tắc #{rule}: {count} tài liệu khớp.").format(rule=rule.pk, count=shown.count)
        )
        for row in shown.sample:
            self.stdout.write(f"  #{row['record']} {row['title']} {row['item']}".rstrip())
        if options["apply"]:
            self.stdout.write(_("Đã đánh dấu {added} tài liệu.").format(added=added))

    def _kpis(self, options: dict[str, Any]) -> None:
        rows = heritage.kpis(self._libraries(options["library"]))
        codes = dict(Library.objects.values_list("pk", "code"))
        if options["json"]:
            self.print_json(
                [
                    {
                        "library": codes[k.library_id],
                        "kind": k.kind,
                        "held": k.held,
                        "digitised": k.digitised,
                        "share": k.share,
                    }
                    for k in rows
                ]
            )
            return
        for k in rows:
            self.stdout.write(
                _("{library} · {kind}: đã số hoá {done}/{held} ({share} %)").format(
                    library=codes[k.library_id],
                    kind=k.kind_label,
                    done=k.digitised,
                    held=k.held,
                    share=k.share,
                )
            )

    def _job(self, job_id: int) -> DigitisationJob:
        job = DigitisationJob.objects.filter(pk=job_id).first()
        if job is None:
            raise fail(_("Không có tài liệu #{job} trong hàng đợi số hoá.").format(job=job_id))
        return job

    def _select(self, options: dict[str, Any]) -> None:
        record = Record.objects.select_related("library").filter(pk=options["record_id"]).first()
        if record is None:
            raise fail(_("Không có biểu ghi #{record}.").format(record=options["record_id"]))
        job = digitisation.select(actors.cli_operator(), record, batch=options["batch"])
        if options["json"]:
            self.print_json({"job": job.pk, "state": job.state})
            return
        self.stdout.write(_("Đã đưa vào hàng đợi: #{job}.").format(job=job.pk))

    def _scans(self, options: dict[str, Any]) -> None:
        obj = digitisation.attach_scans(
            actors.cli_operator(), self._job(options["job_id"]), options["paths"]
        )
        self.stdout.write(
            _("Đã nhận {pages} trang vào {identifier}.").format(
                pages=obj.pages.count(), identifier=obj.identifier
            )
        )

    def _move(self, options: dict[str, Any]) -> None:
        job = digitisation.move(
            actors.cli_operator(),
            self._job(options["job_id"]),
            options["move"],
            note=options["note"],
            ocr=options["ocr"],
        )
        if options["json"]:
            self.print_json({"job": job.pk, "state": job.state, "quality": job.quality})
            return
        self.stdout.write(
            _("#{job}: {state}.").format(job=job.pk, state=DIGITISATION.state_label(job.state))
        )
        for finding in job.quality.get("findings", []) if options["move"] == "check" else []:
            self.stdout.write(f"  {finding['message']}")

    def _list(self, options: dict[str, Any]) -> None:
        jobs = digitisation.queue(self._libraries(options["library"]), options["state"] or "")
        rows = [
            {
                "job": j.pk,
                "record": j.record_id,
                "library": j.library.code,
                "batch": j.batch,
                "state": j.state,
                "title": j.record.title,
            }
            for j in jobs[:1000]
        ]
        if options["json"]:
            self.print_json(rows)
            return
        for row in rows:
            self.stdout.write(
                f"#{row['job']} [{row['library']}] {row['state']} #{row['record']} {row['title']}"
            )

    def _figures(self, options: dict[str, Any]) -> None:
        start = parse_date(options["start"], "--from")
        end = parse_date(options["end"], "--to") + dt.timedelta(days=1)
        zone = timezone.get_current_timezone()
        out = digitisation.figures(
            dt.datetime.combine(start, dt.time(), zone), dt.datetime.combine(end, dt.time(), zone)
        )
        codes = dict(Library.objects.values_list("pk", "code"))
        rows = [
            {"library": codes[pk], "items": o.items, "pages": o.pages, "gb": o.gigabytes}
            for pk, o in sorted(out.items())
        ]
        if options["json"]:
            self.print_json(rows)
            return
        for row in rows:
            self.stdout.write(
                _("{library}: {items} tài liệu, {pages} trang, {gb} GB").format(**row)
            )
