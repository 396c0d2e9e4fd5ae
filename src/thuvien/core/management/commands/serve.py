"""``thuvien serve``: the production web server (gunicorn), plus the job runner."""

from __future__ import annotations

import atexit
import ctypes
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from gunicorn.app.base import BaseApplication

from thuvien import conf
from thuvien.cli_support import ThuvienCommand, gettext_lazy


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from thuvien.wsgi import application

        return application


def _die_with_parent() -> None:
    """In the child, before it runs: the kernel sends it SIGTERM when the server dies, even by
    SIGKILL (when atexit never runs); else a killed server left its worker and index applier
    running, and the next start added a second pair."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


def start_child(*command: str) -> subprocess.Popen[bytes]:
    """A helper process (``thuvien <command>``) that ends with the server."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "thuvien", *command],
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
    )
    atexit.register(process.terminate)
    return process


class Command(ThuvienCommand):
    help = gettext_lazy(
        "Phục vụ thuvien qua HTTP bằng gunicorn. Cùng lúc chạy các việc nền và bộ cập nhật "
        "chỉ mục tìm kiếm (trừ khi có --no-jobs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=gettext_lazy("Địa chỉ lắng nghe."))
        parser.add_argument(
            "--port", type=int, default=8000, help=gettext_lazy("Cổng HTTP (mặc định 8000).")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=conf.get_int("WEB_WORKERS"),
            help=gettext_lazy("Số tiến trình web (mặc định: THUVIEN_WEB_WORKERS)."),
        )
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help=gettext_lazy("Không chạy việc nền và bộ cập nhật chỉ mục."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("check")
        if conf.get_bool("RUN_JOBS_IN_SERVE") and not options["no_jobs"]:
            start_child("worker")  # background jobs: imports, notices, audits
            # The one writer of the search index: catalogue changes searchable within a second.
            start_child("search", "apply", "--loop")
        self.stdout.write(f"thuvien: http://{options['host']}:{options['port']}/")
        _Gunicorn(
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": options["workers"],
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 120,
                "accesslog": "-",
            }
        ).run()
