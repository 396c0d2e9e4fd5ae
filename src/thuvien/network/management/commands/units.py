"""``thuvien units load|find``: Vietnam's administrative units, before and since 2025-07-01."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thuvien.network import units
from thuvien.network.management.commands._common import domain_errors, operator
from thuvien.network.models import AdministrativeUnit


def _describe(unit: AdministrativeUnit) -> str:
    span = f"từ/from {unit.valid_from}" if unit.valid_from else f"đến/until {unit.valid_to}"
    return f"[{unit.scheme}] {unit.code} {unit} ({unit.division_type}, {span})"


class Command(BaseCommand):
    help = "Load Vietnam's administrative units (both schemes), or find one by name."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,find}")
        load = sub.add_parser("load", help="Load or refresh the units (idempotent).")
        load.add_argument(
            "--pre-2025-wheel",
            type=Path,
            help=f"{units.PRE_2025_WHEEL_NAME} for the units before 2025-07-01 "
            f"(default: .cache/wheels of the checkout; get it with: {units.DOWNLOAD_HINT}).",
        )
        find = sub.add_parser("find", help="Find units by name (accents optional) or code.")
        find.add_argument("name")
        find.add_argument("--limit", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        with domain_errors():
            if options["action"] == "load":
                self._load(options["pre_2025_wheel"])
            else:
                self._find(options["name"], options["limit"])

    def _load(self, wheel: Path | None) -> None:
        wheel = wheel or units.default_pre_2025_wheel()
        if wheel is None:
            self.stderr.write(
                "Chỉ nạp các đơn vị từ 01/07/2025: chưa có dữ liệu trước 2025. Tải bằng "
                f"`{units.DOWNLOAD_HINT}` rồi chạy lại với --pre-2025-wheel. / Loading only the "
                "units in force since 2025-07-01: the pre-2025 data are missing. Download them "
                f"with `{units.DOWNLOAD_HINT}` and run again with --pre-2025-wheel."
            )
        report = units.load(wheel, actor=operator())
        for scheme, levels in report.counts.items():
            shown = ", ".join(f"{n} {level}" for level, n in levels.items())
            self.stdout.write(f"Phương án / scheme {scheme}: {shown}")
        self.stdout.write(
            f"Tạo mới / created {report.created}, sửa / updated {report.updated}; "
            f"liên kết cũ→mới / old→new links: thêm / added {report.links_created}, "
            f"bỏ / removed {report.links_removed} (xã / communes: {report.commune_links}); "
            f"{report.seconds:.2f} s"
        )

    def _find(self, name: str, limit: int) -> None:
        found = units.find_units(name, limit=limit)
        if not found:
            self.stdout.write(f'Không tìm thấy "{name}". / Nothing found for "{name}".')
            return
        for unit in found:
            self.stdout.write(_describe(unit))
            successors = list(unit.successors.all())
            for new in successors:
                self.stdout.write(f"    → {_describe(new)}")
            if unit.scheme == AdministrativeUnit.Scheme.BEFORE_2025 and not successors:
                province = units.province_of(unit)
                for new in province.successors.all() if province is not unit else []:
                    self.stdout.write(f"    → nằm trong / now within {_describe(new)}")
            for old in unit.predecessors.all():
                self.stdout.write(f"    ← {_describe(old)}")
