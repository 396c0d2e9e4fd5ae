"""What the benchmarks share: the installed ``thuvien`` command, and a server to measure."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def thuvien(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "thuvien"), *args]


def serve(port: int, **env: str) -> subprocess.Popen[bytes]:
    """``thuvien serve`` (two web workers, no jobs) on ``port``, once /health answers;
    ``env`` adds THUVIEN_* settings to this process's environment."""
    server = subprocess.Popen(
        thuvien("serve", "--no-jobs", "--port", str(port), "--workers", "2"),
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")
