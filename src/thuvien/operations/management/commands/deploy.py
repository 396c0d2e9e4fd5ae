"""``thuvien deploy systemd``: the files of a server deployment, ready to copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import get_commands
from django.utils.translation import gettext as _

from thuvien import conf
from thuvien.cli_support import ThuvienCommand, gettext_lazy
from thuvien.operations import deploy


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Viết các tệp cài đặt máy chủ: dịch vụ systemd (web, việc nền, SIP2, Z39.50), tệp cấu "
        "hình môi trường và trang nginx đứng trước; xem docs/deploy.md."
    )

    def add_arguments(self, parser: Any) -> None:
        chooser = self.subcommands(parser)
        systemd = self.subcommand(
            chooser, "systemd", gettext_lazy("Các dịch vụ systemd, tệp môi trường, trang nginx.")
        )
        systemd.add_argument(
            "--output", type=Path, required=True, help=gettext_lazy("Thư mục ghi tệp.")
        )
        systemd.add_argument(
            "--user", default="thuvien", help=gettext_lazy("Tài khoản chạy dịch vụ.")
        )
        systemd.add_argument(
            "--env-file", type=Path, default=Path("/etc/thuvien/thuvien.env"),
            help=gettext_lazy("Tệp môi trường các dịch vụ đọc."),
        )  # fmt: skip
        systemd.add_argument(
            "--web-port", type=int, default=8000, help=gettext_lazy("Cổng web nội bộ.")
        )
        systemd.add_argument("--sip2-port", type=int, default=6001, help=gettext_lazy("Cổng SIP2."))

    def handle(self, *args: Any, **options: Any) -> None:
        z3950 = 2100 if "z3950" in get_commands() else None
        written = deploy.write(
            options["output"],
            user=options["user"],
            env_file=options["env_file"],
            web_port=options["web_port"],
            sip2_port=options["sip2_port"],
            z3950_port=z3950,
            database_url=conf.get_str("DATABASE_URL") or "postgresql://thuvien@127.0.0.1/thuvien",
        )
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(
            _(
                "Chép các tệp .service vào /etc/systemd/system/, thuvien.env vào {env}, rồi: "
                "systemctl daemon-reload && systemctl enable --now thuvien-web thuvien-worker."
            ).format(env=options["env_file"])
        )
