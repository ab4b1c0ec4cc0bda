"""Thread sharing is off in this app, so its routes answer 404 (hostile test 13: the API let any user publish a
thread, and `/project/share/{id}` serves a shared thread to everyone without a login)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.closed_routes import NOT_FOUND, ClosedRoutes


def _client(sharing: bool) -> TestClient:
    async def ok(request):  # type: ignore[no-untyped-def]
        return JSONResponse({"thread": "Liquiditätsplan der Chefin"})

    routes = [
        Route("/project/share/{tid}", ok),
        Route("/project/thread/share", ok, methods=["PUT"]),
        Route("/user", ok),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(ClosedRoutes, sharing_on=lambda: sharing)
    return TestClient(app)


def test_sharing_routes_are_closed_while_sharing_is_off() -> None:
    client = _client(sharing=False)
    for response in (client.get("/project/share/abc"), client.put("/project/thread/share", json={})):
        assert response.status_code == 404 and response.json() == {"detail": NOT_FOUND}
    assert client.get("/user").status_code == 200


def test_sharing_routes_open_when_sharing_is_switched_on() -> None:
    assert _client(sharing=True).get("/project/share/abc").status_code == 200


def test_the_running_app_closes_the_sharing_routes() -> None:
    from app.hardening import harden_chainlit

    harden_chainlit()
    from chainlit.server import app

    assert any(m.cls is ClosedRoutes for m in app.user_middleware)
