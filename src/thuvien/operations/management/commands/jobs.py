"""``thuvien jobs``: the periodic jobs the worker runs: list, change, run now."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.operations import schedule
from thuvien.operations.models import Job


def _row(job: Job) -> dict[str, Any]:
    def when(moment: Any) -> str | None:
        return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None

    return {
        "name": job.name,
        "command": " ".join(job.command),
        "every": job.every,
        "at": job.at.strftime("%H:%M"),
        "day": job.day,
        "enabled": job.enabled,
        "next_run": when(job.next_run_at),
        "last_run": when(job.last_started_at),
        "last_seconds": job.last_seconds,
        "last_outcome": job.last_outcome,
        "last_message": job.last_message,
    }


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Các việc định kỳ mà `thuvien worker` chạy (thông báo, thu hoạch, dữ liệu mở, sao lưu, "
        "diễn tập phục hồi…): xem, đổi giờ, bật/tắt, chạy ngay."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        listing = self.subcommand(chooser, "list", gettext_lazy("Liệt kê các việc và lần chạy."))
        self.add_json_option(listing)
        change = self.subcommand(chooser, "set", gettext_lazy("Đổi giờ, ngày hoặc bật/tắt."))
        change.add_argument("name", help=gettext_lazy("Tên việc (xem `thuvien jobs list`)."))
        change.add_argument("--at", help=gettext_lazy("Giờ chạy HH:MM (giờ địa phương)."))
        change.add_argument(
            "--day",
            type=int,
            help=gettext_lazy("Thứ (1 thứ Hai … 7 Chủ nhật) hoặc ngày trong tháng."),
        )
        on_off = change.add_mutually_exclusive_group()
        on_off.add_argument("--enable", action="store_true", help=gettext_lazy("Bật việc."))
        on_off.add_argument("--disable", action="store_true", help=gettext_lazy("Tắt việc."))
        now = self.subcommand(chooser, "run", gettext_lazy("Chạy một việc ngay, ở đây."))
        now.add_argument("name", help=gettext_lazy("Tên việc (xem `thuvien jobs list`)."))
        self.subcommand(chooser, "due", gettext_lazy("Chạy một lần các việc đã đến giờ."))

    def handle(self, *args: Any, **options: Any) -> None:
        schedule.ensure_defaults()
        action = options["action"]
        if action == "list":
            rows = [_row(job) for job in Job.objects.all()]
            if options["json"]:
                self.print_json(rows)
                return
            for row in rows:
                self.stdout.write(
                    _("{name:18} {every:6} {at}  tiếp theo {next}  lần trước {outcome}").format(
                        name=row["name"] + ("" if row["enabled"] else "*"),
                        every=row["every"],
                        at=row["at"],
                        next=row["next_run"] or "—",
                        outcome=row["last_outcome"] or "—",
                    )
                )
            return
        if action == "set":
            enabled = True if options["enable"] else (False if options["disable"] else None)
            job = schedule.change(options["name"], at=options["at"], day=options["day"],
                                  enabled=enabled)  # fmt: skip
            self.stdout.write(
                _("{name}: chạy lần tới {next}.").format(
                    name=job.name, next=_row(job)["next_run"] or "—"
                )
            )
            return
        if action == "run":
            job = schedule.run(schedule.run_soon(options["name"]))
            self.stdout.write(f"{job.name}: {job.get_last_outcome_display()}. {job.last_message}")
            return
        for job in schedule.run_due():
            self.stdout.write(f"{job.name}: {job.get_last_outcome_display()}")
