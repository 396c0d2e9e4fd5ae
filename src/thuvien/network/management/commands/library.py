"""``thuvien library add|list|show|event``: the province's register of libraries."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thuvien.network import services
from thuvien.network.management.commands._common import domain_errors, fail, operator, parse_date
from thuvien.network.models import (
    AdministrativeUnit,
    Library,
    LibraryEvent,
    LibraryLevel,
    LibraryType,
)


def _unit(code: str) -> AdministrativeUnit:
    """A unit by GSO code: scheme 2025 by default, ``2004:CODE`` for a pre-2025 unit."""
    scheme, _, bare = code.rpartition(":")
    unit = AdministrativeUnit.objects.filter(scheme=scheme or "2025", code=bare).first()
    if unit is None:
        raise fail(
            f"Không có đơn vị hành chính mã {code}. Tìm mã bằng `thuvien units find TÊN` (đơn vị "
            f"trước 2025: 2004:MÃ). / No administrative unit has code {code}; find it with "
            "`thuvien units find NAME` (units before 2025: 2004:CODE)."
        )
    return unit


def _as_dict(library: Library) -> dict[str, Any]:
    return {
        "code": library.code,
        "name_vi": library.name_vi,
        "name_en": library.name_en,
        "type": library.library_type,
        "public": library.is_public,
        "level": library.level,
        "parent": library.parent.code if library.parent else None,
        "host_organisation": library.host_organisation,
        "address": library.address,
        "admin_unit": library.admin_unit.code if library.admin_unit else None,
        "phone": library.phone,
        "email": library.email,
        "website": library.website,
        "status": library.status,
    }


class Command(BaseCommand):
    help = "Register libraries, list and show them, record their history."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list,show,event}")
        add = sub.add_parser("add", help="Register a library.")
        add.add_argument("code", help="ISIL-style code, e.g. VN-HN0001.")
        add.add_argument("--name", required=True, help="Vietnamese name.")
        add.add_argument(
            "--type",
            required=True,
            dest="library_type",
            help=f"One of: {', '.join(LibraryType.values)}.",
        )
        add.add_argument("--name-en", default="")
        public = add.add_mutually_exclusive_group()
        public.add_argument(
            "--public",
            dest="is_public",
            action="store_true",
            default=True,
            help="Public library, công lập (the default).",
        )
        public.add_argument(
            "--non-public",
            dest="is_public",
            action="store_false",
            help="Non-public library, ngoài công lập.",
        )
        add.add_argument("--level", default="", help=f"One of: {', '.join(LibraryLevel.values)}.")
        add.add_argument("--parent", help="Code of the library this one reports to.")
        add.add_argument("--host", default="", help="Host organisation (school, agency…).")
        add.add_argument("--address", default="")
        add.add_argument("--unit", help="GSO code of its commune/province (2004:CODE before 2025).")
        add.add_argument("--phone", default="")
        add.add_argument("--email", default="")
        add.add_argument("--website", default="")
        add.add_argument("--founded", help="Founding date, YYYY-MM-DD.")
        listing = sub.add_parser("list", help="List libraries.")
        listing.add_argument("--type", dest="library_type", help="Only libraries of this type.")
        listing.add_argument("--json", action="store_true", help="JSON instead of a table.")
        show = sub.add_parser("show", help="Show one library and its history.")
        show.add_argument("code")
        event = sub.add_parser(
            "event", help="Record a founding, renaming, merger, split, dissolution."
        )
        event.add_argument("code")
        event.add_argument("kind", help=f"One of: {', '.join(LibraryEvent.Kind.values)}.")
        event.add_argument("date", help="YYYY-MM-DD")
        event.add_argument(
            "--related",
            action="append",
            default=[],
            help="Library merged into (merged) or formed (split); repeatable.",
        )
        event.add_argument("--note", default="")
        event.add_argument("--previous-name", default="", help="Former name (renamed).")

    def handle(self, *args: Any, **options: Any) -> None:
        with domain_errors():
            getattr(self, f"_{options['action']}")(options)

    def _add(self, options: dict[str, Any]) -> None:
        founded = parse_date(options["founded"], "--founded") if options["founded"] else None
        library = services.register_library(
            operator(),
            code=options["code"],
            name_vi=options["name"],
            library_type=options["library_type"],
            name_en=options["name_en"],
            is_public=options["is_public"],
            level=options["level"],
            parent=services.get_library(options["parent"]) if options["parent"] else None,
            host_organisation=options["host"],
            address=options["address"],
            admin_unit=_unit(options["unit"]) if options["unit"] else None,
            phone=options["phone"],
            email=options["email"],
            website=options["website"],
            founded_on=founded,
        )
        self.stdout.write(f"Đã đăng ký / Registered {library.code} {library.name_vi}")

    def _list(self, options: dict[str, Any]) -> None:
        libraries = list(services.list_libraries(library_type=options["library_type"]))
        if options["json"]:
            self.stdout.write(json.dumps([_as_dict(x) for x in libraries], ensure_ascii=False))
            return
        if not libraries:
            self.stdout.write("Chưa có thư viện nào. / No libraries yet.")
            return
        rows = [("Mã/Code", "Loại/Type", "Trạng thái/Status", "Tên/Name")]
        rows += [(x.code, x.library_type, x.status, x.name_vi) for x in libraries]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))
        self.stdout.write(f"{len(libraries)} thư viện / libraries")

    def _show(self, options: dict[str, Any]) -> None:
        library = services.get_library(options["code"])
        labels = {
            "code": "Mã / Code",
            "name_vi": "Tên / Name",
            "name_en": "Tên tiếng Anh / English name",
            "type": "Loại / Type",
            "public": "Công lập / Public",
            "level": "Cấp / Level",
            "parent": "Cấp trên / Parent",
            "host_organisation": "Cơ quan chủ quản / Host",
            "address": "Địa chỉ / Address",
            "admin_unit": "Đơn vị hành chính / Unit",
            "phone": "Điện thoại / Phone",
            "email": "Email",
            "website": "Website",
            "status": "Trạng thái / Status",
        }
        values = _as_dict(library)
        if library.admin_unit is not None:
            values["admin_unit"] = f"{library.admin_unit.code} {library.admin_unit}"
        values["public"] = "có / yes" if library.is_public else "không / no"
        for key, label in labels.items():
            if values[key] not in ("", None):
                self.stdout.write(f"{label}: {values[key]}")
        events = services.history(library)
        self.stdout.write("Lịch sử / History:" if events else "Lịch sử / History: (trống / none)")
        for event in events:
            others = " ".join(o.code for o in event.related.all())
            line = f"  {event.date} {event.library.code} {event.kind}"
            line += f" → {others}" if others else ""
            line += f' (tên cũ / formerly "{event.previous_name}")' if event.previous_name else ""
            line += f" — {event.note}" if event.note else ""
            self.stdout.write(line)

    def _event(self, options: dict[str, Any]) -> None:
        library = services.get_library(options["code"])
        event = services.record_event(
            operator(),
            library,
            options["kind"],
            parse_date(options["date"], "DATE"),
            note=options["note"],
            related=[services.get_library(code) for code in options["related"]],
            previous_name=options["previous_name"],
        )
        self.stdout.write(
            f"Đã ghi / Recorded: {library.code} {event.kind} {event.date}; "
            f"trạng thái / status: {library.status}"
        )
