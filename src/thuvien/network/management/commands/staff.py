"""``thuvien staff add|list``: staff accounts and their roles."""

from __future__ import annotations

import getpass
import secrets
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thuvien.network import services
from thuvien.network.management.commands._common import domain_errors, fail, operator
from thuvien.network.models import Role


class Command(BaseCommand):
    help = "Create staff accounts with a role, and list them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = sub.add_parser("add", help="Create a staff account.")
        add.add_argument("username")
        add.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        add.add_argument("--library", help="Code of the library (not for network-wide roles).")
        add.add_argument(
            "--password",
            help="Default: asked for, or generated and printed when no one is at the terminal.",
        )
        add.add_argument(
            "--generate-password",
            action="store_true",
            help="Generate a password and print it once.",
        )
        add.add_argument("--full-name", default="", help="Full name, family name first.")
        add.add_argument("--email", default="")
        listing = sub.add_parser("list", help="List staff accounts.")
        listing.add_argument("--library", help="Only this library's staff.")

    def handle(self, *args: Any, **options: Any) -> None:
        with domain_errors():
            if options["action"] == "add":
                self._add(options)
            else:
                self._list(options)

    def _password(self, options: dict[str, Any]) -> tuple[str, bool]:
        """(password, whether it was generated and must be shown)."""
        if options["password"] is not None:
            return options["password"], False
        if options["generate_password"] or not sys.stdin.isatty():
            return secrets.token_urlsafe(12), True
        first = getpass.getpass("Mật khẩu / Password: ")
        if first != getpass.getpass("Nhập lại / Again: "):
            raise fail("Hai lần nhập mật khẩu không khớp. / The two passwords differ.")
        return first, False

    def _add(self, options: dict[str, Any]) -> None:
        library = services.get_library(options["library"]) if options["library"] else None
        password, generated = self._password(options)
        user = services.create_staff(
            operator(),
            username=options["username"],
            password=password,
            role=options["role"],
            library=library,
            full_name=options["full_name"],
            email=options["email"],
        )
        where = library.code if library else "toàn mạng lưới / network-wide"
        self.stdout.write(f"Đã tạo / Created {user.get_username()} ({options['role']}, {where})")
        if generated:
            self.stdout.write(f"Mật khẩu / Password: {password}")

    def _list(self, options: dict[str, Any]) -> None:
        library = services.get_library(options["library"]) if options["library"] else None
        profiles = list(services.list_staff(library))
        if not profiles:
            self.stdout.write("Chưa có cán bộ nào. / No staff accounts yet.")
            return
        rows = [("Tên đăng nhập/Username", "Vai trò/Role", "Thư viện/Library", "Họ tên/Name")]
        rows += [
            (
                p.user.get_username(),
                p.role,
                p.library.code if p.library else "—",
                p.user.get_full_name(),
            )
            for p in profiles
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
        self.stdout.write(f"{len(profiles)} tài khoản / accounts")
