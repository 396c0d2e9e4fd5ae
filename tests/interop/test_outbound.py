"""Outbound requests (issue 14, item 5): copycat targets only from the administrator's list,
loopback/link-local/private addresses refused unless listed in THUVIEN_OUTBOUND_ALLOWED
(checked before connecting, with a real listener on loopback), one text for every failure."""

from __future__ import annotations

import io
import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thuvien.interop import copycat, outbound
from thuvien.testing import factories

from .servers import free_port

pytestmark = pytest.mark.outbound_rules


@pytest.fixture
def listener() -> Iterator[tuple[int, list[int]]]:
    """A real TCP listener on 127.0.0.1; the list counts the connections it accepted."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    accepted: list[int] = []
    yield server.getsockname()[1], accepted
    while True:
        try:
            conn, _ = server.accept()
        except (TimeoutError, OSError):
            break
        accepted.append(1)
        conn.close()
    server.close()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",  # noqa: S104 - an address refused, not bound
    ],
)
def test_internal_addresses_are_refused_unless_listed(address: str, settings: Any) -> None:
    ip = ipaddress.ip_address(address)
    settings.THUVIEN_OUTBOUND_ALLOWED = ""
    assert outbound.refused("partner", [ip]) == [ip]
    settings.THUVIEN_OUTBOUND_ALLOWED = f"{address}/128" if ":" in address else f"{address}/32"
    assert outbound.refused("partner", [ip]) == []
    settings.THUVIEN_OUTBOUND_ALLOWED = "partner"
    assert outbound.refused("partner", [ip]) == []


def test_a_public_address_may_be_reached() -> None:
    assert outbound.refused("partner", [ipaddress.ip_address("203.162.4.190")]) == []


def test_every_address_of_a_host_is_checked(settings: Any) -> None:
    settings.THUVIEN_OUTBOUND_ALLOWED = ""
    found = [ipaddress.ip_address("203.162.4.190"), ipaddress.ip_address("127.0.0.1")]
    assert outbound.refused("mixed.example", found) == [ipaddress.ip_address("127.0.0.1")]


def test_copycat_refuses_a_target_the_administrator_did_not_list(
    settings: Any, listener: tuple[int, list[int]]
) -> None:
    factories.library("VN-OB0001")
    port, accepted = listener
    settings.THUVIEN_COPYCAT_TARGETS = "sru+http://catalogue.example.org/sru"
    with pytest.raises(CommandError) as caught:
        call_command("copycat", f"sru+http://127.0.0.1:{port}/sru", "x", library="VN-OB0001")
    assert str(caught.value) == (
        f"sru+http://127.0.0.1:{port}/sru không có trong danh sách máy chủ biên mục sao chép "
        "(THUVIEN_COPYCAT_TARGETS); hãy nhờ quản trị viên thêm vào."
    )
    assert accepted == []


def test_a_listed_target_on_loopback_is_refused_until_listed_as_internal(
    settings: Any, listener: tuple[int, list[int]]
) -> None:
    factories.library("VN-OB0001")
    port, accepted = listener
    settings.THUVIEN_INTEROP_TIMEOUT = 2
    for target in (f"sru+http://127.0.0.1:{port}/sru", f"z3950://localhost:{port}/Default"):
        settings.THUVIEN_COPYCAT_TARGETS = f"sru+http://catalogue.example.org/sru, {target}"
        settings.THUVIEN_OUTBOUND_ALLOWED = ""
        with pytest.raises(CommandError) as caught:
            call_command("copycat", target, "x", library="VN-OB0001")
        host = target.split("://")[1].split(":")[0]
        assert str(caught.value) in (
            f"Không được kết nối tới {host}: đó là địa chỉ nội bộ ({address}). Chỉ kết nối được "
            "khi quản trị viên ghi máy chủ này vào THUVIEN_OUTBOUND_ALLOWED."
            for address in ("127.0.0.1", "::1")
        )
    assert accepted == []  # refused before connecting
    # Listed: it connects (and the listener never answers: the one failure text).
    settings.THUVIEN_COPYCAT_TARGETS = f"sru+http://127.0.0.1:{port}/sru"
    settings.THUVIEN_OUTBOUND_ALLOWED = "127.0.0.1"
    with pytest.raises(CommandError) as caught:
        call_command("copycat", f"sru+http://127.0.0.1:{port}/sru", "x", library="VN-OB0001")
    assert str(caught.value) == (
        f"Không lấy được dữ liệu từ sru+http://127.0.0.1:{port}/sru: máy chủ không nhận kết nối "
        "hoặc không trả lời trong 2 giây."
    )


def test_open_and_closed_ports_get_the_same_text(
    settings: Any, listener: tuple[int, list[int]]
) -> None:
    factories.library("VN-OB0001")
    settings.THUVIEN_INTEROP_TIMEOUT = 1
    settings.THUVIEN_OUTBOUND_ALLOWED = "127.0.0.1"
    texts = []
    for port in (listener[0], free_port()):
        target = f"sru+http://127.0.0.1:{port}/sru"
        settings.THUVIEN_COPYCAT_TARGETS = target
        with pytest.raises(CommandError) as caught:
            call_command("copycat", target, "x", library="VN-OB0001")
        texts.append(str(caught.value).replace(str(port), "PORT"))
    assert texts[0] == texts[1]


def test_harvest_refuses_a_loopback_source_unless_listed(
    settings: Any, listener: tuple[int, list[int]]
) -> None:
    from .test_harvest import add_source

    library = factories.library("VN-OB0002")
    port, accepted = listener
    settings.THUVIEN_OUTBOUND_ALLOWED = ""
    pk = add_source(f"http://127.0.0.1:{port}/oai", library.code)
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("harvest", "run", str(pk), stdout=io.StringIO(), stderr=errors)
    assert errors.getvalue().strip() == (
        "Đối tác: Không được kết nối tới 127.0.0.1: đó là địa chỉ nội bộ (127.0.0.1). Chỉ kết "
        "nối được khi quản trị viên ghi máy chủ này vào THUVIEN_OUTBOUND_ALLOWED."
    )
    assert accepted == []
    assert copycat.MAX_RECORDS == 100


def test_a_redirect_into_the_library_network_is_refused(
    settings: Any, listener: tuple[int, list[int]]
) -> None:
    """A listed partner that redirects to an unlisted internal address is not followed: every
    connection is checked, and made to the address checked."""
    import http.server
    import threading

    from .test_harvest import add_source

    port, accepted = listener

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.2:{port}/oai")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.THUVIEN_OUTBOUND_ALLOWED = "127.0.0.1"
        library = factories.library("VN-OB0003")
        pk = add_source(f"http://127.0.0.1:{server.server_port}/oai", library.code)
        errors = io.StringIO()
        with pytest.raises(CommandError):
            call_command("harvest", "run", str(pk), stdout=io.StringIO(), stderr=errors)
    finally:
        server.shutdown()
        server.server_close()
    assert errors.getvalue().strip() == (
        "Đối tác: Không được kết nối tới 127.0.0.2: đó là địa chỉ nội bộ (127.0.0.2). Chỉ kết "
        "nối được khi quản trị viên ghi máy chủ này vào THUVIEN_OUTBOUND_ALLOWED."
    )
    assert accepted == []
