"""`thuvien deploy systemd`: the units load in systemd's own checker, and the commands they
start answer (systemd is not PID 1 here, so each ExecStart is started as systemd would)."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

THUVIEN = Path(sys.executable).parent / "thuvien"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise AssertionError(f"nothing answers on port {port}")


def test_the_units_load_and_the_services_they_start_answer(tmp_path: Path) -> None:
    env = {**os.environ, "THUVIEN_DATA_DIR": str(tmp_path / "data"), "THUVIEN_DATABASE_URL": ""}
    web, sip2 = free_port(), free_port()
    output = tmp_path / "units"
    made = subprocess.run(
        [str(THUVIEN), "deploy", "systemd", "--output", str(output), "--user", "root",
         "--web-port", str(web), "--sip2-port", str(sip2)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    names = sorted(p.name for p in output.iterdir())
    assert {"thuvien-web.service", "thuvien-worker.service", "thuvien-sip2.service"} <= set(names)
    assert {"thuvien.env", "nginx-thuvien.conf"} <= set(names)
    assert made.stdout.splitlines()[-1].startswith("Chép các tệp .service vào /etc/systemd/system/")
    services = sorted(output.glob("*.service"))
    checked = subprocess.run(
        ["systemd-analyze", "verify", *map(str, services)], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert (checked.returncode, checked.stderr) == (0, "")

    def exec_start(name: str) -> list[str]:
        line = next(
            line for line in (output / f"{name}.service").read_text().splitlines()
            if line.startswith("ExecStart=")
        )  # fmt: skip
        return shlex.split(line.removeprefix("ExecStart="))

    started = [
        subprocess.Popen(exec_start(name), env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        for name in ("thuvien-web", "thuvien-sip2", "thuvien-worker")
    ]  # fmt: skip
    try:
        wait_for(web)
        with urllib.request.urlopen(f"http://127.0.0.1:{web}/health", timeout=30) as answer:
            assert answer.status == 200
        wait_for(sip2)
        with socket.create_connection(("127.0.0.1", sip2), timeout=30) as conn:
            conn.sendall(b"9300CNkhong-co|COsai|\r")
            assert conn.recv(100).startswith(b"940")  # a SIP2 answer: login refused
        assert started[2].poll() is None  # the worker keeps running
    finally:
        for process in started:
            process.terminate()
            process.wait(30)
