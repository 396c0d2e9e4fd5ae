"""Issue 17 in the demo: the last step trains the suggesters on the demo's own records and a
reading club's loans, so a cataloguer's new Vietnamese record gets a sensible DDC class and
subject, and a title the club read shows what its readers also borrowed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from thuvien.ai import cataloguing
from thuvien.catalogue import services as catalogue
from thuvien.catalogue.marc import MarcRecord
from thuvien.circulation.models import Loan
from thuvien.network.models import Library
from thuvien.testing import factories


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("THUVIEN_DATA_DIR", str(tmp_path))


def test_the_demo_suggests_classes_and_recommends_titles() -> None:
    out = io.StringIO()
    call_command("demo", load_only=True, stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith("[14/18]"))
    assert line.startswith("[14/18] Gợi ý của máy: học từ ")
    assert "; 3 sách có gợi ý mượn cùng" in line

    cataloguer = get_user_model().objects.get(username="bienmuc.tinh")
    record = catalogue.create_record(
        cataloguer,
        Library.objects.get(code="VN-CM0001"),
        factories.marc("Lịch sử thế giới cận đại"),
    )
    client = Client()
    client.force_login(cataloguer)
    page = client.get(f"/staff/records/{record.pk}/").content.decode()
    assert "Gợi ý phân loại và chủ đề" in page
    found = cataloguing.suggest_for(MarcRecord.from_stored(record.leader, record.marc))
    best = {s.label.family: s.label.value for s in reversed(found)}
    assert best["ddc"] == "909"
    assert best["subject"] == "Lịch sử thế giới"

    read = Loan.objects.filter(patron__card_number="CLB-01").values_list("item__record_id")[0][0]
    page = Client().get(f"/record/{read}").content.decode()
    assert "Bạn đọc mượn sách này cũng mượn" in page
