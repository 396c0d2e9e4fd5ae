"""What the benchmarks share: the installed ``thuvien`` command, and a server to measure."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


def set_up_django(data_dir: Path, database: str, name: str, *, fresh: bool) -> None:
    """Point thuvien at ``data_dir`` and, on PostgreSQL, at the database ``name`` (emptied
    first when ``fresh``, with the folder), then start Django in this process."""
    os.environ["THUVIEN_DATA_DIR"] = str(data_dir)
    postgres = database == "postgres"
    os.environ["THUVIEN_DATABASE_URL"] = (
        f"postgresql://postgres@127.0.0.1:5432/{name}" if postgres else ""
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    if fresh:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            if postgres:
                psql = ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql]
                subprocess.run(psql, check=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def free_port() -> int:
    """A port nobody listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fresh_server_data(name: str, database: str) -> dict[str, str]:
    """An empty data folder (and, on PostgreSQL, database ``name``) migrated and set up in this
    process, for a benchmark that starts `thuvien serve` on it; returns the environment the
    server is to run with (no background jobs)."""
    data_dir = Path(tempfile.gettempdir()) / name / database
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {**os.environ, "THUVIEN_DATA_DIR": str(data_dir), "THUVIEN_RUN_JOBS_IN_SERVE": "0"}
    env.pop("THUVIEN_DATABASE_URL", None)
    if database == "postgres":
        for sql in (
            f"DROP DATABASE IF EXISTS {name}",
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'",
        ):
            psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql]
            subprocess.run(psql, check=True, stdout=subprocess.DEVNULL)
        env["THUVIEN_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    os.environ.clear()
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thuvien.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env
