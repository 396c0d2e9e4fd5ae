"""The installed ``thuvien`` script as an operator uses it: readers from CSV, a SIP2 login,
then ``thuvien sip2`` serving a kiosk (pysip2 decodes its answers)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pysip2
import pytest

from .sip2_client import NOW, Kiosk, free_port, login

THUVIEN = Path(sys.executable).parent / "thuvien"

pytestmark = pytest.mark.slow


@pytest.fixture
def database_url() -> Iterator[str]:
    """A database of the script's own, on the suite's kind: a fresh SQLite folder, or on a
    PostgreSQL run a fresh database beside the suite's (migrated by the script first)."""
    suite = os.environ.get("THUVIEN_DATABASE_URL", "")
    if not suite:
        yield ""
        return
    name = f"thuvien_cli_{secrets.token_hex(4)}"
    server = suite.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_operator_imports_readers_adds_a_kiosk_login_and_serves_sip2(
    tmp_path: Path, database_url: str
) -> None:
    env = {
        **os.environ,
        "THUVIEN_DATA_DIR": str(tmp_path / "data"),
        "THUVIEN_DATABASE_URL": database_url,
    }

    def thuvien(*args: str) -> str:
        done = subprocess.run(
            [str(THUVIEN), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=True,
        )
        return done.stdout

    if database_url:  # a server's database is never migrated behind the operator's back
        thuvien("migrate", "--verbosity", "0")
    thuvien("library", "add", "VN-KS0001", "--name", "Thư viện Kiốt", "--type", "public")
    readers = tmp_path / "ban-doc.csv"
    readers.write_text(
        "card_number,full_name,category,pin,email\nK001,Đặng Thị Hoa,adult,1357,\n"
        "K002,Thiếu Cột,adult\n",
        encoding="utf-8",
    )
    out = thuvien("patron", "import", str(readers), "--library", "VN-KS0001")
    assert out == ("ban-doc.csv → VN-KS0001: đọc 2, mới 1, cập nhật 0, không đổi 0, bị loại 1.\n")
    thuvien("sip2", "account", "add", "--library", "VN-KS0001", "--login", "k1", "--password", "p")
    port = free_port()
    server = subprocess.Popen(
        [str(THUVIEN), "sip2", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline() == f"SIP2: 127.0.0.1:{port} (Ctrl+C để dừng)\n"
        deadline = time.monotonic() + 30
        while True:
            try:
                kiosk = Kiosk(port)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert kiosk.ask(login("k1", "p"), pysip2.LoginResponse).ok == "1"
        status = kiosk.ask(
            pysip2.PatronStatusRequest(
                language="000",
                transaction_date=NOW,
                institution_id="VN-KS0001",
                patron_identifier="K001",
                terminal_password="",
                patron_password="1357",
            ),
            pysip2.PatronStatusResponse,
        )
        assert (status.personal_name, status.valid_patron_password) == ("Đặng Thị Hoa", "Y")
        kiosk.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
