"""Issue 14, item 7: every URL of the URL conf, visited as every kind of person.

The URL conf is walked with :func:`django.urls.get_resolver`; each pattern must match a rule in
:data:`RULES` (first match wins), so a new URL without a rule fails
:func:`test_every_url_has_a_rule`. A rule is ``PUBLIC``, ``READER`` (a reader's own pages),
``ADMIN`` (Django's admin: superusers only) or an :class:`Action`, whose roles come from
:data:`thuvien.network.permissions.ALLOWED`. Every URL is then asked with GET and with an empty
POST by an anonymous visitor, a signed-in reader and one account of each staff role (library
roles scoped to the library that holds the sample objects), and nobody outside the rule may
get a 2xx answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from thuvien.circulation.models import Patron
from thuvien.http import READER_SESSION_KEY
from thuvien.network.models import Role
from thuvien.network.permissions import ALLOWED, Action
from thuvien.testing import factories
from thuvien.testing.portal import PROVINCE, PortalData, portal_catalogue

PUBLIC, READER, ADMIN = "public", "reader", "admin"
Rule = str | Action

# First match wins; a pattern is matched against "namespace:name" and against the route.
RULES: list[tuple[str, Rule]] = [
    # the reader's own pages; signing in and registering are open to all
    ("opac:account:sign_in", PUBLIC),
    ("opac:account:register", PUBLIC),
    ("opac:account:sign_out", PUBLIC),
    ("opac:account:oidc_*", PUBLIC),
    ("opac:account:push_key", PUBLIC),  # the server's public VAPID key
    ("opac:account:*", READER),
    ("opac:*", PUBLIC),
    ("favicon.ico", PUBLIC),
    ("api-v1:me/*", READER),
    ("api-v1:sign_in", PUBLIC),
    ("api-v1:sign_out", PUBLIC),
    ("api-v1:card", READER),
    ("api-v1:loans", READER),
    ("api-v1:renew", READER),
    ("api-v1:holds", READER),
    ("api-v1:place_hold", READER),
    ("api-v1:cancel_hold", READER),
    ("api-v1:reader_requests", READER),
    ("api-v1:checkout", Action.CIRCULATE),
    ("api-v1:checkin", Action.CIRCULATE),
    ("api-v1:export", Action.REVIEW_REPORTS),
    ("api-v1:*", PUBLIC),
    ("api-docs-asset", PUBLIC),
    ("api/^(?P<rest>.*)$", PUBLIC),  # the API's own 404
    ("health", PUBLIC),
    ("security_txt", PUBLIC),  # who to tell about a vulnerability (RFC 9116)
    ("metrics", PUBLIC),  # free from loopback, a bearer token from elsewhere
    ("set_language", PUBLIC),
    ("digital:*", PUBLIC),  # each object says who may see it (tests/digital/test_access.py)
    ("interop:*", PUBLIC),
    ("staff:login", PUBLIC),
    ("staff:logout", PUBLIC),
    # one's own two-step sign-in: every signed-in staff member (before the code step too)
    ("staff:mfa_enrol", Action.VIEW_STAFF_PAGES),
    ("staff:mfa_verify", Action.VIEW_STAFF_PAGES),
    ("staff:accounts", Action.MANAGE_STAFF),
    ("staff:account_unlock", Action.MANAGE_STAFF),
    ("staff:account_mfa_reset", Action.RESET_MFA),
    ("staff:system*", Action.OPERATE),
    ("staff:audit:*", Action.VIEW_AUDIT),
    ("staff:network:library_new", Action.REGISTER_LIBRARY),
    ("staff:network:library_edit", Action.EDIT_LIBRARY),
    ("staff:network:staff_new", Action.MANAGE_STAFF),
    ("staff:catalogue:record_new", Action.EDIT_CATALOGUE),
    ("staff:catalogue:record_edit", Action.EDIT_CATALOGUE),
    ("staff:catalogue:suggestion_decide", Action.EDIT_CATALOGUE),
    ("staff:catalogue:record_delete", Action.EDIT_CATALOGUE),
    ("staff:catalogue:item_*", Action.EDIT_ITEMS),
    ("staff:catalogue:import_new", Action.IMPORT_RECORDS),
    ("staff:catalogue:import*", Action.VIEW_STAFF_PAGES),  # reading the batches of one's scope
    ("staff:interop:copycat", Action.IMPORT_RECORDS),
    ("staff:legacy:migrations", Action.EDIT_LIBRARY),  # the upload form, with the list
    ("staff:legacy:migration_run", Action.EDIT_LIBRARY),
    ("staff:legacy:migration", Action.VIEW_STAFF_PAGES),  # reading a report of one's scope
    ("staff:digital:upload", Action.EDIT_CATALOGUE),
    ("staff:programme:heritage", Action.VIEW_STAFF_PAGES),  # the figures; rules need more
    ("staff:programme:*", Action.EDIT_CATALOGUE),
    ("staff:digital:collection_new", Action.EDIT_CATALOGUE),
    ("staff:circulation:register", Action.MANAGE_PATRONS),
    ("staff:circulation:registrations", Action.MANAGE_PATRONS),
    ("staff:circulation:reader", Action.MANAGE_PATRONS),
    ("staff:circulation:reader_security", Action.MANAGE_PATRONS),
    ("staff:circulation:reader_unlock", Action.MANAGE_PATRONS),
    ("staff:circulation:rule_edit", Action.EDIT_LIBRARY),
    ("staff:circulation:*", Action.CIRCULATE),
    ("staff:oversight:kpi*", Action.OVERSEE),
    ("staff:oversight:settings", Action.OVERSEE),
    ("staff:oversight:course*", Action.OVERSEE),
    ("staff:oversight:participant_complete", Action.OVERSEE),
    ("staff:reporting:province*", Action.REVIEW_REPORTS),
    ("staff:reporting:period", Action.REVIEW_REPORTS),
    ("staff:portal:branding", Action.SET_BRANDING),
    ("staff:portal:news*", Action.PUBLISH_NEWS),
    ("staff:diacritics:*", Action.EDIT_CATALOGUE),
    ("staff:union:decide", Action.EDIT_CATALOGUE),
    ("staff:union:queue", Action.EDIT_CATALOGUE),
    ("staff:stock:worker", PUBLIC),  # the scanning pages' service worker: a plain script
    ("staff:stock:*", Action.TAKE_STOCK),
    ("staff:serials:*", Action.EDIT_ITEMS),
    ("staff:acquisitions:*", Action.ACQUIRE),
    ("staff:*", Action.VIEW_STAFF_PAGES),
    ("admin:login", PUBLIC),
    ("admin:logout", PUBLIC),
    ("admin:*", ADMIN),
    ("admin/*", ADMIN),  # its unnamed redirects and catch-all
]


@dataclass(frozen=True)
class Url:
    name: str  # "namespace:name", or the route when the pattern has no name
    route: str

    def rule(self) -> Rule | None:
        for pattern, rule in RULES:
            if fnmatchcase(self.name, pattern) or fnmatchcase(self.route, pattern):
                return rule
        return None


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Url]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            named = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield Url(named if entry.name else route, route)


def every_url() -> list[Url]:
    return list(_walk(get_resolver()))


def test_every_url_has_a_rule() -> None:
    missing = [f"{u.name} ({u.route})" for u in every_url() if u.rule() is None]
    assert missing == [], "URLs without an authorisation rule: " + ", ".join(missing)


def test_a_url_without_a_rule_is_caught() -> None:
    assert Url("staff:something_new", "staff/new-thing/").rule() is Action.VIEW_STAFF_PAGES
    assert Url("brand_new", "brand-new/").rule() is None


# --- visiting ----------------------------------------------------------------------------


def _path(route: str, sample: dict[str, str]) -> str:
    """A concrete path for a route: converters filled from ``sample`` (by parameter name)."""
    if route.startswith("api/^"):
        return "/api/nothing-here"
    if route.startswith("admin/^"):
        return "/admin/network/"
    if route.startswith("admin/(?P<url>"):
        return "/admin/nothing-here/"

    def fill(match: re.Match[str]) -> str:
        return sample.get(match.group("name"), "1")

    return "/" + re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", fill, route)


@pytest.fixture(autouse=True)
def _own_rate_limit_counts(settings: Any, request: pytest.FixtureRequest) -> None:
    """Thousands of requests from 127.0.0.1: counted apart, or other tests sharing the data
    folder's file cache in the same minute would be refused (429)."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"matrix:{request.node.nodeid}",
        },
    }
    settings.THUVIEN_API_RATE_LIMIT = 1_000_000


