"""Hostile test 26: a Markdown picture typed into the chat („![x](https://fremd.example/x.png)“) made the browser
fetch it from elsewhere; every page now carries a policy that allows pictures only from the app itself."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.csp import ContentSecurityPolicy


def _client() -> TestClient:
    async def page(request):  # type: ignore[no-untyped-def]
        return HTMLResponse("<html><body>synerKI</body></html>")

    async def own(request):  # type: ignore[no-untyped-def]
        return PlainTextResponse("x", headers={"Content-Security-Policy": "default-src 'none'"})

    app = Starlette(routes=[Route("/", page), Route("/own", own)])
    app.add_middleware(ContentSecurityPolicy)
    return TestClient(app)


def test_every_page_allows_pictures_only_from_the_app_itself() -> None:
    policy = _client().get("/").headers["content-security-policy"]
    assert "img-src 'self' data: blob:" in policy and "object-src 'none'" in policy
    assert "script-src" not in policy  # Chainlit's own scripts and styles stay as they are


def test_a_response_with_its_own_policy_keeps_it() -> None:
    assert _client().get("/own").headers["content-security-policy"] == "default-src 'none'"


def test_the_app_installs_the_policy() -> None:
    from app.api_language import GermanApiErrors
    from app.hardening import harden_chainlit

    harden_chainlit()
    from chainlit.server import app

    classes = [m.cls for m in app.user_middleware]
    assert ContentSecurityPolicy in classes and classes.index(GermanApiErrors) < classes.index(ContentSecurityPolicy)
