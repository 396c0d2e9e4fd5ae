"""The interop app's settings, each with its default (override in Django settings or with the
``THUVIEN_`` environment variable of the same name)."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS: dict[str, str | int] = {
    # Names this repository in OAI identifiers (oai:<id>:<record>); a domain name you own.
    "OAI_REPOSITORY_ID": "thuvien.vn",
    "OAI_REPOSITORY_NAME": "Mạng lưới thư viện tỉnh — thuvien",
    "OAI_ADMIN_EMAIL": "thuvien@localhost.localdomain",
    "OAI_PAGE_SIZE": 500,  # records (headers) per ListRecords (ListIdentifiers) response
    "OAI_TOKEN_HOURS": 24,  # a resumption token is honoured this long
    "INTEROP_TIMEOUT": 20,  # seconds to wait for a remote Z39.50, SRU or OAI server
    "OPENDATA_LICENCE": "CC0-1.0",
    # Where the public portal is reached: record links in dumps made from the command line.
    "PUBLIC_URL": "http://localhost:8000",
    # Remote catalogues offered on the copy-cataloguing page, comma separated.
    "COPYCAT_TARGETS": "",
}


def get_str(name: str) -> str:
    return str(_get(name))


def get_int(name: str) -> int:
    try:
        return int(_get(name))
    except ValueError:
        return int(DEFAULTS[name])


def _get(name: str) -> str | int:
    value = getattr(settings, f"THUVIEN_{name}", None)
    if value is None:
        value = os.environ.get(f"THUVIEN_{name}")
    return DEFAULTS[name] if value in (None, "") else value
