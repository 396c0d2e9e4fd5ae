"""Start-up checks of the digital library: what would make readers see errors, with a hint."""

from __future__ import annotations

import shutil
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register
from django.utils.translation import gettext as _

from thuvien import conf
from thuvien.digital.access import reading_room_networks


@register()
def digital_tools(**kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not any(prefix == "vendor/openseadragon" for prefix, _ in settings.STATICFILES_DIRS):
        problems.append(
            Warning(
                _("Thiếu OpenSeadragon: trang biểu ghi không hiển thị được bản số."),
                hint="Run `make setup` (it runs `npm ci`).",
                id="digital.W001",
            )
        )
    if shutil.which("tesseract") is None:
        problems.append(
            Warning(
                _("Chưa cài Tesseract: không nhận dạng chữ (OCR) được."),
                hint="apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-khm",
                id="digital.W002",
            )
        )
    raw = conf.get_str("READING_ROOM_NETWORKS")
    parts = [p for p in raw.split(",") if p.strip()]
    if len(parts) != len(reading_room_networks()):
        problems.append(
            Warning(
                _("THUVIEN_READING_ROOM_NETWORKS={value} có dải địa chỉ không đọc được.").format(
                    value=repr(raw)
                ),
                hint="Use CIDR ranges separated by commas, e.g. 10.20.0.0/16,2001:db8:1::/48.",
                id="digital.W003",
            )
        )
    return problems
