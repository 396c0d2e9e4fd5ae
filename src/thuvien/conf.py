"""The one registry of thuvien's settings.

Every setting has a type, a default and a line of help, and is read from an environment
variable named ``THUVIEN_<NAME>``. Nothing here raises: a value that cannot be read falls back
to its default and is remembered in :data:`PROBLEMS`, which the system checks
(:mod:`thuvien.core.checks`) report with a hint, so a typo never hides behind a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

Value = str | int | bool | Path

PREFIX = "THUVIEN_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Value
    help: str
    choices: tuple[str, ...] = ()

    @property
    def env_name(self) -> str:
        return PREFIX + self.name


@dataclass(frozen=True)
class Problem:
    setting: str
    value: str
    message: str
    hint: str


PROBLEMS: list[Problem] = []


def _default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "thuvien"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATA_DIR", _default_data_dir(), "Folder of the embedded default: database, index, files."
    ),
    Setting(
        "DATABASE_URL",
        "",
        "Database URL; empty means SQLite in DATA_DIR (postgresql://… on servers).",
    ),
    Setting("SECRET_KEY", "", "Django secret key; empty means one generated once into DATA_DIR."),
    Setting("DEBUG", False, "Show debugging pages. Never on a public server."),
    Setting("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]", "Comma-separated host names served."),
    Setting("LANGUAGE", "vi", "Default interface language (vi or en)."),
    Setting("TIME_ZONE", "Asia/Ho_Chi_Minh", "Time zone for dates shown and due dates."),
    Setting("IMPORT_BATCH_SIZE", 1000, "Records committed together by an import."),
    Setting(
        "IMPORT_WORKERS", min(2, os.cpu_count() or 1), "Processes decoding records in an import."
    ),
    Setting(
        "REINDEX_WORKERS",
        0,
        "Processes preparing records in `thuvien reindex` (0: every core, on big catalogues).",
    ),
    Setting(
        "SHARED_DATA_DIR", Path(""), "Folder of third-party sample data used by `thuvien demo`."
    ),
    Setting("WEB_WORKERS", 2, "Web server processes started by `thuvien serve`."),
    Setting("RUN_JOBS_IN_SERVE", True, "Whether `thuvien serve` also runs background jobs."),
    Setting("API_RATE_LIMIT", 120, "Anonymous API requests per minute per client address."),
    Setting("API_TRUSTED_PROXIES", 0, "Reverse proxies in front (0: ignore X-Forwarded-For)."),
    Setting("SIGNIN_LIMIT", 5, "Wrong PINs/passwords per card or staff account before a lock."),
    Setting("SIGNIN_ADDRESS_LIMIT", 5, "Wrong sign-ins per client address before a lock."),
    Setting("SIGNIN_LOCK_MINUTES", 15, "Minutes a card, account or address stays locked."),
    Setting(
        "SIGNIN_DELAY_MAX_SECONDS",
        30,
        "Longest wait between sign-in tries before the lock (1, 2, 4 … seconds up to this).",
    ),
    Setting(
        "MFA",
        "required",
        "Two-step sign-in (TOTP) for admins and Department officers: required, offered or off.",
        ("required", "offered", "off"),
    ),
    Setting("STAFF_IDLE_MINUTES", 15, "Minutes without a request before staff are signed out."),
    Setting("PASSWORD_LIST", "", "File of breached passwords or SHA-1 hashes staff may not use."),
    Setting("HTTPS", False, "Served over HTTPS: Secure cookies, HSTS, trust X-Forwarded-Proto."),
    Setting(
        "SECURITY_CONTACT", "", "Contact for /.well-known/security.txt (mailto: or https: URL)."
    ),
    Setting("DIGITAL_MAX_FILE_MB", 2048, "Largest file accepted by a digital-library ingest."),
    Setting(
        "DIGITAL_MAX_MEGAPIXELS",
        200,
        "Largest image (millions of pixels, read from its header) a digital ingest accepts.",
    ),
    Setting(
        "READING_ROOM_NETWORKS",
        "",
        "Comma-separated address ranges of reading rooms (CIDR), for on-site-only material.",
    ),
    Setting("LOG_FORMAT", "text", "Log lines as text, or json (one object per line, request id)."),
    Setting("LOG_FILE", "", "Log to this file, rotated at midnight (empty: standard error)."),
    Setting("LOG_DAYS", 90, "Days of rotated log files kept with LOG_FILE."),
    Setting("METRICS_TOKEN", "", "Bearer token for /metrics from other machines (loopback: free)."),
    Setting("BACKUP_KEY_FILE", Path(""), "Backup key file (`thuvien backup keygen`); required."),
    Setting("BACKUP_DIR", Path(""), "Folder `thuvien backup` writes to when --to is not given."),
    Setting("BACKUP_KEEP", "7d,4w,12m", "Backups kept: newest per day, week, month (7d,4w,12m)."),
    Setting(
        "POSTAL_FEE",
        0,
        "What a reader pays for a loan by post, in đồng (0: free; fee-waiver readers never pay).",
    ),
    Setting("IIIF_UPSCALE_MAX_SIDE", 4000, "Widest/tallest IIIF ^ (upscaled) answer."),
    Setting("IIIF_UPSCALE_MAX_PIXELS", 4_000_000, "Largest area of an IIIF ^ answer."),
    Setting("IIIF_RENDERS", 2, "IIIF images one web process renders at once; more answer 503."),
    Setting("IIIF_RENDERS_PER_CLIENT", 2, "IIIF renders per client address at once; more: 429."),
    Setting("AUDIT_RETENTION_MONTHS", 12, "Months the audit log is kept (at least 12, level 3)."),
    Setting("DIGITAL_REQUEST_DAYS", 14, "Days a reader's approved access request lasts."),
    # Interoperability and open data (thuvien.interop.config reads these).
    Setting("OAI_REPOSITORY_ID", "thuvien.vn", "OAI-PMH identifiers oai:<this>:<record>."),
    Setting("OAI_REPOSITORY_NAME", "Mạng lưới thư viện tỉnh — thuvien", "OAI-PMH name."),
    Setting("OAI_ADMIN_EMAIL", "thuvien@localhost.localdomain", "OAI-PMH adminEmail."),
    Setting("OAI_PAGE_SIZE", 500, "Records per OAI-PMH ListRecords/ListIdentifiers page."),
    Setting("OAI_TOKEN_HOURS", 24, "Hours an OAI-PMH resumption token is honoured."),
    Setting("INTEROP_TIMEOUT", 10, "Seconds to wait for a remote Z39.50, SRU or OAI server."),
    Setting(
        "OUTBOUND_ALLOWED",
        "",
        "Hosts or networks (CIDR), comma-separated, that copycat and OAI harvesting may reach"
        " although they are loopback, link-local or private.",
    ),
    Setting("OPENDATA_LICENCE", "CC0-1.0", "Licence of the open-data dumps (CC0-1.0, CC-BY-4.0)."),
    Setting("PUBLIC_URL", "http://localhost:8000", "Portal address used in open-data links."),
    Setting("COPYCAT_TARGETS", "", "Comma-separated Z39.50/SRU targets offered for copying."),
    # Readers signing in through a province single sign-on or VNeID (OpenID Connect); off
    # while READER_OIDC_CLIENT_ID is empty. See thuvien.opac.oidc.
    Setting("READER_OIDC_CLIENT_ID", "", "Readers' OIDC sign-in: client id; empty: off."),
    Setting("READER_OIDC_CLIENT_SECRET", "", "Readers' OIDC sign-in: client secret."),
    Setting("READER_OIDC_AUTHORIZATION_URL", "", "Readers' OIDC sign-in: authorization endpoint."),
    Setting("READER_OIDC_TOKEN_URL", "", "Readers' OIDC sign-in: token endpoint."),
    Setting("READER_OIDC_USERINFO_URL", "", "Readers' OIDC sign-in: userinfo endpoint."),
    Setting("READER_OIDC_JWKS_URL", "", "Readers' OIDC sign-in: the provider's JWKS (RS256)."),
    Setting("READER_OIDC_SCOPES", "openid", "Readers' OIDC sign-in: scopes asked for."),
    Setting(
        "READER_OIDC_CLAIM",
        "card_number",
        "Readers' OIDC sign-in: the claim holding the card number (CODE:number or number).",
    ),
    Setting(
        "READER_OIDC_NAME", "VNeID", "Readers' OIDC sign-in: the provider's name on the button."
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _parse(setting: Setting, raw: str) -> Value:
    default = setting.default
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError("expected one of 1/0, true/false, yes/no, on/off")
    if isinstance(default, int):
        value = int(raw)
        if value < 0 or (value == 0 and default > 0):
            raise ValueError("expected a positive whole number")
        return value
    if isinstance(default, Path):
        return Path(raw).expanduser()
    if setting.choices and raw.strip() not in setting.choices:
        raise ValueError("expected one of " + ", ".join(setting.choices))
    return raw.strip() if setting.choices else raw


def get(name: str) -> Value:
    """The value of setting ``name`` from the environment, or its default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env_name)
    if raw is None:
        return setting.default
    try:
        return _parse(setting, raw)
    except ValueError as exc:
        PROBLEMS.append(
            Problem(
                setting=setting.env_name,
                value=raw,
                message=f"{setting.env_name}={raw!r} cannot be read: {exc}.",
                hint=f"Fix or unset {setting.env_name}; the default {setting.default!r} is used.",
            )
        )
        return setting.default


def get_str(name: str) -> str:
    return str(get(name))


def get_int(name: str) -> int:
    value = get(name)
    if not isinstance(value, int):
        raise TypeError(f"setting {name} is not a number")
    return value


def get_bool(name: str) -> bool:
    return bool(get(name))


def get_path(name: str) -> Path:
    value = get(name)
    if not isinstance(value, Path):
        raise TypeError(f"setting {name} is not a path")
    return value


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting: used by docs and `thuvien settings`."""
    return [(s.env_name, str(s.default), s.help) for s in SETTINGS]
