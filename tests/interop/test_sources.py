"""Harvest sources through interop.services: validated, one per endpoint and set, audited,
managed by who may import into the library."""

from __future__ import annotations

import pytest
from django.utils import translation

from thuvien.audit.models import AuditEntry
from thuvien.errors import Conflict, InvalidInput, NotPermitted
from thuvien.interop import services
from thuvien.interop.models import HarvestSource
from thuvien.network.models import Role
from thuvien.testing import factories

URL = "https://koha.example.vn/cgi-bin/koha/oai.pl"


def test_a_cataloguer_adds_a_source_and_the_log_says_so() -> None:
    library = factories.library("VN-HS0001")
    cataloguer = factories.staff(Role.CATALOGUER, library)
    source = services.add_source(
        cataloguer, library, name="  Koha   Cà Mau ", base_url=f" {URL} ", interval_hours=0
    )
    source.refresh_from_db()
    assert (source.name, source.base_url, source.interval_hours) == ("Koha Cà Mau", URL, 1)
    entry = AuditEntry.objects.get(object_type="harvest_source")
    assert (entry.action, entry.object_id, entry.library_code, entry.actor_label) == (
        "create",
        str(source.pk),
        "VN-HS0001",
        cataloguer.get_username(),
    )
    assert entry.summary == f"Koha Cà Mau ← {URL}"
    assert entry.after["base_url"] == URL
    assert "resumption_token" not in entry.after


def test_a_clerk_or_another_librarys_cataloguer_may_not_add_one() -> None:
    library = factories.library("VN-HS0002")
    for user in (
        factories.staff(Role.CIRCULATION_CLERK, library),
        factories.staff(Role.CATALOGUER, factories.library("VN-HS0003")),
    ):
        with pytest.raises(NotPermitted):
            services.add_source(user, library, name="Koha", base_url=URL)
    assert not HarvestSource.objects.exists()
    assert not AuditEntry.objects.exists()


def test_bad_values_are_refused_with_what_to_do() -> None:
    library = factories.library("VN-HS0004")
    cases = [
        ({"name": " ", "base_url": URL}, "Hãy đặt tên cho nguồn thu hoạch."),
        (
            {"name": "Koha", "base_url": "ftp://example.org/oai"},
            "Địa chỉ OAI-PMH phải bắt đầu bằng http:// hoặc https://.",
        ),
        (
            {"name": "Koha", "base_url": "http://exa mple/oai"},
            "Địa chỉ OAI-PMH “http://exa mple/oai” không hợp lệ; xem lại địa chỉ đối tác đưa.",
        ),
        (
            {"name": "Koha", "base_url": URL, "metadata_prefix": "mods"},
            "Định dạng “mods” không dùng được; chọn marc21 hoặc oai_dc.",
        ),
        (
            {"name": "Koha", "base_url": URL, "set_spec": "s" * 256},
            f"“{'s' * 40}…” dài quá 255 ký tự.",
        ),
    ]
    for values, message in cases:
        with pytest.raises(InvalidInput) as caught:
            services.add_source("cli:root", library, **values)
        assert caught.value.message == message
    with translation.override("en"), pytest.raises(InvalidInput) as caught:
        services.add_source("cli:root", library, name="Koha", base_url=URL, metadata_prefix="x")
    assert caught.value.message == "The format “x” cannot be harvested; choose marc21 or oai_dc."
    assert not HarvestSource.objects.exists()


def test_the_same_endpoint_and_set_is_harvested_once_per_library() -> None:
    library = factories.library("VN-HS0005")
    first = services.add_source("cli:root", library, name="Koha", base_url=URL, set_spec="sach")
    with pytest.raises(Conflict) as caught:
        services.add_source("cli:root", library, name="Lại Koha", base_url=URL, set_spec="sach")
    assert caught.value.message == (
        f"VN-HS0005 đã thu hoạch {URL} (tập “sach”) qua nguồn số {first.pk}; "
        "xem `thuvien harvest list`."
    )
    other_set = services.add_source("cli:root", library, name="Koha 2", base_url=URL)
    with pytest.raises(Conflict):
        services.change_source("cli:root", other_set, set_spec="sach")
    assert other_set.set_spec == ""
    assert HarvestSource.objects.count() == 2


def test_a_new_address_forgets_the_progress_a_new_name_does_not() -> None:
    library = factories.library("VN-HS0006")
    source = services.add_source("cli:root", library, name="Koha", base_url=URL)
    HarvestSource.objects.filter(pk=source.pk).update(
        last_datestamp="2025-01-01", resumption_token="t-1", harvest_started="2025-02-01"
    )
    source.refresh_from_db()
    services.change_source("cli:root", source, name="Koha tỉnh", enabled=False)
    source.refresh_from_db()
    assert (source.name, source.enabled, source.resumption_token) == ("Koha tỉnh", False, "t-1")
    services.change_source("cli:root", source, base_url=URL + "?v=2")
    source.refresh_from_db()
    assert (source.last_datestamp, source.resumption_token, source.harvest_started) == ("", "", "")
    updates = AuditEntry.objects.filter(object_type="harvest_source", action="update")
    assert [e.summary for e in updates.order_by("id")] == [
        "Koha tỉnh: enabled, name",
        "Koha tỉnh: base_url",
    ]
    assert services.change_source("cli:root", source, name="Koha tỉnh") is source
    assert updates.count() == 2  # nothing changed, nothing logged
    with pytest.raises(InvalidInput) as caught:
        services.change_source("cli:root", source, library=library, last_report={})
    assert caught.value.message == (
        "Không sửa được last_report, library của nguồn thu hoạch; sửa được: name, base_url, "
        "metadata_prefix, set_spec, interval_hours, enabled."
    )


def test_removing_a_source_is_logged_with_what_it_was() -> None:
    library = factories.library("VN-HS0007")
    admin = factories.staff(Role.LIBRARY_ADMIN, library)
    source = services.add_source(admin, library, name="DSpace", base_url=URL)
    pk = source.pk
    services.remove_source(admin, source)
    assert not HarvestSource.objects.exists()
    entry = AuditEntry.objects.get(object_type="harvest_source", action="delete")
    assert (entry.object_id, entry.before["base_url"], entry.after) == (str(pk), URL, None)
