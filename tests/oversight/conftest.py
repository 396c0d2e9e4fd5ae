"""What the oversight tests share: the Department officer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser

from thuvien.network.models import Role
from thuvien.testing import factories


@pytest.fixture
def officer() -> AbstractUser:
    return factories.staff(Role.DEPARTMENT_OFFICER, None, username="so-vhttdl")
