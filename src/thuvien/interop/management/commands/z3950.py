"""``thuvien z3950``: a Z39.50 server for partner ILSs, Index Data's Simple2ZOOM in front of
our SRU (see :mod:`thuvien.interop.z3950`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from thuvien.cli_support import ThuvienCommand, fail, gettext_lazy
from thuvien.interop import config, z3950


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Máy chủ Z39.50 cho các phần mềm thư viện khác (Libol, Koha, Vebrary) biên mục sao "
        "chép: cổng Simple2ZOOM của Index Data chuyển truy vấn Z39.50 thành CQL gửi tới /sru."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=2100, help=gettext_lazy("Cổng lắng nghe (mặc định 2100).")
        )
        parser.add_argument(
            "--host",
            default="0.0.0.0",  # noqa: S104 - a Z39.50 server is for other libraries' systems
            help=gettext_lazy("Địa chỉ lắng nghe (mặc định: mọi địa chỉ)."),
        )
        parser.add_argument(
            "--sru",
            default="",
            metavar="URL",
            help=gettext_lazy("Địa chỉ SRU được chuyển tới (mặc định: PUBLIC_URL + /sru)."),
        )
        parser.add_argument(
            "--config-only",
            action="store_true",
            help=gettext_lazy("Chỉ ghi tệp cấu hình rồi thoát."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sru = options["sru"] or config.get_str("PUBLIC_URL").rstrip("/") + "/sru"
        path = z3950.write_config(Path(settings.DATA_DIR), sru)
        self.stdout.write(
            _("Cấu hình Z39.50: {path} (chuyển tới {sru}).").format(path=path, sru=sru)
        )
        if options["config_only"]:
            return
        if shutil.which(z3950.SIMPLE2ZOOM) is None:
            raise fail(
                _(
                    "Không tìm thấy simple2zoom. Cài gói Debian "
                    "libnet-z3950-simple2zoom-perl (apt-get install "
                    "libnet-z3950-simple2zoom-perl)."
                )
            )
        self.stdout.write(
            _("Máy chủ Z39.50 lắng nghe ở {host}:{port}; Ctrl+C để dừng.").format(
                host=options["host"], port=options["port"]
            )
        )
        self.stdout.flush()
        gateway = subprocess.Popen(z3950.command(path, options["host"], options["port"]))  # noqa: S603
        try:
            code = gateway.wait()
        except KeyboardInterrupt:
            gateway.terminate()
            code = gateway.wait(timeout=10)
        if code not in (0, -15):
            raise fail(_("simple2zoom dừng với mã {code}.").format(code=code))