@pytest.fixture
def world() -> tuple[PortalData, dict[str, Client]]:
    data = portal_catalogue()
    library = data.libraries[PROVINCE]
    clients: dict[str, Client] = {"anonymous": Client(raise_request_exception=False)}
    for role in Role:
        scoped = None if role in (Role.NETWORK_ADMIN, Role.DEPARTMENT_OFFICER) else library
        client = Client(raise_request_exception=False)
        client.force_login(factories.staff(role, scoped))
        clients[role.value] = client
    patron = Patron.objects.create(home_library=library, card_number="M001", full_name="Bạn đọc")
    reader = Client(raise_request_exception=False)
    session = reader.session
    session[READER_SESSION_KEY] = patron.pk
    session.save()
    clients[READER] = reader
    return data, clients


SIGN_OUT = {"opac:account:sign_out", "staff:logout", "admin:logout"}


def _allowed(rule: Rule, who: str) -> bool:
    if rule == PUBLIC:
        return True
    if rule in (READER, ADMIN):
        return who == rule
    assert isinstance(rule, Action)
    return who in {r.value for r in ALLOWED[rule]}


def test_nobody_gets_what_their_role_does_not_allow(
    world: tuple[PortalData, dict[str, Client]],
) -> None:
    data, clients = world
    record = data.ids["plain"] if "plain" in data.ids else next(iter(data.ids.values()))
    sample = {
        "pk": str(record),
        "record_id": str(record),
        "code": PROVINCE,
        "year": "2025",
        "fmt": "csv",
        "kind": "hold",
        "identifier": "obj-1",
        "name": "x",
        "slug": "x",
        "scope": "network",
        "token": "x",
        "path": "x/full/max/0/default.jpg",
    }
    unexpected: list[str] = []
    errors: list[str] = []
    answered: set[tuple[str, str, str]] = set()
    cases = 0
    # Signing out ends the session every later case needs: those URLs go last.
    for url in sorted(every_url(), key=lambda u: u.name in SIGN_OUT):
        rule = url.rule()
        assert rule is not None, url
        path = _path(url.route, sample)
        for who, client in clients.items():
            for method in ("get", "post"):
                cases += 1
                status = getattr(client, method)(path).status_code
                if 200 <= status < 300:
                    answered.add((method, url.name, who))
                if 200 <= status < 300 and not _allowed(rule, who):
                    unexpected.append(f"{method.upper()} {path} as {who}: {status}")
                if status >= 500:
                    errors.append(f"{method.upper()} {path} as {who}: {status}")
    print(f"authorisation matrix: {cases} cases, {len(unexpected)} unexpected allows, ", end="")
    print(f"{len(errors)} server errors")
    assert unexpected == [], "\n".join(unexpected)
    assert errors == []
    # The matrix is not empty-handed: those the rules allow do get their pages.
    assert {
        ("get", "staff:audit:log", "network-admin"),
        ("get", "staff:audit:log", "library-admin"),
        ("get", "staff:system", "network-admin"),
        ("get", "staff:home", "cataloguer"),
        ("get", "staff:circulation:desk", "circulation-clerk"),
        ("get", "staff:oversight:kpis", "department-officer"),
        ("get", "opac:account:home", "reader"),
        ("get", "opac:home", "anonymous"),
    } <= answered
