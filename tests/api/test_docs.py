"""The browsable docs at /api/v1/docs are served entirely from this site."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from thuvien.api.v1 import api


class _Urls(HTMLParser):
    """Every URL the page makes the browser load or offers as a link."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.inline_scripts: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data") and value:
                self.urls.append((tag, value))
        if tag == "script":
            self._in_script = dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and data.strip():
            self.inline_scripts.append(str(self._in_script.get("type", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def _page(client: Client) -> tuple[str, _Urls]:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Urls()
    parser.feed(html)
    return html, parser


def test_every_url_on_the_docs_page_is_on_this_site(client: Client) -> None:
    _html, page = _page(client)
    assert page.urls, "the page should load Swagger UI's files"
    for tag, url in page.urls:
        parts = urlsplit(url)
        assert (parts.scheme, parts.netloc) == ("", ""), f"<{tag}> loads {url} from elsewhere"
        assert url.startswith("/"), url
    loaded = {url for tag, url in page.urls if tag in ("script", "link")}
    assert loaded == {
        "/api/v1/docs/assets/favicon.png",
        "/api/v1/docs/assets/swagger-ui.css",
        "/api/v1/docs/assets/swagger-ui-bundle.js",
        "/api/v1/docs/assets/swagger-ui-init.js",
    }
    # The only inline script is data (the settings), so a strict CSP needs no exception.
    assert page.inline_scripts == ["application/json"]


def test_the_docs_files_are_served_with_their_types(client: Client) -> None:
    _html, page = _page(client)
    expected = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    for _tag, url in page.urls:
        if not url.startswith("/api/v1/docs/assets/"):
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        suffix = url[url.rfind(".") :]
        assert response["Content-Type"] == expected[suffix]
        assert response.getvalue()  # a FileResponse streams; getvalue() reads it all


def test_swagger_ui_is_told_not_to_call_the_online_validator(client: Client) -> None:
    html, _page_urls = _page(client)
    start = html.index('id="swagger-settings">') + len('id="swagger-settings">')
    settings = json.loads(html[start : html.index("</script>", start)])
    assert settings == {
        "url": "/api/v1/openapi.json",
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,
    }


def test_without_javascript_the_page_still_lists_every_operation(client: Client) -> None:
    html, _urls = _page(client)
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    for path, item in api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            assert f"<code>{method.upper()} {path}</code> — {operation['summary']}" in noscript


@pytest.mark.slow
def test_in_a_real_browser_the_docs_render_without_any_outside_request(
    live_server: Any,
) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "the Debian package chromium is needed (make setup installs it)"
    origin = live_server.url
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{origin}/api/v1/docs")
            page.wait_for_selector(".opblock", timeout=20_000)
            operations = page.locator(".opblock").count()
        finally:
            browser.close()
    outside = [url for url in requested if not url.startswith(origin)]
    assert outside == []
    assert f"{origin}/api/v1/openapi.json" in requested
    assert operations == sum(len(item) for item in api.get_openapi_schema()["paths"].values())
