"""``thuvien library add|list|show|event``: the province's register of libraries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy, parse_date
from thuvien.network import services
from thuvien.network.models import (
    AdministrativeUnit,
    Library,
    LibraryEvent,
    LibraryLevel,
    LibraryType,
)


def _unit(code: str) -> AdministrativeUnit:
    """A unit by GSO code: scheme 2025 by default, ``2004:CODE`` for a pre-2025 unit."""
    scheme, _sep, bare = code.rpartition(":")
    unit = AdministrativeUnit.objects.filter(scheme=scheme or "2025", code=bare).first()
    if unit is None:
        raise fail(
            _(
                "Không có đơn vị hành chính mã {code}. Tìm mã bằng `thuvien units find TÊN` "
                "(đơn vị trước 2025: 2004:MÃ)."
            ).format(code=code)
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


def _one_of(values: list[str]) -> str:
    return _("Một trong: {values}.").format(values=", ".join(values))


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Sổ đăng ký thư viện: đăng ký, liệt kê, xem một thư viện, ghi lịch sử của nó."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        add = self.subcommand(sub, "add", gettext_lazy("Đăng ký một thư viện."))
        add.add_argument("code", help=gettext_lazy("Mã theo kiểu ISIL, ví dụ VN-HN0001."))
        add.add_argument("--name", required=True, help=gettext_lazy("Tên tiếng Việt."))
        add.add_argument(
            "--type",
            required=True,
            dest="library_type",
            help=_one_of(LibraryType.values),
        )
        add.add_argument("--name-en", default="", help=gettext_lazy("Tên tiếng Anh."))
        public = add.add_mutually_exclusive_group()
        public.add_argument(
            "--public",
            dest="is_public",
            action="store_true",
            default=True,
            help=gettext_lazy("Thư viện công lập (mặc định)."),
        )
        public.add_argument(
            "--non-public",
            dest="is_public",
            action="store_false",
            help=gettext_lazy("Thư viện ngoài công lập."),
        )
        add.add_argument("--level", default="", help=_one_of(LibraryLevel.values))
        add.add_argument("--parent", help=gettext_lazy("Mã của thư viện cấp trên."))
        add.add_argument(
            "--host", default="", help=gettext_lazy("Cơ quan chủ quản (trường, cơ quan…).")
        )
        add.add_argument("--address", default="", help=gettext_lazy("Địa chỉ."))
        add.add_argument(
            "--unit",
            help=gettext_lazy("Mã GSO của xã/tỉnh nơi thư viện đặt trụ sở (trước 2025: 2004:MÃ)."),
        )
        add.add_argument("--phone", default="", help=gettext_lazy("Điện thoại."))
        add.add_argument("--email", default="", help=gettext_lazy("Thư điện tử."))
        add.add_argument("--website", default="", help=gettext_lazy("Trang web."))
        add.add_argument("--founded", help=gettext_lazy("Ngày thành lập, YYYY-MM-DD."))
        listing = self.subcommand(sub, "list", gettext_lazy("Liệt kê các thư viện."))
        listing.add_argument(
            "--type", dest="library_type", help=gettext_lazy("Chỉ các thư viện loại này.")
        )
        self.add_json_option(listing)
        show = self.subcommand(sub, "show", gettext_lazy("Xem một thư viện và lịch sử của nó."))
        show.add_argument("code", help=gettext_lazy("Mã thư viện."))
        event = self.subcommand(
            sub,
            "event",
            gettext_lazy("Ghi một sự kiện: thành lập, đổi tên, sáp nhập, chia tách, giải thể."),
        )
        event.add_argument("code", help=gettext_lazy("Mã thư viện."))
        event.add_argument("kind", help=_one_of(LibraryEvent.Kind.values))
        event.add_argument("date", help=gettext_lazy("Ngày của sự kiện, YYYY-MM-DD."))
        event.add_argument(
            "--related",
            action="append",
            default=[],
            help=gettext_lazy(
                "Thư viện được sáp nhập vào (merged) hoặc được lập ra (split); lặp lại được."
            ),
        )
        event.add_argument("--note", default="", help=gettext_lazy("Ghi chú, ví dụ số quyết định."))
        event.add_argument(
            "--previous-name", default="", help=gettext_lazy("Tên cũ (khi đổi tên).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _add(self, options: dict[str, Any]) -> None:
        founded = parse_date(options["founded"], "--founded") if options["founded"] else None
        library = services.register_library(
            cli_operator(),
            code=options["code"],
            name_vi=options["name"],
            library_type=options["library_type"],
            name_en=options["name_en"],
            is_public=options["is_public"],
            level=options["level"],
            parent=services.library_by_code(options["parent"]) if options["parent"] else None,
            host_organisation=options["host"],
            address=options["address"],
            admin_unit=_unit(options["unit"]) if options["unit"] else None,
            phone=options["phone"],
            email=options["email"],
            website=options["website"],
            founded_on=founded,
        )
        self.stdout.write(
            _("Đã đăng ký {code} {name}").format(code=library.code, name=library.name_vi)
        )

    def _list(self, options: dict[str, Any]) -> None:
        libraries = list(services.list_libraries(library_type=options["library_type"]))
        if options["json"]:
            self.print_json([_as_dict(x) for x in libraries])
            return
        if not libraries:
            self.stdout.write(_("Chưa có thư viện nào."))
            return
        rows = [(_("Mã"), _("Loại"), _("Trạng thái"), _("Tên"))]
        rows += [(x.code, x.library_type, x.status, x.name_vi) for x in libraries]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]))
        self.stdout.write(_("{count} thư viện").format(count=len(libraries)))

    def _show(self, options: dict[str, Any]) -> None:
        library = services.library_by_code(options["code"])
        labels = {
            "code": _("Mã"),
            "name_vi": _("Tên"),
            "name_en": _("Tên tiếng Anh"),
            "type": _("Loại"),
            "public": _("Công lập"),
            "level": _("Cấp"),
            "parent": _("Cấp trên"),
            "host_organisation": _("Cơ quan chủ quản"),
            "address": _("Địa chỉ"),
            "admin_unit": _("Đơn vị hành chính"),
            "phone": _("Điện thoại"),
            "email": "Email",
            "website": "Website",
            "status": _("Trạng thái"),
        }
        values = _as_dict(library)
        if library.admin_unit is not None:
            values["admin_unit"] = f"{library.admin_unit.code} {library.admin_unit}"
        values["public"] = _("có") if library.is_public else _("không")
        for key, label in labels.items():
            if values[key] not in ("", None):
                self.stdout.write(f"{label}: {values[key]}")
        events = services.history(library)
        self.stdout.write(_("Lịch sử:") if events else _("Lịch sử: (trống)"))
        for event in events:
            others = " ".join(o.code for o in event.related.all())
            line = f"  {event.date} {event.library.code} {event.kind}"
            line += f" → {others}" if others else ""
            if event.previous_name:
                line += " " + _('(tên cũ "{name}")').format(name=event.previous_name)
            line += f" — {event.note}" if event.note else ""
            self.stdout.write(line)

    def _event(self, options: dict[str, Any]) -> None:
        library = services.library_by_code(options["code"])
        event = services.record_event(
            cli_operator(),
            library,
            options["kind"],
            parse_date(options["date"], "DATE"),
            note=options["note"],
            related=[services.library_by_code(code) for code in options["related"]],
            previous_name=options["previous_name"],
        )
        self.stdout.write(
            _("Đã ghi: {code} {kind} {date}; trạng thái: {status}").format(
                code=library.code, kind=event.kind, date=event.date, status=library.status
            )
        )
