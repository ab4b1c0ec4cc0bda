"""Feedback (thumbs, comment) only on answers in one's own threads: Chainlit's `PUT/DELETE /feedback` take any
step or feedback id from any logged-in user (overwrite, delete, or comment into someone else's thread)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.login_guard import _read_body, _replay

NOT_FOUND = "Diese Bewertung gibt es nicht."
UserLookup = Callable[[Request], Awaitable[str | None]]


async def check_feedback(layer: Any, user: str, for_id: str | None = None, feedback_id: str | None = None) -> None:
    """Raise 404 unless the answer (and an existing feedback being changed) lies in a thread of `user`."""
    if not hasattr(layer, "feedback_owner"):
        return  # no chat history configured: Chainlit stores no feedback either
    if for_id is not None and await layer.feedback_owner(for_id=for_id) != user:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    if feedback_id is not None:
        owner = await layer.feedback_owner(feedback_id=feedback_id)
        unknown_delete = owner is None and for_id is None  # a new feedback may bring its own id, a deletion not
        if unknown_delete or (owner is not None and owner != user):
            raise HTTPException(status_code=404, detail=NOT_FOUND)


async def chainlit_user(request: Request) -> str | None:
    """The logged-in user's name from Chainlit's login cookie (or bearer token); None without a valid one."""
    from chainlit.auth import get_current_user
    from chainlit.auth.cookie import get_token_from_cookies

    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else get_token_from_cookies(dict(request.cookies))
    if not token:
        return None
    try:
        user = await get_current_user(token=token)
    except HTTPException:
        return None
    return str(user.identifier) if user is not None else None


def _chainlit_layer() -> Any:
    from chainlit.data import get_data_layer

    return get_data_layer()


class FeedbackGuard:
    """Checks PUT/DELETE …/feedback against the thread's owner before Chainlit stores or deletes anything."""

    def __init__(
        self, app: ASGIApp, user_of: UserLookup = chainlit_user, layer: Callable[[], Any] = _chainlit_layer
    ) -> None:
        self.app, self.user_of, self.layer = app, user_of, layer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("PUT", "DELETE") or not path.endswith("/feedback"):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        user = await self.user_of(Request(scope))
        if body is None or user is None:  # too big, or no login: Chainlit refuses it itself
            await self.app(scope, _replay(body or b"", receive), send)
            return
        try:
            payload = json.loads(body or b"{}")
            fb = payload.get("feedback") or {}
            for_id, feedback_id = (fb.get("forId"), fb.get("id")) if scope["method"] == "PUT" else (None, None)
            feedback_id = feedback_id if scope["method"] == "PUT" else payload.get("feedbackId")
            await check_feedback(self.layer(), user, for_id, feedback_id)
        except (ValueError, AttributeError):  # not the JSON Chainlit expects: it answers 422 itself
            pass
        except HTTPException as refused:
            await JSONResponse({"detail": refused.detail}, status_code=refused.status_code)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)
