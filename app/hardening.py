"""Puts the app's own browser rules into Chainlit's server: own-origin CORS and the login delay."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from app.api_language import GermanApiErrors
from app.closed_routes import ClosedRoutes
from app.cors import OwnOriginCORS, socket_origin_check
from app.csp import ContentSecurityPolicy
from app.feedback_guard import FeedbackGuard
from app.foreign_ids import ForeignIdsAsNotFound
from app.login_guard import LoginGuardMiddleware
from app.sessions import SignOutEverywhere
from app.sessions import install as refuse_signed_out_tokens
from app.socket_guard import guard_socket_events
from tools.settings import get_settings


def harden_chainlit() -> None:
    """Replace Chainlit's allow-every-origin CORS, check WebSocket origins, throttle logins, close the thread
    sharing routes while sharing is off, feedback only in one's own threads, another login's
    thread answered like an unknown one, no message editing over the socket
    while editing is off, pictures only from the app itself (before the server starts)."""
    from chainlit.config import config
    from chainlit.server import app, sio

    extra = get_settings().allow_origins
    app.user_middleware = [
        Middleware(OwnOriginCORS, extra_origins=extra) if _is_cors(m) else m for m in app.user_middleware
    ]
    app.add_middleware(LoginGuardMiddleware)
    app.add_middleware(SignOutEverywhere)  # „Abmelden“ ends the login's other cookies too
    refuse_signed_out_tokens()
    app.add_middleware(ClosedRoutes, sharing_on=lambda: bool(config.features.allow_thread_sharing))
    app.add_middleware(FeedbackGuard)
    app.add_middleware(ForeignIdsAsNotFound)  # another login's thread/file: the 404 of an unknown id
    app.add_middleware(ContentSecurityPolicy)  # pictures only from the app itself
    app.add_middleware(GermanApiErrors)  # outermost: also the other guards' and Chainlit's own error answers
    sio.eio.cors_allowed_origins = socket_origin_check(extra)
    guard_socket_events()


def _is_cors(middleware: Middleware) -> bool:
    return isinstance(middleware.cls, type) and issubclass(middleware.cls, CORSMiddleware)
