"""A Content-Security-Policy for every page: pictures only from the app itself (hostile test 26).

Chainlit renders a message as Markdown, so „![x](https://fremd.example/x.png)“ typed or pasted into the chat made
the browser fetch a picture from elsewhere (a tracking pixel, the reader's address to a stranger). Scripts and
styles stay as Chainlit needs them; plug-ins, a foreign <base> and framing by other sites are off too.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = "img-src 'self' data: blob:; media-src 'self' data: blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"


class ContentSecurityPolicy:
    """Adds POLICY to every HTTP response that does not set its own."""

    def __init__(self, app: ASGIApp, policy: str = POLICY) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = self.policy
            await send(message)

        await self.app(scope, receive, send_with_policy)
