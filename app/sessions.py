"""Signing out ends every login of that user name, not only the cookie in this browser (hostile test 26).

Chainlit's login is a signed token valid for 15 days; its logout only deletes the cookie, so a copied cookie
(a shared shop computer, a forwarded request) kept working after „Abmelden“. The app records when a user signed
out (var/auth/signed_out.json, kept over restarts) and refuses every token issued before that moment.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt as pyjwt
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from tools.settings import get_settings

_LOCK = threading.Lock()


def _path() -> Path:
    return get_settings().var_dir / "auth" / "signed_out.json"


def _load() -> dict[str, float]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items()} if isinstance(data, dict) else {}


def sign_out(identifier: str, at: float | None = None) -> None:
    """Record that `identifier` signed out now (or at `at`, seconds since the epoch): older tokens stop working."""
    with _LOCK:
        data = _load()
        data[identifier] = float(int(at if at is not None else time.time()))  # tokens carry whole seconds
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)


def still_valid(claims: dict[str, Any]) -> bool:
    """Whether a token with these claims was issued after its user's last sign-out (no sign-out: valid)."""
    signed_out = _load().get(str(claims.get("identifier", "")))
    issued = claims.get("iat")
    return signed_out is None or (isinstance(issued, int | float) and issued > signed_out)  # same second: refused


def checked(decode: Callable[[str], Any]) -> Callable[[str], Any]:
    """Chainlit's token reader, refusing a token issued before its user signed out."""

    def decode_unless_signed_out(token: str) -> Any:
        user = decode(token)  # checks signature and expiry first
        if not still_valid(pyjwt.decode(token, options={"verify_signature": False})):
            raise pyjwt.InvalidTokenError("signed out")
        return user

    decode_unless_signed_out.signed_out_check = True  # type: ignore[attr-defined]
    return decode_unless_signed_out


class SignOutEverywhere:
    """On POST …/logout with a valid login cookie: record the sign-out before Chainlit deletes the cookie."""

    def __init__(self, app: ASGIApp, path: str = "/logout") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith(self.path):
            from chainlit.auth import decode_jwt, get_token_from_cookies

            token = get_token_from_cookies(dict(Request(scope).cookies))
            try:
                user = decode_jwt(token) if token else None
            except Exception:  # noqa: BLE001 - an invalid or expired token has nothing to end
                user = None
            if user is not None:
                sign_out(user.identifier)
        await self.app(scope, receive, send)


def install() -> None:
    """Make Chainlit's token checks (HTTP routes and the chat socket) refuse signed-out tokens."""
    import chainlit.auth
    import chainlit.server

    for module in (chainlit.auth, chainlit.server):
        if not getattr(module.decode_jwt, "signed_out_check", False):
            module.decode_jwt = checked(module.decode_jwt)  # type: ignore[attr-defined]
