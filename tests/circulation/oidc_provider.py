"""A real OpenID Connect provider for the tests, on a free port of 127.0.0.1: pyop does the
protocol (authorization code, RS256 ID tokens, userinfo, JWKS), wsgiref serves it in a
thread. Whoever asks to sign in is the one person it knows (no login form: the tests are
about the relying party)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from pyop.authz_state import AuthorizationState
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

CLIENT_ID = "thuvien-test"
CLIENT_SECRET = "bi-mat-thu-nghiem"


@dataclass
class RunningProvider:
    base: str
    person: dict[str, Any]

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_RP_SCOPES": "openid library_card",
            "THUVIEN_READER_OIDC_NAME": "VNeID",
        }


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _provider(base: str, person: dict[str, Any], redirect_uri: str) -> Provider:
    key = RSAKey(key=RSA.generate(2048), alg="RS256", kid="test-key")
    configuration = {
        # An identifier (pyop insists on https), not an address: the endpoints are below.
        "issuer": "https://vneid.example.test",
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks",
        "response_types_supported": ["code"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "scopes_supported": ["openid", "library_card"],
    }
    clients = {
        CLIENT_ID: {
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [redirect_uri],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_post",
        }
    }
    return Provider(
        key,
        configuration,
        AuthorizationState(HashBasedSubjectIdentifierFactory("muoi")),
        clients,
        Userinfo({"person": person}),
        extra_scopes={"library_card": list(person)},
    )


@contextmanager
def oidc_provider(person: dict[str, Any], redirect_uri: str) -> Iterator[RunningProvider]:
    holder: dict[str, Provider] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        provider = holder["provider"]
        path = environ["PATH_INFO"]
        headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
        if path == "/authorize":
            request = provider.parse_authentication_request(environ["QUERY_STRING"])
            answer = provider.authorize(request, "person")
            location = answer.request(request["redirect_uri"], False)
            start_response("302 Found", [("Location", location)])
            return [b""]
        if path == "/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
            document = provider.handle_token_request(body, headers).to_json()
        elif path == "/userinfo":
            document = provider.handle_userinfo_request(None, headers).to_json()
        elif path == "/jwks":
            document = json.dumps(provider.jwks)
        else:
            start_response("404 Not Found", [])
            return [b""]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [document.encode()]

    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    base = f"http://127.0.0.1:{server.server_port}"
    holder["provider"] = _provider(base, person, redirect_uri)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RunningProvider(base, person)
    finally:
        server.shutdown()
        server.server_close()
