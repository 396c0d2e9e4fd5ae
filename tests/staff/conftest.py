from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser
from django.test import Client

from thuvien.catalogue import services
from thuvien.catalogue.models import Record
from thuvien.network.models import Library, Role
from thuvien.testing import factories

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@pytest.fixture(autouse=True, scope="session")
def _static_root() -> None:
    """WhiteNoise warns (an error in tests) when STATIC_ROOT does not exist yet; a fresh
    data folder has none until `collectstatic`."""
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploads and rejects files of each test go to its own folder; accounts hash fast."""
    settings.FILES_DIR = tmp_path / "files"
    # Staff accounts are made in nearly every test; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def library_a() -> Library:
    return factories.library("VN-A0001", name_vi="Thư viện tỉnh A")


@pytest.fixture
def library_b() -> Library:
    return factories.library("VN-B0001", name_vi="Thư viện huyện B")


@pytest.fixture
def cataloguer(library_a: Library) -> AbstractUser:
    return factories.staff(Role.CATALOGUER, library_a, username="bienmuc-a")


@pytest.fixture
def network_admin() -> AbstractUser:
    return factories.staff(Role.NETWORK_ADMIN, username="quantri-mang")


def client_for(user: AbstractBaseUser | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(cast("User", user))  # the factories' users are auth Users
    return client


def record_in(library: Library, title: str = "Thư viện số", **kw: Any) -> Record:
    actor = factories.staff(Role.NETWORK_ADMIN)
    return services.create_record(actor, library, factories.marc(title, **kw))
