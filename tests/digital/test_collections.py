"""Collections are made through a service: permitted, checked, audited."""

from __future__ import annotations

import pytest

from thuvien.audit.models import AuditEntry
from thuvien.digital.models import Collection
from thuvien.digital.services import add_collection
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.network.models import Role
from thuvien.testing import factories


def test_a_cataloguer_makes_a_collection_of_her_library() -> None:
    library = factories.library("VN-CO0001")
    cataloguer = factories.staff(Role.CATALOGUER, library)
    made = add_collection(
        cataloguer, library, code="la-buong", name_vi=" Kinh lá buông ",
        kind=Collection.Kind.MANUSCRIPTS,
    )  # fmt: skip
    assert (made.code, made.name_vi, made.kind, made.library) == (
        "la-buong", "Kinh lá buông", "manuscript", library,
    )  # fmt: skip
    entry = AuditEntry.objects.get(object_type="collection")
    assert (entry.action, entry.object_id, entry.library_code) == (
        "create",
        "la-buong",
        "VN-CO0001",
    )


def test_bad_codes_names_and_strangers_are_refused_and_nothing_is_made() -> None:
    library = factories.library("VN-CO0002")
    other = factories.staff(Role.CATALOGUER, factories.library("VN-CO0003"))
    with pytest.raises(NotPermitted):
        add_collection(other, library, code="x", name_vi="X")
    with pytest.raises(InvalidInput) as caught:
        add_collection("cli:root", library, code="Địa chí", name_vi="X")
    assert caught.value.message == (
        "Mã bộ sưu tập “Địa chí” chỉ gồm chữ thường không dấu, số và dấu gạch ngang."
    )
    with pytest.raises(InvalidInput) as caught:
        add_collection("cli:root", library, code="dia-chi", name_vi="  ")
    assert caught.value.message == "Bộ sưu tập cần có tên tiếng Việt."
    add_collection("cli:root", library, code="dia-chi", name_vi="Địa chí")
    with pytest.raises(Conflict) as caught:
        add_collection("cli:root", library, code="dia-chi", name_vi="Khác")
    assert caught.value.message == "Đã có bộ sưu tập mã dia-chi."
    assert list(Collection.objects.values_list("name_vi", flat=True)) == ["Địa chí"]
