"""The demo's digitisation programme: local studies flagged, 30 % digitised (12 of 40 in the
full demo; 9 of 30 in this sample of 34 records), one work published through the queue, a
printed Khmer page with its OCR text; nothing twice."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from thuvien.digital.models import DigitalObject, DigitisationJob, HeritageFlag
from thuvien.lifecycle.services import history


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_shows_the_share_digitised_and_a_work_through_the_queue() -> None:
    out = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=out)
    assert (
        "[16/18] Chương trình số hoá: địa chí: đã số hoá 9/30 (30 %); hàng đợi: 1 đã công bố; "
        "trang tiếng Khmer có văn bản OCR ("
    ) in out.getvalue()
    assert HeritageFlag.objects.filter(kind="local").count() == 30
    job = DigitisationJob.objects.get()
    assert [t.action for t in history(job)] == [
        "select", "scan", "check", "pass", "review", "publish"
    ]  # fmt: skip
    assert job.quality == {"passed": True, "findings": []}
    assert "Gành Hào" in job.digital_object.pages.get().ocr_text.replace("\n", " ")
    khmer = DigitalObject.objects.get(identifier="la-buong-soc-trang").pages.get()
    assert "សាសនា" in khmer.ocr_text
    again = io.StringIO()
    call_command("demo", load_only=True, sample=5, stdout=again)
    assert "[16/18] Chương trình số hoá: địa chí: đã số hoá 9/30 (30 %)" in again.getvalue()
    assert DigitisationJob.objects.count() == 1
