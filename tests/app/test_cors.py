"""Other web sites may not read the app's answers in a visitor's browser; the app's own page may."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.cors import OwnOriginCORS, socket_origin_check

OWN = "http://testserver"  # TestClient's host
ALLOW = "access-control-allow-origin"


def _client(extra: list[str] | None = None) -> TestClient:
    app = Starlette(routes=[Route("/user", lambda request: PlainTextResponse("ich"))])
    return TestClient(OwnOriginCORS(app, extra_origins=extra or []))


def test_own_origin_gets_cors_headers_a_foreign_one_none() -> None:
    client = _client()
    own = client.get("/user", headers={"Origin": OWN})
    assert own.headers[ALLOW] == OWN and own.headers["access-control-allow-credentials"] == "true"
    assert ALLOW not in client.get("/user", headers={"Origin": "https://boese.example"}).headers
    assert ALLOW not in client.get("/user").headers


def test_foreign_preflight_is_not_allowed() -> None:
    preflight = {"Origin": "https://boese.example", "Access-Control-Request-Method": "POST"}
    assert ALLOW not in _client().options("/user", headers=preflight).headers


def test_configured_proxy_origin_is_allowed() -> None:
    client = _client(["https://baeckerei.example"])
    answer = client.options(
        "/user", headers={"Origin": "https://baeckerei.example", "Access-Control-Request-Method": "POST"}
    )
    assert answer.status_code == 200 and answer.headers[ALLOW] == "https://baeckerei.example"


def test_websocket_accepts_only_the_same_rule() -> None:
    allowed = socket_origin_check(["https://baeckerei.example"])
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "localhost:8000"}
    assert allowed("http://localhost:8000", environ)
    assert allowed("https://baeckerei.example", environ)
    assert not allowed("https://boese.example", environ) and not allowed(None, environ)
