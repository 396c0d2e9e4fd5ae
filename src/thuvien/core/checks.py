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


# Host names only this machine reaches ("testserver": Django's test client).
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}


@register()
def https_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A server reachable by name from elsewhere should be served over HTTPS (not only
    under ``--deploy``: ``thuvien serve`` runs the ordinary checks)."""
    public = [h for h in settings.ALLOWED_HOSTS if h not in LOCAL_HOSTS]
    if settings.DEBUG or getattr(settings, "THUVIEN_HTTPS", False) or not public:
        return []
    return [
        Warning(
            "The server answers for {hosts} without THUVIEN_HTTPS: session cookies go out "
            "without Secure and browsers are not told to use HTTPS (HSTS).".format(
                hosts=", ".join(public)
            ),
            hint="Serve it behind an HTTPS proxy (docs/deploy.md) and set THUVIEN_HTTPS=1.",
            id="thuvien.W003",
        )
    ]


@register()
def mfa_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Level 3 asks for two-step sign-in of the accounts that can change everything: a
    server reachable from elsewhere should not run with it merely offered or off (the demo
    runs with "offered" on this machine only)."""
    public = [h for h in settings.ALLOWED_HOSTS if h not in LOCAL_HOSTS]
    mode = str(getattr(settings, "THUVIEN_MFA", "required"))
    if settings.DEBUG or mode == "required" or not public:
        return []
    return [
        Warning(
            f"The server answers for {', '.join(public)} with THUVIEN_MFA={mode}: network "
            "admins, library admins and Department officers can sign in with a password alone.",
            hint="Set THUVIEN_MFA=required (the default) and enrol each of them (docs/deploy.md).",
            id="thuvien.W004",
        )
    ]
