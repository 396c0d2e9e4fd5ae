"""``thuvien staff add|list|mfa``: staff accounts, their roles and their two-step sign-in
(``mfa status``, and ``mfa reset USERNAME`` for the operator whose phone was lost)."""

from __future__ import annotations

import getpass
import secrets
import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.actors import cli_operator
from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.network import mfa, services
from thuvien.network.models import Role


class Command(ThuvienCommand):
    help = gettext_lazy("Tài khoản cán bộ: tạo tài khoản với một vai trò, liệt kê các tài khoản.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = self.subcommands(parser)
        add = self.subcommand(sub, "add", gettext_lazy("Tạo một tài khoản cán bộ."))
        add.add_argument("username", help=gettext_lazy("Tên đăng nhập."))
        add.add_argument(
            "--role",
            required=True,
            help=_("Một trong: {values}.").format(values=", ".join(Role.values)),
        )
        add.add_argument(
            "--library",
            help=gettext_lazy("Mã thư viện (không dùng cho vai trò toàn mạng lưới)."),
        )
        add.add_argument(
            "--password",
            help=gettext_lazy(
                "Mật khẩu. Mặc định: hỏi khi nhập tay; tạo ngẫu nhiên và in ra khi không có ai "
                "ở bàn phím."
            ),
        )
        add.add_argument(
            "--generate-password",
            action="store_true",
            help=gettext_lazy("Tạo mật khẩu ngẫu nhiên và in ra một lần."),
        )
        add.add_argument("--full-name", default="", help=gettext_lazy("Họ và tên, họ viết trước."))
        add.add_argument("--email", default="", help=gettext_lazy("Thư điện tử."))
        listing = self.subcommand(sub, "list", gettext_lazy("Liệt kê các tài khoản cán bộ."))
        listing.add_argument("--library", help=gettext_lazy("Chỉ cán bộ của thư viện này."))
        two_step = self.subcommand(
            sub,
            "mfa",
            gettext_lazy("Xác thực hai bước: xem tình trạng, đặt lại khi mất điện thoại."),
        )
        steps = self.subcommands(two_step, dest="mfa_action")
        status = self.subcommand(
            steps, "status", gettext_lazy("Ai đã bật, ai bắt buộc mà chưa bật, còn bao nhiêu mã.")
        )
        status.add_argument("--library", help=gettext_lazy("Chỉ cán bộ của thư viện này."))
        self.add_json_option(status)
        reset = self.subcommand(
            steps,
            "reset",
            gettext_lazy(
                "Xoá ứng dụng xác thực và mã dự phòng của một tài khoản (mất điện thoại); "
                "lần đăng nhập tới sẽ đăng ký lại."
            ),
        )
        reset.add_argument("username", help=gettext_lazy("Tên đăng nhập."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add":
            self._add(options)
        elif options["action"] == "mfa":
            self._mfa(options)
        else:
            self._list(options)

    def _password(self, options: dict[str, Any]) -> tuple[str, bool]:
        """(password, whether it was generated and must be shown)."""
        if options["password"] is not None:
            return options["password"], False
        if options["generate_password"] or not sys.stdin.isatty():
            return secrets.token_urlsafe(12), True
        first = getpass.getpass(_("Mật khẩu: "))
        if first != getpass.getpass(_("Nhập lại: ")):
            raise fail(_("Hai lần nhập mật khẩu không khớp."))
        return first, False

    def _add(self, options: dict[str, Any]) -> None:
        library = services.library_by_code(options["library"]) if options["library"] else None
        password, generated = self._password(options)
        user = services.create_staff(
            cli_operator(),
            username=options["username"],
            password=password,
            role=options["role"],
            library=library,
            full_name=options["full_name"],
            email=options["email"],
        )
        where = library.code if library else _("toàn mạng lưới")
        self.stdout.write(
            _("Đã tạo {username} ({role}, {where})").format(
                username=user.get_username(), role=options["role"], where=where
            )
        )
        if generated:
            self.stdout.write(_("Mật khẩu: {password}").format(password=password))

    def _list(self, options: dict[str, Any]) -> None:
        library = services.library_by_code(options["library"]) if options["library"] else None
        profiles = list(services.list_staff(library))
        if not profiles:
            self.stdout.write(_("Chưa có cán bộ nào."))
            return
        rows = [(_("Tên đăng nhập"), _("Vai trò"), _("Thư viện"), _("Họ tên"))]
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
        self.stdout.write(_("{count} tài khoản").format(count=len(profiles)))

    def _mfa(self, options: dict[str, Any]) -> None:
        if options["mfa_action"] == "reset":
            user = mfa.account(options["username"])
            removed = mfa.reset(cli_operator(), user)
            self.stdout.write(
                _(
                    "Đã đặt lại xác thực hai bước của {username}; lần đăng nhập tới sẽ đăng ký "
                    "lại ứng dụng."
                ).format(username=user.get_username())
                if removed
                else _("{username} chưa bật xác thực hai bước; không có gì để đặt lại.").format(
                    username=user.get_username()
                )
            )
            return
        library = services.library_by_code(options["library"]) if options["library"] else None
        states = mfa.status(services.list_staff(library))
        if options["json"]:
            self.print_json({"mode": mfa.mode(), "accounts": [s.as_dict() for s in states]})
            return
        self.stdout.write(_("Chế độ: THUVIEN_MFA={mode}").format(mode=mfa.mode()))
        for state in states:
            if state.enrolled:
                how = _("đã bật, còn {left} mã dự phòng").format(left=state.recovery_left)
            elif state.required:
                how = _("CHƯA BẬT (bắt buộc)")
            else:
                how = _("chưa bật")
            self.stdout.write(f"{state.username}  {state.role}  {state.library or '—'}  {how}")
        missing = sum(1 for s in states if s.required and not s.enrolled)
        self.stdout.write(
            _("{count} tài khoản; {missing} bắt buộc mà chưa bật.").format(
                count=len(states), missing=missing
            )
        )
