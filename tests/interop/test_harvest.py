"""The OAI-PMH harvester: from our own provider (live) and from recorded partner answers."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from pytest_django.live_server_helper import LiveServer

from thuvien.catalogue import services
from thuvien.catalogue.marc import MarcRecord
from thuvien.catalogue.models import Record
from thuvien.interop.models import HarvestSource
from thuvien.network.models import Role
from thuvien.testing import factories
from thuvien.testing.portal import EMPTY, PROVINCE, PortalData

from .servers import oai_replay

RESPONSES = Path(__file__).parent / "responses"
PUBLIC_IN_PROVINCE = 7  # the province's records less the authority and the restricted one


@pytest.fixture(autouse=True)
def _patient(settings: Any) -> None:
    """A loaded test machine can be slow to answer; the timeouts are tested elsewhere."""
    settings.THUVIEN_INTEROP_TIMEOUT = 300


def command(*args: str) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("harvest", *args, stdout=out, stderr=err)
    except CommandError:
        raise AssertionError(err.getvalue()) from None
    result: dict[str, Any] = json.loads(out.getvalue().strip().splitlines()[-1])
    return result


def add_source(url: str, library: str, *extra: str) -> int:
    out = io.StringIO()
    call_command("harvest", "add", "Đối tác", url, "--library", library, *extra, stdout=out)
    return int(out.getvalue().split("\t")[0])


def test_harvest_from_our_own_provider_is_incremental_resumable_and_idempotent(
    live_server: LiveServer, catalogue: PortalData, settings: Any
) -> None:
    settings.THUVIEN_OAI_PAGE_SIZE = 2
    pk = add_source(f"{live_server.url}/oai", EMPTY, "--set", f"library:{PROVINCE}")
    # Cut short after two pages: the token is kept and the next run continues from it.
    first = command("run", str(pk), "--max-pages", "2", "--json")["sources"][0]
    assert (first["pages"], first["complete"]) == (2, False)
    source = HarvestSource.objects.get(pk=pk)
    assert source.resumption_token
    rest = command("run", "--due", "--json")["sources"][0]
    assert rest["complete"]
    assert first["imported"] + rest["imported"] == PUBLIC_IN_PROVINCE
    harvested = Record.objects.filter(library=catalogue.libraries[EMPTY])
    assert harvested.count() == PUBLIC_IN_PROVINCE
    assert {r.source for r in harvested} == {f"oai {live_server.url}/oai"}
    restricted = f"oai:thuvien.vn:{catalogue.ids['restricted']}"
    assert restricted in first["deleted_upstream"] + rest["deleted_upstream"]
    assert not harvested.filter(marc__contains="952").exists()  # copies stay at home
    # Nothing changed upstream: harvesting again imports nothing.
    again = command("run", str(pk), "--json")
    assert again["imported"] == 0
    assert again["sources"][0]["updated"] == 0
    # A cataloguer corrects a record upstream: the next harvest brings the change.
    record = catalogue.record("french")
    marc = MarcRecord.from_stored(record.leader, record.marc)
    marc.fields.append(["500", " ", " ", [["a", "Bản sửa."]]])
    services.update_record(factories.staff(Role.NETWORK_ADMIN), record, marc)
    changed = command("run", str(pk), "--json")["sources"][0]
    assert (changed["imported"], changed["updated"]) == (0, 1)
    assert "Bản sửa." in harvested.get(control_number="TEST0003").marc


def test_oai_dc_from_our_provider_becomes_marc(
    live_server: LiveServer, catalogue: PortalData
) -> None:
    pk = add_source(f"{live_server.url}/oai", EMPTY, "--prefix", "oai_dc",
                    "--set", "type:serial")  # fmt: skip
    result = command("run", str(pk), "--json")["sources"][0]
    assert result["imported"] == 1
    serial = Record.objects.get(library=catalogue.libraries[EMPTY])
    assert serial.title == "Tạp chí Thư viện Việt Nam"
    assert serial.issn == "1859-1450"
    assert f"{live_server.url}/record/{catalogue.ids['serial']}" in serial.marc  # 856 link


def test_recorded_koha_answers_report_errors_per_record_and_deletions() -> None:
    library = factories.library("VN-HV0001")
    files = [(RESPONSES / name).read_bytes() for name in
             ("koha-identify.xml", "koha-page1.xml", "koha-page2.xml")]  # fmt: skip
    with oai_replay(*files) as (port, received):
        pk = add_source(f"http://127.0.0.1:{port}/cgi-bin/koha/oai.pl", library.code)
        result = command("run", str(pk), "--json")["sources"][0]
        assert (result["pages"], result["imported"], result["rejected"]) == (2, 2, 1)
        assert result["errors"] == [
            {"identifier": "oai:koha.example.vn:103", "reason": "the record has no metadata"}
        ]
        assert result["deleted_upstream"] == ["oai:koha.example.vn:102"]
        titles = sorted(Record.objects.filter(library=library).values_list("title", flat=True))
        assert titles == ["Dế Mèn phiêu lưu ký", "Truyện Kiều"]
        source = HarvestSource.objects.get(pk=pk)
        assert source.last_datestamp == "2025-06-02T03:04:06Z"
        again = command("run", str(pk), "--json")["sources"][0]
        assert (again["imported"], again["unchanged"]) == (0, 2)
        # The partner's granularity is days: the incremental request says so.
        assert "from=2025-06-02" in received[-2]
        assert "T03" not in received[-2]


def test_recorded_dspace_answers_in_dublin_core() -> None:
    library = factories.library("VN-HV0002")
    files = [(RESPONSES / name).read_bytes() for name in
             ("dspace-identify.xml", "dspace-page1.xml", "dspace-page2.xml")]  # fmt: skip
    with oai_replay(*files) as (port, _):
        pk = add_source(f"http://127.0.0.1:{port}/oai/request", library.code, "--prefix", "oai_dc")
        result = command("run", str(pk), "--json")["sources"][0]
    assert (result["imported"], result["rejected"]) == (1, 1)
    assert result["errors"] == [
        {"identifier": "oai:dspace.example.edu.vn:123456789/78",
         "reason": "the Dublin Core record has no title"}
    ]  # fmt: skip
    thesis = Record.objects.get(library=library)
    assert thesis.title == "Phát triển văn hóa đọc trong trường học ở Đồng bằng sông Cửu Long"
    assert thesis.authors == "Lê, Thị Hoa ; Trần, Văn Minh"
    assert (thesis.year, thesis.language) == (2023, "vie")
    assert "https://dspace.example.edu.vn/handle/123456789/77" in thesis.marc


def test_an_unreachable_partner_or_unknown_source_is_explained(settings: Any) -> None:
    library = factories.library("VN-HV0003")
    # Held bound, not listening: refused, and no other test's server can take it meanwhile.
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
        pk = add_source(f"http://127.0.0.1:{port}/oai", library.code)
        errors = io.StringIO()
        with pytest.raises(CommandError, match=r"^Có nguồn thu hoạch bị lỗi \(xem ở trên\)\.$"):
            call_command("harvest", "run", str(pk), stdout=io.StringIO(), stderr=errors)
    assert errors.getvalue().strip() == (
        f"Đối tác: Không lấy được dữ liệu từ http://127.0.0.1:{port}/oai: máy chủ không nhận "
        "kết nối hoặc không trả lời trong 300 giây."
    )
    with pytest.raises(CommandError) as caught:
        call_command("harvest", "run", "999", stdout=io.StringIO())
    assert str(caught.value) == (
        "Không có nguồn thu hoạch đang bật [999]; xem `thuvien harvest list`."
    )


def test_sources_are_listed_and_bad_ones_refused() -> None:
    library = factories.library("VN-HV0004")
    pk = add_source("http://127.0.0.1:1/oai", library.code, "--prefix", "oai_dc", "--every", "6")
    out = io.StringIO()
    call_command("harvest", "list", stdout=out)
    assert out.getvalue().splitlines() == [
        f"{pk}\tĐối tác\thttp://127.0.0.1:1/oai\toai_dc\tVN-HV0004\tfrom=-\tok"
    ]
    with pytest.raises(CommandError) as caught:
        add_source("ftp://example.org/oai", library.code)
    assert str(caught.value) == "Địa chỉ OAI-PMH phải bắt đầu bằng http:// hoặc https://."
    with translation.override("en"), pytest.raises(CommandError) as caught:
        add_source("ftp://example.org/oai", library.code)
    assert str(caught.value) == "The base URL must start with http:// or https://."
    with pytest.raises(CommandError, match=r"^Không có thư viện mã VN-NONE\. Xem `thuvien library"):
        add_source("http://127.0.0.1:1/oai", "VN-NONE")
    # Due: never harvested; after a run, not again before its interval.
    from thuvien.interop import harvest

    assert [s.pk for s in harvest.due()] == [pk]
    HarvestSource.objects.filter(pk=pk).update(last_run_at=timezone.now())
    assert harvest.due() == []
