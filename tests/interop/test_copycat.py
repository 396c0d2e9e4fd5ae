"""Copy cataloguing from remote Z39.50 (yaz-ztest) and SRU servers, from the command line."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

from thuvien.catalogue.models import Record
from thuvien.interop import copycat
from thuvien.testing import factories
from thuvien.testing.portal import EMPTY, PortalData

from .servers import free_port, http_server, silent_server, yaz_ztest


def copy(*args: str, **options: Any) -> dict[str, Any]:
    out = io.StringIO()
    call_command("copycat", *args, stdout=out, json=True, **options)
    result: dict[str, Any] = json.loads(out.getvalue().strip().splitlines()[-1])
    return result


def test_a_record_copied_from_yaz_ztest_lands_in_the_library_with_its_provenance() -> None:
    library = factories.library("VN-CC0001")
    with yaz_ztest() as port:
        target = f"z3950://127.0.0.1:{port}/Default"
        result = copy(target, "computer", library="VN-CC0001", limit=2)
        assert result["created"] == 2
        assert result["found"] == 23
        assert (result["source"], result["library"]) == (target, "VN-CC0001")
        records = Record.objects.filter(library=library).order_by("id")
        assert [r.title for r in records] == ["How to program a computer"] * 2
        assert {r.source for r in records} == {f"copycat {target} computer"}
        again = copy(target, "computer", library="VN-CC0001", limit=2)
        assert (again["created"], again["unchanged"]) == (0, 2)  # copying twice adds nothing
        out = io.StringIO()
        call_command("copycat", target, "@attr 1=4 computer", library="VN-CC0001", stdout=out)
        assert out.getvalue().splitlines() == [
            f"{target}: tìm thấy 23, lấy về 10",
            f"{target} → VN-CC0001: đọc 10, mới 8, cập nhật 0, không đổi 2, bị loại 0.",
        ]


def test_a_record_is_copied_from_an_sru_server(
    live_server: LiveServer, indexed: PortalData, settings: Any
) -> None:
    settings.THUVIEN_INTEROP_TIMEOUT = 300  # a loaded test machine can be slow to answer
    target = f"sru+http{live_server.url.removeprefix('http')}/sru"
    result = copy(target, "dc.title=indochine", library=EMPTY)
    assert (result["found"], result["created"]) == (1, 1)
    copied = Record.objects.get(library=indexed.libraries[EMPTY])
    assert copied.title == "Histoire de l'Indochine"
    assert copied.source == f"copycat {target} dc.title=indochine"
    nothing = copy(target, "dc.title=zzqxw", library=EMPTY)
    assert (nothing["found"], nothing["created"]) == (0, 0)
    by_isbn = copy(target, "978-604-0-00001-9", library=EMPTY)
    assert by_isbn["found"] == 2  # the province's and the commune's record of the book
    refused = io.StringIO()
    with pytest.raises(CommandError, match=r"từ chối câu tìm: info:srw/diagnostic/1/16"):
        call_command("copycat", target, "dc.shelf=1", library=EMPTY, json=True, stdout=refused)
    assert json.loads(refused.getvalue().splitlines()[-1])["created"] == 0


def test_unreachable_silent_and_misbehaving_servers_get_clear_messages(settings: Any) -> None:
    factories.library("VN-CC0002")
    settings.THUVIEN_INTEROP_TIMEOUT = 2
    port = free_port()
    with pytest.raises(CommandError) as caught:
        call_command("copycat", f"z3950://127.0.0.1:{port}/Default", "x", library="VN-CC0002")
    assert str(caught.value) == (
        f"Không lấy được dữ liệu từ z3950://127.0.0.1:{port}/Default: máy chủ không nhận kết "
        "nối hoặc không trả lời trong 2 giây."
    )
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("copycat", f"z3950://127.0.0.1:{port}/Default", "x", library="VN-CC0002")
    assert str(caught.value) == (
        f"Could not get data from z3950://127.0.0.1:{port}/Default: the server refused the "
        "connection or did not answer within 2 seconds."
    )
    with silent_server() as quiet:
        for target in (f"z3950://127.0.0.1:{quiet}/Default", f"sru+http://127.0.0.1:{quiet}/sru"):
            with pytest.raises(CommandError) as caught:
                call_command("copycat", target, "x", library="VN-CC0002")
            assert str(caught.value) == (
                f"Không lấy được dữ liệu từ {target}: máy chủ không nhận kết nối "
                "hoặc không trả lời trong 2 giây."
            )
    page = "<html><body>Trang chủ</body></html>".encode()
    with (
        http_server(200, page) as web,
        pytest.raises(CommandError, match="không trả lời bằng searchRetrieveResponse của SRU"),
    ):
        call_command("copycat", f"sru+http://127.0.0.1:{web}/", "x", library="VN-CC0002")
    with (
        http_server(200, b"not XML at all") as web,
        pytest.raises(CommandError, match=r"không trả lời bằng SRU\.$"),
    ):
        call_command("copycat", f"sru+http://127.0.0.1:{web}/", "x", library="VN-CC0002")
    with (
        http_server(404, b"not here") as web,
        pytest.raises(CommandError, match=r"trả lỗi HTTP 404 \(Not Found\)\.$"),
    ):
        call_command("copycat", f"sru+http://127.0.0.1:{web}/sru", "x", library="VN-CC0002")


@pytest.mark.parametrize(
    ("target", "options", "message"),
    [
        ("ftp://example.org/x", {"library": "VN-CC0003"},
         "“ftp://example.org/x” không phải địa chỉ máy chủ hợp lệ."),
        ("z3950://127.0.0.1:1/Default", {"library": "VN-NONE"},
         "Không có thư viện mã VN-NONE. Xem `thuvien library list`, hoặc thêm bằng "
         "`thuvien library add`."),
        ("z3950://127.0.0.1:1/Default", {"library": "VN-CC0003", "limit": 0},
         "--limit phải từ 1 đến 100."),
    ],
)  # fmt: skip
def test_bad_command_lines_are_explained(
    target: str, options: dict[str, Any], message: str
) -> None:
    factories.library("VN-CC0003")
    with pytest.raises(CommandError) as caught:
        call_command("copycat", target, "x", stdout=io.StringIO(), **options)
    assert str(caught.value) == message


def test_queries_become_pqf_or_cql() -> None:
    assert copycat.pqf("thư viện số") == '@attr 1=1016 "thư viện số"'
    assert copycat.pqf("978-604-0-00001-9") == '@attr 1=7 "9786040000019"'
    assert copycat.pqf("@attr 1=4 computer") == "@attr 1=4 computer"
    assert copycat.cql_query("thư viện số") == '"thư viện số"'
    assert copycat.cql_query("0-262-01180-8") == 'bath.isbn="9780262011808"'
    assert copycat.cql_query("dc.title=x and dc.date>2000") == "dc.title=x and dc.date>2000"
    # A line break cannot smuggle a command into yaz-client's script.
    assert copycat.pqf("a\nquit") == '@attr 1=1016 "a quit"'
    with pytest.raises(copycat.RemoteError, match=r"^Hãy nhập câu tìm"):
        copycat.pqf("  ")
