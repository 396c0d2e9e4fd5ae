from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _db_for_every_test(db: None) -> None:
    """Most tests touch the database; those that do not pay almost nothing for this."""


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error in tests) when STATIC_ROOT does not exist yet; a fresh
    data folder has none until `collectstatic`. Pages and the admin need it."""
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Staff accounts are made in nearly every test; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sign_in_counts_of_this_test_only(settings: Any, request: pytest.FixtureRequest) -> None:
    """Wrong PINs and passwords are counted per client address in the shared ``ratelimit``
    cache, and every test client is 127.0.0.1: each test counts in its own cache, so one
    test's failures never lock another out (parallel workers share the data folder's file
    cache). A test that needs the file cache itself sets CACHES again."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test:{request.node.nodeid}",
        },
    }


@pytest.fixture(autouse=True)
def _lock_tests_type_back_to_back(settings: Any) -> None:
    """The lock tests type wrong secrets one after another, as a script would; the growing
    delay between tries (on in production) has its own tests, which set it again."""
    settings.THUVIEN_SIGNIN_DELAY_MAX_SECONDS = 0


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """``force_login`` skips the password; with THUVIEN_MFA=required (the default, kept in
    tests) it also stands for the code step, for accounts that must use one: the account
    gets a real TOTP app and the session is marked as having passed it. The sign-in tests
    go through the real password and code pages (tests/staff/test_mfa.py)."""
    from django.test import Client

    from thuvien.network import mfa
    from thuvien.testing.mfa import mark_verified

    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if mfa.must_use(user) or mfa.device_of(user) is not None:
            mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """LocaleMiddleware leaves a request's language active in the thread: an English request
    in one test must not turn the next test's labels English."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def in_english() -> Iterator[None]:
    """Messages are put together when they are raised, in the language active then: a test
    that reads the English of a message raises it with English active."""
    with translation.override("en"):
        yield
