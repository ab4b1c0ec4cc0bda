"""Chainlit routes for features this app leaves off answer 404: thread sharing would publish a thread to
everyone without a login (`/project/share/{id}` needs none), although the UI offers no sharing."""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

NOT_FOUND = "Diese Seite gibt es nicht."
SHARING_PATHS = ("/project/share/", "/project/thread/share")


def sharing_path(path: str) -> bool:
    """True for the routes that share a thread or read a shared one (also below a root path)."""
    return any(p in path for p in SHARING_PATHS)


class ClosedRoutes:
    """Answers 404 (German) for the sharing routes while `sharing_on()` is false; everything else passes."""

    def __init__(self, app: ASGIApp, sharing_on: Callable[[], bool] = lambda: False) -> None:
        self.app = app
        self.sharing_on = sharing_on

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and sharing_path(scope.get("path", "")) and not self.sharing_on():
            await JSONResponse({"detail": NOT_FOUND}, status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)
