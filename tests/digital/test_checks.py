"""The digital library's start-up checks name what readers would miss, with the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from thuvien.digital.checks import digital_tools


def test_a_complete_installation_has_nothing_to_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THUVIEN_READING_ROOM_NETWORKS", "10.20.0.0/16,2001:db8:1::/48")
    assert digital_tools() == []


def test_each_missing_part_is_named_with_its_fix(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    settings.STATICFILES_DIRS = [
        p for p in settings.STATICFILES_DIRS if p[0] != "vendor/openseadragon"
    ]
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without tesseract on its PATH
    monkeypatch.setenv("THUVIEN_READING_ROOM_NETWORKS", "10.20.0.0/16,phong-doc")

    found = {m.id: (m.msg, m.hint) for m in digital_tools()}

    assert found == {
        "digital.W001": (
            "Thiếu OpenSeadragon: trang biểu ghi không hiển thị được bản số.",
            "Run `make setup` (it runs `npm ci`).",
        ),
        "digital.W002": (
            "Chưa cài Tesseract: không nhận dạng chữ (OCR) được.",
            "apt-get install tesseract-ocr tesseract-ocr-vie tesseract-ocr-khm",
        ),
        "digital.W003": (
            "THUVIEN_READING_ROOM_NETWORKS='10.20.0.0/16,phong-doc' có dải địa chỉ không đọc được.",
            "Use CIDR ranges separated by commas, e.g. 10.20.0.0/16,2001:db8:1::/48.",
        ),
    }
