"""`thuvien serve` killed with SIGKILL while its index applier works: its helpers die with it
(no orphaned worker or applier, no second pair after the restart), and the restarted server
finishes the index from the change feed, with every record found once."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pymarc
import pytest

from tests.interop.servers import free_port

THUVIEN = Path(sys.executable).parent / "thuvien"
RECORDS = 4000


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found |= {int(p) for p in text.split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _get(port: int, path: str) -> dict[str, object]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _wait(port: int, path: str, ok: object, seconds: float) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    last: dict[str, object] = {}
    while time.monotonic() < deadline:
        try:
            last = _get(port, path)
            if ok(last):  # type: ignore[operator]
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{path} never became ready: {last}")


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(THUVIEN), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_killed_server_takes_its_helpers_with_it_and_the_next_one_finishes_the_index(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path / "data"), "THUVIEN_DATABASE_URL": ""}
    marc = io.BytesIO()
    for n in range(RECORDS):
        record = pymarc.Record(force_utf8=True)
        record.add_field(pymarc.Field(tag="001", data=f"K{n}"))
        record.add_field(
            pymarc.Field(
                tag="245",
                indicators=pymarc.Indicators("1", "0"),
                subfields=[pymarc.Subfield("a", f"Địa chí Cà Mau tập {n}")],
            )
        )
        marc.write(record.as_marc())
    (tmp_path / "dia-chi.mrc").write_bytes(marc.getvalue())
    subprocess.run([str(THUVIEN), "library", "add", "VN-CM0001", "--name", "Thư viện tỉnh",
                    "--type", "public"], env=env, check=True, capture_output=True)  # fmt: skip
    subprocess.run([str(THUVIEN), "import", str(tmp_path / "dia-chi.mrc"), "--library",
                    "VN-CM0001"], env=env, check=True, capture_output=True)  # fmt: skip

    port = free_port()
    server = _serve(env, port)
    try:
        _wait(port, "/health", lambda h: h["index"]["pending_changes"] < RECORDS, 90)
        helpers = _children(server.pid)
        os.kill(server.pid, signal.SIGKILL)  # the server alone, as an OOM killer would
        server.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in helpers):
            time.sleep(0.2)
        assert [p for p in helpers if _alive(p)] == []
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # whatever is left of the group

    port = free_port()
    server = _serve(env, port)
    try:
        health = _wait(port, "/health", lambda h: h["index"]["pending_changes"] == 0, 120)
        assert health["database"] == "ok"
        found = _get(port, "/api/v1/search?q=%C4%91%E1%BB%8Ba+ch%C3%AD&per_page=1")
        assert found["total"] == RECORDS
        assert len(_children(server.pid)) == 3  # one web worker, the job worker, the applier
    finally:
        server.terminate()
        server.wait(30)
