"""``thuvien settings``: every THUVIEN_* variable with its current value and help."""

from __future__ import annotations

import os
from typing import Any

from thuvien import conf
from thuvien.cli_support import ThuvienCommand, gettext_lazy


class Command(ThuvienCommand):
    help = gettext_lazy("Liệt kê các thiết lập THUVIEN_*, giá trị hiện tại và ý nghĩa của chúng.")

    def handle(self, *args: Any, **options: Any) -> None:
        for name, default, text in conf.describe():
            value = os.environ.get(name)
            shown = "(set)" if value is not None and "SECRET" in name else value
            self.stdout.write(f"{name}={shown if value is not None else default}")
            self.stdout.write(f"    {text}")
