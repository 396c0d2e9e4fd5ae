"""``thuvien digitise``: a rule previewed then applied, the KPIs, moves of the queue."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thuvien.digital.models import HeritageFlag
from thuvien.network.models import Library
from thuvien.testing.api import book, import_records


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("digitise", *args, stdout=out)
    return out.getvalue()


def test_rules_kpis_and_moves_from_the_command_line(library: Library) -> None:
    old, _new = import_records(library, book("a", "Sách cổ", year="1890"), book("b", "Mới"))
    shown = run("rule", "--library", library.code, "--kind", "rare", "--before", "1900")
    assert shown.splitlines()[1] == f"  #{old.pk} Sách cổ"
    assert HeritageFlag.objects.count() == 0
    applied = run(
        "rule", "--library", library.code, "--kind", "rare", "--before", "1900", "--apply", "--json"
    )
    assert json.loads(applied.splitlines()[-1])["added"] == 1
    assert run("kpis").strip() == f"{library.code} · Quý hiếm, cổ: đã số hoá 0/1 (0.0 %)"
    job = json.loads(run("select", str(old.pk), "--batch", "B1", "--json").splitlines()[-1])["job"]
    assert run("move", str(job), "scan") == f"#{job}: Đang quét.\n"
    assert f"#{job} [{library.code}] scanning #{old.pk} Sách cổ" in run("list")
    with pytest.raises(CommandError) as refused:
        call_command("digitise", "move", str(job), "publish")
    assert "Không thể công bố tài liệu trong hàng đợi số hoá" in str(refused.value)
