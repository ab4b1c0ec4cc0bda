"""Where the web app runs chat turns: a pool of its own (logins, role look-ups and file handling use asyncio's
default pool and never wait behind slow forecasts), one turn at a time per thread (a quick second message waits
for the first instead of racing it on the thread's checkpoint) and at most PER_USER turns at once per login
(one person firing many messages cannot take every worker)."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import uuid
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from agents.prompts import TURN_FAILED
from tools.errors import UserFacingError

T = TypeVar("T")
P = ParamSpec("P")
log = logging.getLogger(__name__)
TURN_WORKERS = 8
PER_USER = 2


def visitor(name: str, role: str, session_id: str) -> str:
    """Who is asking: the login – except the one guest login all show-case visitors share, where each visit
    (browser session) is its own visitor, so no visit continues or reads another's conversation."""
    return f"{name}@{session_id}" if role == "guest" else name


class TurnGate:
    """Runs blocking turns off the event loop in its own pool, serialised per thread, bounded per user."""

    def __init__(self, workers: int = TURN_WORKERS, per_user: int = PER_USER) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synerki-turn")
        self._per_user = per_user
        # entries live as long as a turn waits on or holds them
        self._threads: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._users: weakref.WeakValueDictionary[str, asyncio.Semaphore] = weakref.WeakValueDictionary()

    def _thread_lock(self, thread_id: str) -> asyncio.Lock:
        lock = self._threads.get(thread_id)
        if lock is None:
            lock = self._threads[thread_id] = asyncio.Lock()
        return lock

    def _user_slots(self, user: str) -> asyncio.Semaphore:
        slots = self._users.get(user)
        if slots is None:
            slots = self._users[user] = asyncio.Semaphore(self._per_user)
        return slots

    async def run(self, user: str, thread_id: str, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """`fn(*args, **kwargs)` in the turn pool, once this thread's earlier turn and a slot of the user are free."""
        lock, slots = self._thread_lock(thread_id), self._user_slots(user)
        async with lock, slots:
            loop = asyncio.get_running_loop()
            # in the caller's context, as asyncio.to_thread does: the turn's progress steps need Chainlit's context
            call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
            running = loop.run_in_executor(self._pool, call)
            try:
                return await asyncio.shield(running)
            except asyncio.CancelledError:  # the stop button: the worker cannot be stopped, so the thread's
                await asyncio.wait([running])  # lock is held until it is done (no second turn races it)
                raise


TURNS = TurnGate()


def apology(exc: BaseException) -> str:
    """The German answer for a turn that failed outside the tools: a UserFacingError's own sentence, else an
    error id (the exception is logged with it; its text, often English or internal, is never shown)."""
    if isinstance(exc, UserFacingError):
        return str(exc)
    error_id = uuid.uuid4().hex[:8]
    log.error("Gesprächsschritt fehlgeschlagen (Fehler-ID %s)", error_id, exc_info=exc)
    return TURN_FAILED.format(error_id=error_id)


def german_errors(
    send: Callable[[str], Awaitable[object]],
) -> Callable[[Callable[P, Awaitable[None]]], Callable[P, Awaitable[None]]]:
    """For Chainlit callbacks: an exception becomes a German answer sent with `send` (Chainlit itself would
    show the exception's own text, e.g. "database is locked", to the user)."""

    def wrap(fn: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
        @functools.wraps(fn)
        async def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                await fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the web app's last line: no exception text reaches a user
                await send(apology(exc))

        return guarded

    return wrap


class Answering:
    """Which threads are being answered right now (the whole answer: turn, sending, persisting), so a browser tab
    that opens such a thread while it runs (a reload, a second tab) can show the answer once it is stored."""

    def __init__(self) -> None:
        self._running: dict[str, int] = {}
        self._idle: dict[str, asyncio.Event] = {}

    @contextlib.asynccontextmanager
    async def track(self, thread_id: str) -> AsyncIterator[None]:
        """Marks `thread_id` as being answered until the block ends (also when it fails)."""
        self._running[thread_id] = self._running.get(thread_id, 0) + 1
        self._idle.setdefault(thread_id, asyncio.Event())
        try:
            yield
        finally:
            self._running[thread_id] -= 1
            if not self._running[thread_id]:
                del self._running[thread_id]
                self._idle.pop(thread_id).set()

    def busy(self, thread_id: str) -> bool:
        return thread_id in self._running

    async def wait(self, thread_id: str) -> bool:
        """Wait until no answer of this thread runs any more; True if one was running."""
        idle = self._idle.get(thread_id)
        if idle is None:
            return False
        await idle.wait()
        return True


ANSWERING = Answering()
