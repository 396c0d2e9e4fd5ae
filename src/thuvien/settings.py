"""Django settings, derived entirely from the registry in :mod:`thuvien.conf`.

Nothing is configured here by editing the file: set ``THUVIEN_*`` environment variables.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from thuvien import conf, logs

BASE_DIR = Path(__file__).resolve().parent

DATA_DIR: Path = conf.get_path("DATA_DIR").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
FILES_DIR = DATA_DIR / "files"


def _secret_key() -> str:
    configured = conf.get_str("SECRET_KEY")
    if configured:
        return configured
    # A key generated once and kept in the data dir: sessions survive restarts and no
    # well-known default key ever reaches a server.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = conf.get_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in conf.get_str("ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_otp",  # staff two-step sign-in (issue 14): TOTP apps and recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "thuvien.core",
    "thuvien.audit",
    "thuvien.lifecycle",
    "thuvien.changes",
    "thuvien.network",
    "thuvien.catalogue",
    "thuvien.union",
    "thuvien.search",
    "thuvien.opac",
    "thuvien.api",
    "thuvien.staff",
    "thuvien.circulation",
    "thuvien.digital",
    "thuvien.acquisitions",
    "thuvien.serials",
    "thuvien.interop",
    "thuvien.reporting",
    "thuvien.stock",
    "thuvien.legacy",
    "thuvien.ai",
    "thuvien.oversight",
    "thuvien.operations",
]

MIDDLEWARE = [
    "thuvien.logs.RequestIdMiddleware",  # first: every later line of the request carries it
    "django.middleware.security.SecurityMiddleware",
    "thuvien.core.headers.SecurityHeaders",
    # Anonymous IIIF tiles skip the session/auth/CSRF machinery (they have no session).
    "thuvien.digital.middleware.AnonymousImages",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(); then staff who owe a code or an enrolment go nowhere else.
    "django_otp.middleware.OTPMiddleware",
    "thuvien.staff.signin.SecondStep",
    # Staff sessions end after THUVIEN_STAFF_IDLE_MINUTES without a request (readers' do not).
    "thuvien.staff.signin.IdleTimeout",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "thuvien.urls"
WSGI_APPLICATION = "thuvien.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "thuvien.opac.context.reader",
                "thuvien.opac.context.look",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = conf.get_str("DATABASE_URL")
    if url:
        try:
            config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        except ValueError as exc:
            conf.PROBLEMS.append(
                conf.Problem(
                    setting="THUVIEN_DATABASE_URL",
                    value=url,
                    message=f"THUVIEN_DATABASE_URL={url!r} is not a database URL: {exc}",
                    hint="Use postgresql://USER:PASSWORD@HOST:5432/NAME, or unset it for SQLite.",
                )
            )
        else:
            if config["ENGINE"] == "django.db.backends.postgresql":
                config.setdefault("TEST", {})["NAME"] = f"test_{config['NAME']}"
            return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "thuvien.sqlite3",
        "OPTIONS": {
            # Writers queue instead of failing with "database is locked" half-way through
            # a transaction; WAL lets readers (web pages) go on while an import writes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA cache_size=-65536;"
            ),
        },
        "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff passwords (issue 14): at least 10 characters, not like the user's name, not all
# digits, not one of Django's 20,000 common passwords, nor on thuvien's own list (Vietnamese
# favourites) or the breached-password list an administrator may add (THUVIEN_PASSWORD_LIST:
# a file of passwords or SHA-1 hashes, one a line, e.g. a "Pwned Passwords" extract).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "thuvien.staff.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "thuvien.staff.passwords.ListedPasswordValidator"},
]
THUVIEN_PASSWORD_LIST = conf.get_str("PASSWORD_LIST")
# Sign-in guesses (thuvien.attempts): failures per card/account and per address, lock length.
THUVIEN_SIGNIN_LIMIT = conf.get_int("SIGNIN_LIMIT")
THUVIEN_SIGNIN_ADDRESS_LIMIT = conf.get_int("SIGNIN_ADDRESS_LIMIT")
THUVIEN_SIGNIN_LOCK_MINUTES = conf.get_int("SIGNIN_LOCK_MINUTES")
THUVIEN_STAFF_IDLE_MINUTES = conf.get_int("STAFF_IDLE_MINUTES")
THUVIEN_SIGNIN_DELAY_MAX_SECONDS = conf.get_int("SIGNIN_DELAY_MAX_SECONDS")
# Two-step sign-in (thuvien.network.mfa); django-otp's own throttling is off because wrong
# codes count in thuvien.attempts with wrong passwords (one limiter, one message).
THUVIEN_MFA = conf.get_str("MFA")
OTP_TOTP_ISSUER = "thuvien"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

LANGUAGE_CODE = conf.get_str("LANGUAGE")
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Local additions to Django's formats (thuvien/core/formats/vi: đồng grouped as 15.000).
FORMAT_MODULE_PATH = ["thuvien.core.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = conf.get_str("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Browser code from npm (`make setup` runs `npm ci`), served from here, never from a CDN.
_NODE_MODULES = BASE_DIR.parent.parent / "node_modules"
STATICFILES_DIRS = [
    (f"vendor/{name}", _NODE_MODULES / folder)
    for name, folder in (("openseadragon", "openseadragon/build/openseadragon"),)
    if (_NODE_MODULES / folder).is_dir()
]
MEDIA_ROOT = FILES_DIR

LOGIN_URL = "staff:login"

# Readers' single sign-on (mozilla-django-oidc, driven by thuvien.opac.oidc; never a staff login).
THUVIEN_READER_OIDC_CLAIM = conf.get_str("READER_OIDC_CLAIM")
THUVIEN_READER_OIDC_NAME = conf.get_str("READER_OIDC_NAME")
OIDC_RP_CLIENT_ID = conf.get_str("READER_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = conf.get_str("READER_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = conf.get_str("READER_OIDC_AUTHORIZATION_URL")
OIDC_OP_TOKEN_ENDPOINT = conf.get_str("READER_OIDC_TOKEN_URL")
OIDC_OP_USER_ENDPOINT = conf.get_str("READER_OIDC_USERINFO_URL")
OIDC_OP_JWKS_ENDPOINT = conf.get_str("READER_OIDC_JWKS_URL") or None
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = conf.get_str("READER_OIDC_SCOPES")
OIDC_AUTHENTICATION_CALLBACK_URL = "opac:account:oidc_callback"
OIDC_CREATE_USER = False  # readers are registered by a library, never by the provider
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"

# An import upload may be large: it is streamed to disk, never held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The MARC editor sends four inputs per field: a record with hundreds of copies (952) is real.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# THUVIEN_HTTPS=1 on a server behind an HTTPS proxy (nginx, see docs/deploy.md): cookies only
# over HTTPS, browsers told to use HTTPS for a year (HSTS), and the proxy's
# X-Forwarded-Proto believed (the proxy must set it, overwriting what a client sent).
THUVIEN_HTTPS = conf.get_bool("HTTPS")
if THUVIEN_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
THUVIEN_SECURITY_CONTACT = conf.get_str("SECURITY_CONTACT")

THUVIEN_IMPORT_BATCH_SIZE = conf.get_int("IMPORT_BATCH_SIZE")
THUVIEN_IMPORT_WORKERS = conf.get_int("IMPORT_WORKERS")
THUVIEN_REINDEX_WORKERS = conf.get_int("REINDEX_WORKERS")
THUVIEN_API_RATE_LIMIT = conf.get_int("API_RATE_LIMIT")
THUVIEN_POSTAL_FEE = conf.get_int("POSTAL_FEE")
THUVIEN_API_TRUSTED_PROXIES = conf.get_int("API_TRUSTED_PROXIES")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by every web process on the machine, so a limit is one limit, not one per
    # worker; servers may point this at Redis or Memcached.
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache" / "ratelimit",
        "TIMEOUT": 120,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
THUVIEN_SHARED_DATA_DIR = conf.get_path("SHARED_DATA_DIR")
THUVIEN_IIIF_UPSCALE_MAX_SIDE = conf.get_int("IIIF_UPSCALE_MAX_SIDE")
THUVIEN_IIIF_UPSCALE_MAX_PIXELS = conf.get_int("IIIF_UPSCALE_MAX_PIXELS")
THUVIEN_IIIF_RENDERS = conf.get_int("IIIF_RENDERS")
THUVIEN_IIIF_RENDERS_PER_CLIENT = conf.get_int("IIIF_RENDERS_PER_CLIENT")
THUVIEN_AUDIT_RETENTION_MONTHS = conf.get_int("AUDIT_RETENTION_MONTHS")

LOGGING = logs.config(
    conf.get_str("LOG_FORMAT"), conf.get_str("LOG_FILE"), conf.get_int("LOG_DAYS")
)
