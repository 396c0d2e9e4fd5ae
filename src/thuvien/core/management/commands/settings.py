"""``thuvien settings``: every THUVIEN_* variable with its current value and help."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from thuvien import conf


class Command(BaseCommand):
    help = "List the THUVIEN_* settings, their values and what they do."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, default, text in conf.describe():
            value = os.environ.get(name)
            shown = "(set)" if value is not None and "SECRET" in name else value
            self.stdout.write(f"{name}={shown if value is not None else default}")
            self.stdout.write(f"    {text}")
