"""Browser access from other sites: only the app's own origin and the configured ones (Chainlit allows all)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


def own_origin(scheme: str, host: str | None) -> str | None:
    """The origin a browser sends for pages served by this request's host, e.g. `http://localhost:8000`."""
    if not host:
        return None
    secure = {"https": "https", "wss": "https"}.get(scheme, "http")
    return f"{secure}://{host}".lower()


def origin_allowed(origin: str, own: str | None, extra: Sequence[str]) -> bool:
    """True for the app's own origin and the configured extra origins (SYNERKI_ALLOW_ORIGINS)."""
    wanted = origin.strip().rstrip("/").lower()
    return wanted == own or wanted in {o.lower() for o in extra}


class OwnOriginCORS:
    """CORS headers only for allowed origins; a foreign site gets none, so its browser blocks the answer."""

    def __init__(self, app: ASGIApp, extra_origins: Sequence[str] = ()) -> None:
        self.app = app
        self.extra = list(extra_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None or not origin_allowed(origin, own_origin(scope["scheme"], headers.get("host")), self.extra):
            await self.app(scope, receive, send)
            return
        cors = CORSMiddleware(
            self.app, allow_origins=[origin], allow_credentials=True, allow_methods=["*"], allow_headers=["*"]
        )
        await cors(scope, receive, send)


def socket_origin_check(extra_origins: Sequence[str]) -> Callable[[str | None, dict[str, Any]], bool]:
    """The same rule for the chat's WebSocket (python-engineio calls it with the origin and the WSGI environ)."""

    def allowed(origin: str | None, environ: dict[str, Any]) -> bool:
        own = own_origin(str(environ.get("wsgi.url_scheme", "http")), environ.get("HTTP_HOST"))
        return origin is not None and origin_allowed(origin, own, extra_origins)

    return allowed
