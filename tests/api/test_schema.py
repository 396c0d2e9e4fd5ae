"""The OpenAPI document is pinned in docs/api/openapi.json: an API change is a deliberate one."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from thuvien.api import schema_file
from thuvien.api.schemas import LibraryStatus, LibraryTypeValue, RecordKind
from thuvien.api.search import Sort
from thuvien.catalogue.models import Record
from thuvien.network.models import Library, LibraryType
from thuvien.search.types import FACETS, SORTS


def test_the_api_matches_its_pinned_openapi_document() -> None:
    changes = schema_file.check()
    assert not changes, (
        "The API no longer matches docs/api/openapi.json:\n  "
        + "\n  ".join(changes)
        + "\nIf the change is deliberate, run `thuvien api schema --write` and commit the file "
        "with the change (partners build against it)."
    )


def test_the_served_document_is_the_pinned_one(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(
        schema_file.PINNED.read_text(encoding="utf-8")
    )


def test_the_document_declares_every_operation_and_problem_responses() -> None:
    document = schema_file.current()
    assert document["openapi"] == "3.1.0"
    operations = {
        (method.upper(), path): operation["operationId"]
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    assert operations == {
        ("GET", "/api/v1/search"): "search",
        ("GET", "/api/v1/suggest"): "suggest",
        ("GET", "/api/v1/records"): "list_records",
        ("GET", "/api/v1/records/{record_id}"): "get_record",
        ("GET", "/api/v1/clusters/{cluster_id}"): "get_cluster",
        ("GET", "/api/v1/records/{record_id}/marcxml"): "get_record_marcxml",
        ("GET", "/api/v1/records/{record_id}/items"): "list_record_items",
        ("GET", "/api/v1/libraries/{code}/items/{barcode}"): "get_item",
        ("GET", "/api/v1/libraries"): "list_libraries",
        ("GET", "/api/v1/libraries/{code}"): "get_library",
        ("POST", "/api/v1/circulation/loans"): "checkout",
        ("POST", "/api/v1/circulation/returns"): "checkin",
        ("POST", "/api/v1/circulation/renewals"): "renew",
        ("GET", "/api/v1/kpis"): "list_kpis",
        ("GET", "/api/v1/kpis/{code}"): "get_kpi",
        ("GET", "/api/v1/reports/libraries/{code}/{year}"): "report_library",
        ("GET", "/api/v1/reports/province/{year}"): "report_province",
        ("GET", "/api/v1/reports/export/{year}"): "report_export",
        ("GET", "/api/v1/reports/open-data/{year}"): "report_open_data",
        ("GET", "/api/v1/reports/open-data/{year}/csv"): "report_open_data_csv",
        ("POST", "/api/v1/me/token"): "me_sign_in",
        ("DELETE", "/api/v1/me/token"): "me_sign_out",
        ("GET", "/api/v1/me/card"): "me_card",
        ("GET", "/api/v1/me/loans"): "me_loans",
        ("POST", "/api/v1/me/loans/{loan_id}/renewal"): "me_renew",
        ("GET", "/api/v1/me/holds"): "me_holds",
        ("POST", "/api/v1/me/holds"): "me_place_hold",
        ("DELETE", "/api/v1/me/holds/{hold_id}"): "me_cancel_hold",
        ("GET", "/api/v1/me/requests"): "me_requests",
    }
    for path, item in document["paths"].items():
        desk = path.startswith("/api/v1/circulation/")
        for operation in item.values():
            for status, response in operation["responses"].items():
                media = set(response.get("content", {}))  # 204: no body
                if int(status) >= 400:
                    assert media == {"application/problem+json"}
                    assert response["content"]["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"
                    }
            # The desk's operations ask for a signed-in clerk and are never rate-limited.
            expected = {"400", "401", "403", "500"} if desk else {"400", "429", "500"}
            assert expected <= set(operation["responses"])
            # The reader's operations ask for their token, all but the sign-in itself.
            reader = path.startswith("/api/v1/me/") and operation["operationId"] != "me_sign_in"
            assert ("security" in operation) == (desk or reader)
    marcxml = document["paths"]["/api/v1/records/{record_id}/marcxml"]["get"]
    assert set(marcxml["responses"]["200"]["content"]) == {"application/marcxml+xml"}


def test_the_documented_sorts_and_facets_are_the_search_services() -> None:
    assert typing.get_args(Sort) == SORTS
    search = schema_file.current()["paths"]["/api/v1/search"]["get"]
    names = [p["name"] for p in search["parameters"]]
    assert set(FACETS) <= set(names)
    sort = next(p for p in search["parameters"] if p["name"] == "sort")
    assert tuple(sort["schema"]["enum"]) == SORTS


def test_the_documented_choices_are_the_models_choices() -> None:
    assert typing.get_args(RecordKind) == tuple(Record.Kind.values)
    assert typing.get_args(LibraryTypeValue) == tuple(LibraryType.values)
    assert typing.get_args(LibraryStatus) == tuple(Library.Status.values)


def test_problem_errors_are_documented_with_the_member_names_sent() -> None:
    schema = schema_file.current()["components"]["schemas"]["ProblemError"]
    assert set(schema["properties"]) == {"in", "name", "message"}


def test_the_check_command_fails_on_a_stale_copy_and_says_how_to_regenerate(
    tmp_path: Path,
) -> None:
    stale = tmp_path / "openapi.json"
    document = schema_file.current()
    del document["paths"]["/api/v1/suggest"]
    document["info"]["version"] = "0"
    stale.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as failure:
        call_command("api", "schema", "--check", "--file", str(stale))
    assert str(failure.value) == (
        f"{stale} khác với API hiện tại:\n"
        "  /info/version: changed\n"
        "  /paths//api/v1/suggest: added\n"
        "Nếu thay đổi là cố ý, chạy: thuvien api schema --write"
    )
    with translation.override("en"), pytest.raises(CommandError) as failure:
        call_command("api", "schema", "--check", "--file", str(stale))
    assert str(failure.value).endswith(
        "If the change is deliberate, run: thuvien api schema --write"
    )


def test_the_write_command_pins_the_current_document(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    call_command("api", "schema", "--write", "--file", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == schema_file.current()
    call_command("api", "schema", "--check", "--file", str(target))  # no error: in step
    assert target.read_text(encoding="utf-8").endswith("}\n")
    assert "Tìm trong mục lục" in target.read_text(encoding="utf-8")  # UTF-8, not escapes
