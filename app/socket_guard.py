"""Chainlit socket events of features this app leaves off change nothing: `edit_message` (editing is off in
.chainlit/config.toml) still rewrote a message, removed every later one from the thread and ran the turn again
for any client that sent it, and failed inside Chainlit for an unknown message id (hostile tests 13/16).
The stop button's event answers in German (Chainlit wrote „Task manually stopped.“ into the thread).
Opening another login's thread (`/thread/{id}`) is answered like an unknown id (hostile test 27): Chainlit refused
the socket, the page kept „Der Server ist nicht erreichbar“ – and told foreign ids from unknown ones."""

from __future__ import annotations

import logging
import uuid
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


async def _login_of(environ: Any) -> str | None:
    """The login a socket's cookie names, or None (no or invalid cookie: Chainlit's own check refuses it)."""
    from chainlit.socket import _authenticate_connection

    try:
        user, _ = await _authenticate_connection(environ)
    except Exception:  # noqa: BLE001 - a bad token is Chainlit's to refuse, with its own check after this one
        return None
    return user.identifier if user else None


async def _author_of(thread_id: str) -> str:
    """The thread's login; "" for an unknown id or without chat history."""
    from chainlit.data import get_data_layer

    layer = get_data_layer()
    return (await layer.get_thread_author(thread_id) or "") if layer else ""


def foreign_thread_guard(
    original: Handler,
    login_of: Callable[[Any], Awaitable[str | None]] = _login_of,
    author_of: Callable[[str], Awaitable[str]] = _author_of,
) -> Handler:
    """Chainlit's `connect` handler, with another login's thread id swapped for a fresh unknown one: the tab gets
    Chainlit's answer for an unknown thread (a German note, a new chat) instead of a refused connection."""

    async def connect(sid: str, environ: Any, auth: Any = None) -> Any:
        thread_id = auth.get("threadId") if isinstance(auth, dict) else None
        if thread_id:
            login = await login_of(environ)
            author = await author_of(str(thread_id))
            if login and author and author != login:
                log.info("socket %s: thread of another login asked for, answered as unknown", sid)
                auth = {**auth, "threadId": str(uuid.uuid4())}
        return await original(sid, environ, auth)

    connect.__name__ = "synerki_foreign_thread_guard"
    return connect


def guard_socket_events() -> None:
    """Put the guards in front of Chainlit's `edit_message` and `connect` socket handlers, the German `stop` in
    place of Chainlit's (idempotent)."""
    from chainlit.config import config
    from chainlit.server import sio

    handlers = sio.handlers.setdefault("/", {})
    sio.on("stop", stop)
    connect = handlers.get("connect")
    if connect is not None and getattr(connect, "__name__", "") != "synerki_foreign_thread_guard":
        sio.on("connect", foreign_thread_guard(connect))
    original = handlers.get("edit_message")
    if original is None or getattr(original, "__name__", "") == "synerki_edit_guard":
        return
    sio.on("edit_message", edit_guard(original, lambda: bool(config.features.edit_message)))
