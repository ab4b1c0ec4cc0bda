"""Chainlit socket events of features this app leaves off change nothing: `edit_message` (editing is off in
.chainlit/config.toml) still rewrote a message, removed every later one from the thread and ran the turn again
for any client that sent it, and failed inside Chainlit for an unknown message id (hostile tests 13/16).
The stop button's event answers in German (Chainlit wrote „Task manually stopped.“ into the thread)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

EDIT_OFF = (
    "Nachrichten lassen sich hier nicht nachträglich bearbeiten. Schreiben Sie Ihre Korrektur bitte als neue "
    "Nachricht – Ihr bisheriges Gespräch bleibt unverändert."
)
STOPPED = (
    "Angehalten – die Antwort auf Ihre letzte Frage zeige ich nicht mehr an. Eine neue Frage beantworte ich, "
    "sobald die begonnene Berechnung beendet ist."
)
Handler = Callable[..., Awaitable[Any]]
log = logging.getLogger(__name__)


async def _notice(sid: str, text: str) -> None:
    """A German hint (a toast, not a chat message: the thread stays as it was) to the socket's browser tab."""
    from chainlit.session import WebsocketSession

    session = WebsocketSession.get(sid)
    if session is not None:
        await session.emit("toast", {"message": text, "type": "warning"})


def edit_guard(original: Handler, editing_on: Callable[[], bool], notice: Handler = _notice) -> Handler:
    """Chainlit's `edit_message` handler while editing is switched on; otherwise a German hint and nothing else."""

    async def edit_message(sid: str, payload: Any = None) -> Any:
        if editing_on():
            return await original(sid, payload)
        log.info("edit_message refused (editing is off), socket %s", sid)
        await notice(sid, EDIT_OFF)
        return None

    edit_message.__name__ = "synerki_edit_guard"
    return edit_message


async def stop(sid: str) -> None:
    """Chainlit's stop handler with a German message: the running answer's task is cancelled (its computation
    ends in the background, app.turns keeps the thread's turn lock until then)."""
    from chainlit.config import config
    from chainlit.context import init_ws_context
    from chainlit.message import Message
    from chainlit.session import WebsocketSession

    session = WebsocketSession.get(sid)
    if session is None:
        return
    init_ws_context(session)
    await Message(content=STOPPED, author="synerKI (KI)").send()
    if session.current_task:
        session.current_task.cancel()
    if config.code.on_stop:
        await config.code.on_stop()


def guard_socket_events() -> None:
    """Put the guard in front of Chainlit's `edit_message` socket handler, the German `stop` in place of
    Chainlit's (idempotent)."""
    from chainlit.config import config
    from chainlit.server import sio

    handlers = sio.handlers.setdefault("/", {})
    sio.on("stop", stop)
    original = handlers.get("edit_message")
    if original is None or getattr(original, "__name__", "") == "synerki_edit_guard":
        return
    sio.on("edit_message", edit_guard(original, lambda: bool(config.features.edit_message)))
