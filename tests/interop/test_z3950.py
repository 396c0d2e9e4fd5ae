"""``thuvien z3950``: Simple2ZOOM in front of our SRU, searched with yaz-client over Z39.50
as a partner ILS would: Bib-1 use attributes mapped to our CQL indexes, records as MARC 21."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from thuvien.interop import z3950
from thuvien.testing.portal import PortalData


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gateway(live_server: LiveServer, indexed: PortalData, tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path / "data")}
    server = subprocess.Popen(
        [sys.executable, "-m", "thuvien", "z3950", "--host", "127.0.0.1", "--port", str(port),
         "--sru", f"{live_server.url}/sru"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def yaz_client(port: int, script: str) -> str:
    result = subprocess.run(
        ["yaz-client", f"tcp:127.0.0.1:{port}/thuvien"],
        input=script + "quit\n", capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return result.stdout + result.stderr


def test_yaz_client_finds_by_title_and_shows_marc(gateway: int) -> None:
    output = yaz_client(gateway, "find @attr 1=4 indochine\nshow 1\n")
    assert "Number of hits: 1" in output
    assert "245 10 $a Histoire de l'Indochine." in output


def test_bib1_attributes_reach_our_indexes(gateway: int) -> None:
    output = yaz_client(
        gateway,
        "find @attr 1=1003 arms\n"  # author
        "find @attr 1=7 0262011808\n"  # ISBN
        "find @attr 1=8 1859-1450\n"  # ISSN
        'find @attr 1=21 "digital libraries"\n'  # subject
        "find @attr 1=1016 indochine\n"  # any
        "find @and @attr 1=4 digital @attr 1=31 @attr 2=4 1990\n"  # title and year >= 1990
        "show 1\n",
    )
    assert output.count("Number of hits: 1") == 6, output
    assert "245 10 $a Digital libraries / $c William Y. Arms." in output
    refused = yaz_client(gateway, "find @attr 1=1032 x\n")  # doc-id: not mapped
    assert "Unsupported Use attribute" in refused, refused


def test_the_configuration_is_written_into_the_data_folder(settings: object) -> None:
    out = io.StringIO()
    call_command("z3950", "--config-only", "--sru", "https://thuvien.example/sru", stdout=out)
    path = Path(settings.DATA_DIR) / "z3950" / "simple2zoom.xml"  # type: ignore[attr-defined]
    assert out.getvalue().strip() == (
        f"Cấu hình Z39.50: {path} (chuyển tới https://thuvien.example/sru)."
    )
    assert path.read_text() == z3950.config_xml("https://thuvien.example/sru")
    assert '<map use="4"><index>dc.title</index></map>' in path.read_text()
    assert '<map use="1016"><index>cql.serverChoice</index></map>' in path.read_text()
