"""Chainlit's HTTP API answers errors in English (`Invalid authentication token`, `Unauthorized`, `Thread not
found`); a user sees them in a toast or a browser tab on a stale session. This middleware puts the German
sentence into the JSON `detail` (or a plain-text body) of error answers; status codes stay, so Chainlit's own
frontend behaves as before (401 → login page). Codes the login page translates itself (`credentialssignin`)
are not in the table and pass unchanged."""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOGIN_AGAIN = "Ihre Anmeldung ist abgelaufen oder ungültig. Bitte melden Sie sich neu an."
PLEASE_LOGIN = "Bitte melden Sie sich an."
NOT_YOURS = "Dieses Gespräch gehört nicht zu Ihrer Anmeldung."
NO_HISTORY = "Der Gesprächsverlauf ist in dieser Installation nicht eingerichtet."
GERMAN: dict[str, str] = {
    "Unauthorized": PLEASE_LOGIN,
    "Not authenticated": PLEASE_LOGIN,
    "Authorization header missing": PLEASE_LOGIN,
    "Invalid authentication token": LOGIN_AGAIN,
    "Invalid token": LOGIN_AGAIN,
    "Invalid authentication credentials": LOGIN_AGAIN,
    "Invalid authorization header format": LOGIN_AGAIN,
    "Invalid authentication scheme. Please use Bearer": LOGIN_AGAIN,
    "Thread not found": "Dieses Gespräch gibt es nicht (mehr).",
    "File not found": "Diese Datei gibt es nicht (mehr).",
    "User not found": "Diese Anmeldung gibt es nicht (mehr).",
    "Session not found": "Ihre Sitzung ist abgelaufen. Bitte laden Sie die Seite neu.",
    "Parent message not found": "Die Nachricht, auf die sich das bezieht, gibt es nicht (mehr).",
    "Invalid filename": "Dieser Dateiname ist nicht erlaubt.",
    "Invalid avatar_id": "Dieses Bild gibt es nicht.",
    "Data persistence is not enabled": NO_HISTORY,
    "Data layer not initialized": NO_HISTORY,
    "You are not authorized to upload files for this session": NOT_YOURS,
    "You are not authorized to download files from this session": NOT_YOURS,
    "You are not authorized to update elements for this session": NOT_YOURS,
    "You are not authorized to remove elements for this session": NOT_YOURS,
    "This app does not support MCP.": "Diese Funktion ist hier nicht eingeschaltet.",
    "Not Found": "Diese Seite gibt es nicht.",
    "Method Not Allowed": "Diese Anfrage ist hier nicht erlaubt.",
    "Internal Server Error": "Interner Fehler. Bitte versuchen Sie es später noch einmal.",
}
PREFIXES = {  # details Chainlit builds with a name in them
    "No callback found for action": "Für diese Schaltfläche gibt es keine Aktion.",
    "Provider ": "Diese Anmeldeart ist hier nicht eingerichtet.",
    "Could not disconnect from the MCP": "Diese Funktion ist hier nicht eingeschaltet.",
}
INVALID_REQUEST = "Die Anfrage ist unvollständig oder fehlerhaft."


def german_detail(detail: Any) -> Any:
    """The German text for one of Chainlit's English error details; anything else as it was."""
    if isinstance(detail, list):  # FastAPI's validation errors (422): English field messages
        return INVALID_REQUEST
    if not isinstance(detail, str):
        return detail
    if detail in GERMAN:
        return GERMAN[detail]
    return next((german for prefix, german in PREFIXES.items() if detail.startswith(prefix)), detail)


def german_body(body: bytes, content_type: str) -> bytes:
    """An error body with its English detail in German (JSON `{"detail": …}` or a bare text)."""
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body or b"null")
        except ValueError:
            return body
        if isinstance(data, dict) and "detail" in data:
            return json.dumps({**data, "detail": german_detail(data["detail"])}, ensure_ascii=False).encode()
        return body
    if content_type.startswith("text/plain"):
        text = body.decode("utf-8", errors="replace").strip()
        return GERMAN[text].encode() if text in GERMAN else body
    return body


class GermanApiErrors:
    """Rewrites the body of HTTP error answers (status ≥ 400, JSON or plain text) through `german_body`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def translate(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                kind = MutableHeaders(raw=list(message.get("headers", []))).get("content-type", "")
                if message["status"] >= 400 and kind.startswith(("application/json", "text/plain")):
                    start = message  # held back until the whole (small) error body is here
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            headers = MutableHeaders(raw=list(start.get("headers", [])))
            body = german_body(b"".join(chunks), headers.get("content-type", ""))
            headers["content-length"] = str(len(body))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, translate)
