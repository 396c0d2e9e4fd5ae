"""Start-up checks: misconfiguration is reported with an id and a hint, never a traceback."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from thuvien import conf


@register()
def settings_readable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem.message, hint=problem.hint, id="thuvien.E001") for problem in conf.PROBLEMS
    ]


@register()
def data_dir_writable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    data_dir = settings.DATA_DIR
    if not os.access(data_dir, os.W_OK):
        return [
            Error(
                f"The data folder {data_dir} is not writable.",
                hint="Set THUVIEN_DATA_DIR to a folder this user can write, or fix its rights.",
                id="thuvien.E002",
            )
        ]
    return []


@register(deploy=True)
def server_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        messages.append(
            Warning(
                "The embedded SQLite database is in use.",
                hint="For a provincial network set THUVIEN_DATABASE_URL=postgresql://…",
                id="thuvien.W001",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        messages.append(
            Warning(
                "THUVIEN_ALLOWED_HOSTS allows any host name.",
                hint="List the site's real host names, comma-separated.",
                id="thuvien.W002",
            )
        )
    return messages
