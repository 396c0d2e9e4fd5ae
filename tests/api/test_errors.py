"""One error shape under /api/: RFC 9457 problem documents, whatever went wrong."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from django.http import Http404
from django.test import Client, RequestFactory
from ninja.errors import HttpError

from tests.api.conftest import problem
from thuvien.api.checks import rate_limit_cache_shared
from thuvien.api.v1 import api
from thuvien.errors import ThuvienError

# Letters only Vietnamese uses: a detail has some in Vietnamese and none in English.
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def test_every_problem_has_the_same_members_and_media_type(client: Client) -> None:
    def answers(**headers: str) -> list[Any]:
        return [
            client.get("/api/v1/nowhere", **headers),  # unknown route
            client.post("/api/v1/records", **headers),  # wrong method
            client.get("/api/v1/records?per_page=0", **headers),  # ninja's own validation
            client.get("/api/v1/records?colour=red", **headers),  # unknown parameter
            client.get("/api/v1/records/424242", **headers),  # a domain error (ThuvienError)
        ]

    for response in answers():
        document = problem(response)
        assert {"type", "title", "status", "detail", "instance"} <= set(document)
        assert set(document) <= {"type", "title", "status", "detail", "instance", "errors", "ids"}
        assert document["status"] == response.status_code
        assert document["type"] == f"https://thuvien.vn/problems/{document['title']}"
        assert VIETNAMESE.search(document["detail"]), document["detail"]
    for response in answers(HTTP_ACCEPT_LANGUAGE="en"):
        assert not VIETNAMESE.search(problem(response)["detail"]), problem(response)["detail"]


def test_unknown_route_under_v1_is_a_404_problem_pointing_at_the_docs(client: Client) -> None:
    response = client.get("/api/v1/books")
    assert response.status_code == 404
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.unknown_route",
        "title": "api.unknown_route",
        "status": 404,
        "detail": "Không có đường dẫn /api/v1/books trong API. Xem các đường dẫn ở /api/v1/docs.",
        "instance": "/api/v1/books",
        "ids": {"path": "/api/v1/books"},
    }


def test_unknown_versions_the_bare_prefixes_and_unknown_doc_files_are_problems_too(
    client: Client,
) -> None:
    for path in ("/api/", "/api/v1", "/api/v1/", "/api/v2/search", "/api/v1/docs/assets/x.js"):
        response = client.get(path)
        assert response.status_code == 404
        assert problem(response)["title"] == "api.unknown_route"


def test_a_trailing_slash_gets_told_the_path_without_it(client: Client) -> None:
    response = client.get("/api/v1/libraries/")
    assert response.status_code == 404
    assert problem(response)["detail"] == (
        "Không có đường dẫn /api/v1/libraries/ trong API. Bỏ dấu / ở cuối: /api/v1/libraries."
    )
    english = client.get("/api/v1/libraries/", HTTP_ACCEPT_LANGUAGE="en")
    assert problem(english)["detail"] == (
        "There is no /api/v1/libraries/ in the API. Leave out the trailing slash: "
        "/api/v1/libraries."
    )


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_to_the_read_only_api_is_a_405_problem_with_allow(
    client: Client, method: str
) -> None:
    response = getattr(client, method)("/api/v1/libraries")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.method_not_allowed",
        "title": "api.method_not_allowed",
        "status": 405,
        "detail": f"/api/v1/libraries không nhận {method.upper()}; chỉ nhận GET. API này chỉ "
        f"để đọc.",
        "instance": "/api/v1/libraries",
        "ids": {"method": method.upper()},
    }


def test_a_post_to_an_unknown_route_is_a_404_problem_not_a_csrf_page(client: Client) -> None:
    response = Client(enforce_csrf_checks=True).post("/api/v1/loans", {"x": "1"})
    assert response.status_code == 404
    assert problem(response)["title"] == "api.unknown_route"


def test_parameters_that_do_not_validate_are_one_400_problem_listing_each(
    client: Client,
) -> None:
    response = client.get("/api/v1/records?page=0&per_page=abc")
    assert response.status_code == 400
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.invalid_parameters",
        "title": "api.invalid_parameters",
        "status": 400,
        "detail": "Tham số không hợp lệ: page, per_page; xem errors để biết cách sửa.",
        "instance": "/api/v1/records",
        "errors": [
            {
                "in": "query",
                "name": "page",
                "message": "Tham số page “0” phải lớn hơn hoặc bằng 1.",
            },
            {
                "in": "query",
                "name": "per_page",
                "message": "Tham số per_page “abc” phải là một số nguyên.",
            },
        ],
    }


def test_too_many_per_page_names_the_maximum(client: Client) -> None:
    response = client.get("/api/v1/libraries?per_page=1000")
    assert response.status_code == 400
    assert problem(response)["errors"] == [
        {
            "in": "query",
            "name": "per_page",
            "message": "Tham số per_page “1000” phải nhỏ hơn hoặc bằng 100.",
        }
    ]


def test_a_wrong_path_parameter_says_it_is_in_the_path(client: Client) -> None:
    response = client.get("/api/v1/records/abc")
    assert response.status_code == 400
    assert problem(response)["errors"] == [
        {
            "in": "path",
            "name": "record_id",
            "message": "Tham số record_id “abc” phải là một số nguyên.",
        }
    ]


def test_an_unknown_query_parameter_is_refused_naming_the_accepted_ones(client: Client) -> None:
    response = client.get("/api/v1/libraries?typ=public")
    assert response.status_code == 400
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/api.invalid_parameters",
        "title": "api.invalid_parameters",
        "status": 400,
        "detail": "Tham số không được hỗ trợ: typ. Các tham số dùng được: library_type, status, "
        "page, per_page.",
        "instance": "/api/v1/libraries",
        "errors": [
            {
                "in": "query",
                "name": "typ",
                "message": "Không có tham số typ; dùng một trong: library_type, status, page, "
                "per_page.",
            }
        ],
    }


def test_a_domain_error_keeps_its_code_status_and_ids() -> None:
    class Archived(ThuvienError):
        code = "test.archived"
        status = 409

    request = RequestFactory().get("/api/v1/records/7")
    response = api.on_exception(request, Archived("Đã lưu trữ. / Archived.", record=7))
    assert response.status_code == 409
    assert problem(response) == {
        "type": "https://thuvien.vn/problems/test.archived",
        "title": "test.archived",
        "status": 409,
        "detail": "Đã lưu trữ. / Archived.",
        "ids": {"record": "7"},
        "instance": "/api/v1/records/7",
    }


def test_a_bug_is_a_500_problem_with_the_traceback_in_the_log_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    request = RequestFactory().get("/api/v1/records")
    with caplog.at_level(logging.ERROR, logger="thuvien.api"):
        response = api.on_exception(request, ZeroDivisionError("secret internals"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body
    assert "Traceback" not in body
    assert json.loads(body) == {
        "type": "https://thuvien.vn/problems/api.server_error",
        "title": "api.server_error",
        "status": 500,
        "detail": "Lỗi máy chủ; lỗi đã được ghi lại. Hãy thử lại sau hoặc báo cho thư viện.",
        "instance": "/api/v1/records",
    }
    assert response["Content-Type"] == "application/problem+json"
    assert "secret internals" in caplog.text
    assert "ZeroDivisionError" in caplog.text


def test_the_deploy_check_warns_when_workers_would_each_count_their_own_limit(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THUVIEN_WEB_WORKERS", "2")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    (warning,) = rate_limit_cache_shared()
    assert warning.id == "api.W001"
    assert warning.msg == (
        "The API rate limit is counted in a LocMemCache, one per process: with 2 web workers "
        "a client gets 2 times the limit."
    )
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(settings.DATA_DIR / "cache" / "ratelimit"),
        },
    }
    assert rate_limit_cache_shared() == []


def test_web_apps_on_other_sites_may_read_answers_and_problems(client: Client) -> None:
    for path, status in [
        ("/api/v1/libraries", 200),
        ("/api/v1/openapi.json", 200),
        ("/api/v1/records/424242", 404),
        ("/api/v1/records?page=0", 400),
        ("/api/v1/nowhere", 404),
    ]:
        response = client.get(path, HTTP_ORIGIN="https://app.example.org")
        assert response.status_code == status, path
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert response["Access-Control-Expose-Headers"] == "Retry-After", path
        assert "Access-Control-Allow-Credentials" not in response, path


def test_a_browser_preflight_is_answered_for_get_only(client: Client) -> None:
    response = client.options(
        "/api/v1/search",
        HTTP_ORIGIN="https://app.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET"
    assert response["Allow"] == "GET, OPTIONS"
    assert response.content == b""


def test_ninjas_own_http_errors_and_django_404s_become_problems_too() -> None:
    request = RequestFactory().get("/api/v1/records")
    teapot = api.on_exception(request, HttpError(418, "I'm a teapot"))
    assert teapot.status_code == 418
    assert problem(teapot) == {
        "type": "https://thuvien.vn/problems/api.http_error",
        "title": "api.http_error",
        "status": 418,
        "detail": "Không xử lý được yêu cầu (HTTP 418): I'm a teapot",
        "ids": {"status": "418"},
        "instance": "/api/v1/records",
    }
    missing = api.on_exception(request, Http404("no such thing"))
    assert missing.status_code == 404
    assert problem(missing)["detail"] == ("Không tìm thấy: /api/v1/records.")


# --- found by schemathesis (issue 14, item 7) ---------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/reports/open-data/0", "/api/v1/reports/open-data/0/csv"])
def test_a_year_out_of_range_is_a_422_not_a_server_error(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert problem(response)["detail"] == (
        "Năm 0 không hợp lệ; hãy nhập năm dạng YYYY, ví dụ 2026."
    )


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/v1/me/token", "DELETE, POST, OPTIONS"),
        ("/api/v1/me/holds", "GET, POST, OPTIONS"),
        ("/api/v1/records", "GET, OPTIONS"),
    ],
)
def test_options_lists_the_methods_a_path_takes(client: Client, path: str, allow: str) -> None:
    response = client.options(path)
    assert response.status_code == 204
    assert response["Allow"] == allow


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/records?library=%00", "library"),
        ("/api/v1/search?q=a&language=vi%00", "language"),
        ("/api/v1/libraries/VN%00X", "code"),
    ],
)
def test_a_nul_in_a_parameter_is_a_400_on_every_database(
    client: Client, path: str, name: str
) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert problem(response)["detail"] == (
        f"Tham số {name} chứa ký tự NUL (mã 0), không thể là giá trị nào."
    )
