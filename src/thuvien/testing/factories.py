"""Small builders for the objects tests need; each returns a saved object."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from thuvien.catalogue.marc import MarcRecord
from thuvien.network.models import Library, LibraryType, Role, StaffProfile

_counter = itertools.count(1)

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def shared(*parts: str) -> Path:
    """Path of a third-party sample file under ../shared/data (never copied into the repo)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"sample data {path} is missing: the tests need ../shared/data")
    return path


def library(code: str | None = None, **values: Any) -> Library:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "name_vi": f"Thư viện thử {n}",
        "library_type": LibraryType.PUBLIC,
    }
    defaults.update(values)
    return Library.objects.create(code=code or f"VN-T{n:04d}", **defaults)


def staff(role: Role, library: Library | None = None, username: str | None = None) -> AbstractUser:
    n = next(_counter)
    user = get_user_model().objects.create_user(
        username=username or f"{role.value}-{n}", password="mật-khẩu-thử-1"
    )
    StaffProfile.objects.create(user=user, role=role, library=library)
    return user


def marc(
    title: str = "Thư viện số", *, control: str | None = None, extra: list[Any] | None = None
) -> MarcRecord:
    fields: list[Any] = []
    if control is not None:
        fields.append(["001", control])
    fields.append(["008", "250101s2024    vm            000 0 vie d"])
    fields.append(["245", "1", "0", [["a", title]]])
    fields.extend(extra or [])
    return MarcRecord("00000nam a2200000 a 4500", fields)
