"""``thuvien audit``: check the log's hash chain, export it, remove what is past retention."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien import actors
from thuvien.audit import chain, services
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy, parse_date


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Nhật ký thao tác: kiểm tra chuỗi băm (verify), xuất ra CSV hoặc JSON Lines (export), "
        "xoá mục quá thời hạn lưu giữ (purge, ít nhất 12 tháng)."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        verify = self.subcommand(
            chooser,
            "verify",
            gettext_lazy(
                "Kiểm tra từng mục nối đúng với mục trước và chưa bị sửa; báo chỗ đứt đầu tiên "
                "và thoát với mã khác 0."
            ),
        )
        self.add_json_option(verify)
        export = self.subcommand(
            chooser, "export", gettext_lazy("Xuất nhật ký (cũ trước) ra tệp hoặc stdout.")
        )
        export.add_argument(
            "--format", choices=["csv", "jsonl"], default="jsonl", help=gettext_lazy("Định dạng.")
        )
        export.add_argument("--since", help=gettext_lazy("Từ ngày YYYY-MM-DD."))
        export.add_argument("--until", help=gettext_lazy("Đến trước ngày YYYY-MM-DD."))
        export.add_argument("--to", type=Path, help=gettext_lazy("Tệp ghi ra (mặc định stdout)."))
        purge = self.subcommand(
            chooser,
            "purge",
            gettext_lazy(
                "Xoá các mục cũ hơn thời hạn lưu giữ (THUVIEN_AUDIT_RETENTION_MONTHS); không "
                "nhận thời hạn dưới 12 tháng."
            ),
        )
        purge.add_argument("--months", type=int, help=gettext_lazy("Số tháng giữ lại."))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(as_json=options["json"])
        elif action == "export":
            self._export(options)
        else:
            months = options["months"] or services.retention_months()
            try:
                removed = services.purge(actors.cli_operator(), months)
            except services.RetentionTooShort as exc:
                raise fail(str(exc)) from None
            self.stdout.write(
                _("Đã xoá {count} mục nhật ký cũ hơn {months} tháng.").format(
                    count=removed, months=months
                )
            )

    def _verify(self, *, as_json: bool) -> None:
        verdict = chain.verify()
        broken = verdict.first_break
        if as_json:
            self.print_json(
                {
                    "checked": verdict.checked,
                    "intact": broken is None,
                    "first_break": None if broken is None else broken.entry_id,
                    "reason": None if broken is None else broken.reason,
                }
            )
        elif broken is None:
            self.stdout.write(
                _("Chuỗi nhật ký nguyên vẹn: {count} mục.").format(count=verdict.checked)
            )
        if broken is None:
            return
        if broken.reason == "head":
            message = _("Chuỗi nhật ký bị cắt: các mục mới nhất sau mục {count} đã bị xoá.")
        elif broken.reason == "previous":
            message = _("Chuỗi nhật ký đứt ở mục {id}: mục trước nó đã bị xoá, chèn thêm hoặc sửa.")
        else:
            message = _("Chuỗi nhật ký đứt ở mục {id}: nội dung mục này đã bị sửa.")
        raise CommandError(message.format(id=broken.entry_id, count=verdict.checked), returncode=1)

    def _export(self, options: dict[str, Any]) -> None:
        since, until = (
            _start_of(parse_date(options[key], f"--{key}")) if options[key] else None
            for key in ("since", "until")
        )
        out = options["to"].open("w", encoding="utf-8", newline="") if options["to"] else None
        stream: Any = out or _Text(self)
        try:
            rows = services.export_rows(since, until)
            if options["format"] == "csv":
                writer = csv.DictWriter(stream, fieldnames=services.EXPORT_COLUMNS)
                writer.writeheader()
                for row in rows:
                    for key in ("before", "after"):
                        row[key] = json.dumps(row[key], ensure_ascii=False, sort_keys=True)
                    writer.writerow(row)
            else:
                for row in rows:
                    stream.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        finally:
            if out is not None:
                out.close()


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _Text:
    """The command's stdout as a file for csv and json (no line ending added)."""

    def __init__(self, command: ThuvienCommand) -> None:
        self.command = command

    def write(self, text: str) -> None:
        self.command.stdout.write(text, ending="")
