"""Another login's thread, file or element is answered like one that does not exist: Chainlit answers 401
(`Unauthorized`, `You are not authorized to … for this session`) for an id that is not the user's and 404 for an
unknown one, so a logged-in user could learn which ids exist – and a 401 sends the browser to the login page.
For a request with a valid login, this middleware turns such a 401 into the very 404 of an unknown id; without a
login the 401 stays."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.feedback_guard import chainlit_user

UserLookup = Callable[[Request], Awaitable[str | None]]
# path part → Chainlit's own detail for an unknown id there (GermanApiErrors turns it into German)
NOT_FOUND: tuple[tuple[str, str], ...] = (
    ("/project/thread", "Thread not found"),
    ("/project/file", "File not found"),
    ("/project/element", "Not Found"),
)


def not_found_detail(path: str) -> str | None:
    """Chainlit's detail for an unknown id on `path` (also below a root path); None for other routes."""
    return next((detail for part, detail in NOT_FOUND if part in path), None)


class ForeignIdsAsNotFound:
    """Rewrites a 401 on the thread, file and element routes to the unknown-id 404 when the caller is logged in."""

    def __init__(self, app: ASGIApp, user_of: UserLookup = chainlit_user) -> None:
        self.app, self.user_of = app, user_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = not_found_detail(scope.get("path", "")) if scope["type"] == "http" else None
        if detail is None:
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        replaced = False

        async def rewrite(message: Message) -> None:
            nonlocal held, replaced
            if message["type"] == "http.response.start" and message["status"] == 401:
                held = message  # decided once the login is checked, before any body goes out
                replaced = await self.user_of(Request(scope)) is not None
                if not replaced:
                    await send(held)
                return
            if replaced and message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await JSONResponse({"detail": detail}, status_code=404)(scope, receive, send)
                return
            await send(message)

        await self.app(scope, receive, rewrite)
