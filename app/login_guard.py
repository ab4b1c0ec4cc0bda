"""Slows down password guessing: each failed login doubles the wait for that user name and that address.

The wait starts at 1 s and stops growing at 30 s, so nobody can lock the owner out for good. Attempts
during the wait are refused without checking the password. Timers use the real clock (time.monotonic).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BASE_DELAY_S = 1.0
MAX_DELAY_S = 30.0
FORGET_AFTER_S = 3600.0  # failures older than this no longer count (and are dropped from memory)
MAX_ENTRIES = 10_000
MAX_BODY_BYTES = 64 * 1024  # a login form is a few hundred bytes
# keys of auth.login.errors.* in .chainlit/translations: the login page shows their German text
DELAYED = "logindelayed"
FAILED = "credentialssignin"


@dataclass
class _Failures:
    count: int
    last: float


class LoginThrottle:
    """Failed-login counters per key ("user:NAME", "addr:IP"); thread-safe, with an injectable clock."""

    def __init__(
        self, base_s: float = BASE_DELAY_S, cap_s: float = MAX_DELAY_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._base_s = base_s
        self._cap_s = cap_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    def delay_s(self, failures: int) -> float:
        """The wait after `failures` failed attempts in a row: 0, 1, 2, 4, … seconds, at most the cap."""
        return 0.0 if failures <= 0 else min(self._cap_s, self._base_s * 2 ** min(failures - 1, 32))

    def wait_s(self, keys: Iterable[str]) -> float:
        """Seconds until an attempt with these keys is allowed (0 when it is allowed now)."""
        with self._lock:
            now = self._clock()
            waits = [f.last + self.delay_s(f.count) - now for k in keys if (f := self._failures.get(k))]
        return max([0.0, *waits])

    def failed(self, keys: Iterable[str]) -> None:
        with self._lock:
            now = self._clock()
            if len(self._failures) >= MAX_ENTRIES:  # user names are chosen by strangers: bound the memory
                self._failures = {k: f for k, f in self._failures.items() if now - f.last < FORGET_AFTER_S}
            for k in keys:
                f = self._failures.get(k)
                stale = f is None or now - f.last >= FORGET_AFTER_S
                self._failures[k] = _Failures(1 if stale or f is None else f.count + 1, now)

    def succeeded(self, keys: Iterable[str]) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)


def user_key(name: str) -> str:
    return "user:" + name.strip().casefold()


def address_key(address: str) -> str:
    return "addr:" + address


class LoginGuardMiddleware:
    """Wraps POST …/login: refuses attempts during a wait and counts the outcome of the others.

    A success clears the user name's counter; the address counter only expires, because the documented
    demo logins would otherwise let anyone reset it between guesses.
    """

    def __init__(self, app: ASGIApp, throttle: LoginThrottle | None = None, path: str = "/login") -> None:
        self.app = app
        self.throttle = throttle or LoginThrottle()
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].endswith(self.path):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            await JSONResponse({"detail": FAILED}, status_code=413)(scope, receive, send)
            return
        try:
            name = (await Request(scope, _replay(body, receive)).form()).get("username")
        except (HTTPException, MultiPartException):  # not a form: Chainlit answers it without checking a password
            await self.app(scope, _replay(body, receive), send)
            return
        user = user_key(name if isinstance(name, str) else "")
        address = address_key(scope["client"][0] if scope.get("client") else "unbekannt")
        if self.throttle.wait_s([user, address]) > 0:
            await JSONResponse({"detail": DELAYED}, status_code=429)(scope, receive, send)
            return
        status: list[int] = []

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, _replay(body, receive), send_status)
        if status and status[0] == 200:
            self.throttle.succeeded([user])
        elif status and status[0] == 401:
            self.throttle.failed([user, address])


async def _read_body(receive: Receive) -> bytes | None:
    """The request body, or None when it is larger than any login form."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # client went away
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > MAX_BODY_BYTES:
            return None
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that hands out the already-read body once, then listens to the client again."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
