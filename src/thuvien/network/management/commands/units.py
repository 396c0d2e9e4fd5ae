"""``thuvien units load|find``: Vietnam's administrative units, before and since 2025-07-01."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.network import units
from thuvien.network.models import AdministrativeUnit


def _describe(unit: AdministrativeUnit) -> str:
    if unit.valid_from:
        span = _("từ {date}").format(date=unit.valid_from)
    else:
        span = _("đến {date}").format(date=unit.valid_to)
    return f"[{unit.scheme}] {unit.code} {unit} ({unit.division_type}, {span})"


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Đơn vị hành chính Việt Nam, trước và từ 01/07/2025: nạp, hoặc tìm theo tên."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        load = self.subcommand(
            sub,
            "load",
            gettext_lazy("Nạp hoặc cập nhật các đơn vị (chạy lại bao nhiêu lần cũng được)."),
        )
        load.add_argument(
            "--pre-2025-wheel",
            type=Path,
            help=_(
                "Tệp {wheel} chứa các đơn vị trước 01/07/2025 (mặc định: trong .cache/wheels "
                "của bản mã nguồn; tải bằng: {hint})."
            ).format(wheel=units.PRE_2025_WHEEL_NAME, hint=units.DOWNLOAD_HINT),
        )
        find = self.subcommand(
            sub, "find", gettext_lazy("Tìm đơn vị theo tên (dấu không bắt buộc) hoặc mã.")
        )
        find.add_argument("name", help=gettext_lazy("Tên hoặc mã của đơn vị."))
        find.add_argument(
            "--limit", type=int, default=30, help=gettext_lazy("Nhiều nhất bấy nhiêu đơn vị.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self._load(options["pre_2025_wheel"])
        else:
            self._find(options["name"], options["limit"])

    def _load(self, wheel: Path | None) -> None:
        wheel = wheel or units.default_pre_2025_wheel()
        if wheel is None:
            self.stderr.write(
                _(
                    "Chỉ nạp các đơn vị từ 01/07/2025: chưa có dữ liệu trước 2025. Tải bằng "
                    "`{hint}` rồi chạy lại với --pre-2025-wheel."
                ).format(hint=units.DOWNLOAD_HINT)
            )
        report = units.load(wheel, actor=cli_operator())
        for scheme, levels in report.counts.items():
            shown = ", ".join(f"{n} {level}" for level, n in levels.items())
            self.stdout.write(_("Phương án {scheme}: {counts}").format(scheme=scheme, counts=shown))
        self.stdout.write(
            _(
                "Tạo mới {created}, sửa {updated}; liên kết cũ→mới: thêm {added}, bỏ {removed} "
                "(xã: {communes}); {seconds} giây"
            ).format(
                created=report.created,
                updated=report.updated,
                added=report.links_created,
                removed=report.links_removed,
                communes=report.commune_links,
                seconds=f"{report.seconds:.2f}",
            )
        )

    def _find(self, name: str, limit: int) -> None:
        found = units.find_units(name, limit=limit)
        if not found:
            self.stdout.write(_('Không tìm thấy "{name}".').format(name=name))
            return
        for unit in found:
            self.stdout.write(_describe(unit))
            successors = list(unit.successors.all())
            for new in successors:
                self.stdout.write(f"    → {_describe(new)}")
            if unit.scheme == AdministrativeUnit.Scheme.BEFORE_2025 and not successors:
                province = units.province_of(unit)
                for new in province.successors.all() if province is not unit else []:
                    self.stdout.write("    → " + _("nằm trong {unit}").format(unit=_describe(new)))
            for old in unit.predecessors.all():
                self.stdout.write(f"    ← {_describe(old)}")
