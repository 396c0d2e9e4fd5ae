"""axe-core, injected into each page in Chromium, finds nothing serious or critical (WCAG 2.1
AA and axe's best practices), on a desktop screen and on a phone, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import AXE

PAGES = {
    "home": "/",
    "results": "/search?q=thu+vien",
    "results-filtered": "/search?q=thu+vien&library=VN-TB0001",
    "record": "record",  # the first hit of "digital libraries", found on the page
    "new": "/new",
    "new-of-a-library": "/new?library=VN-TA0001",
    "bad-query": "/search?q=***",
}


def serious_violations(page: Page) -> list[str]:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` at the repository root (make setup)"
    # Through the DevTools protocol, not a <script> tag: the pages' Content-Security-Policy
    # refuses inline scripts, which is what it is for.
    page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def open_page(page: Page, site: str, name: str) -> None:
    if PAGES[name] == "record":
        page.goto(site + "/search?q=digital+libraries")
        page.locator("li.hit h3 a").first.click()
        page.wait_for_url("**/record/*")
    else:
        page.goto(site + PAGES[name])


@pytest.mark.parametrize("name", PAGES)
def test_a_desktop_page_has_no_serious_accessibility_problem(
    page: Page, site: str, name: str
) -> None:
    open_page(page, site, name)
    assert serious_violations(page) == []


@pytest.mark.parametrize("name", ["home", "results", "record", "new"])
def test_a_phone_page_has_no_serious_accessibility_problem(
    phone: Page, site: str, name: str
) -> None:
    open_page(phone, site, name)
    assert serious_violations(phone) == []


@pytest.mark.parametrize("name", ["home", "results", "record", "new"])
def test_an_english_page_has_no_serious_accessibility_problem(
    page: Page, site: str, name: str
) -> None:
    page.goto(site + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    open_page(page, site, name)
    assert page.locator("html").get_attribute("lang") == "en"
    assert serious_violations(page) == []
