"""Where the web app runs chat turns: a pool of its own (logins, role look-ups and file handling use asyncio's
default pool and never wait behind slow forecasts), one turn at a time per thread (a quick second message waits
for the first instead of racing it on the thread's checkpoint) and at most PER_USER turns at once per login
(one person firing many messages cannot take every worker)."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
TURN_WORKERS = 8
PER_USER = 2


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
            return await loop.run_in_executor(self._pool, call)


TURNS = TurnGate()
