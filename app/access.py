"""Each turn's role comes from the user store, cached for seconds, so demotions and removals end old logins."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from agents.contracts import Role

ROLE_TTL_S = 5.0  # a demotion or removal reaches running sessions within this time
RELOGIN = (
    "Ihr Zugang wurde geändert oder beendet. Bitte melden Sie sich erneut an "
    "(oben rechts abmelden, dann wieder anmelden)."
)


class RoleCache:
    """The store's role per user name, read again after `ttl_s` seconds of the real clock; thread-safe."""

    def __init__(
        self,
        lookup: Callable[[str], Role | None],
        ttl_s: float = ROLE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup = lookup
        self._ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, Role | None]] = {}

    def role(self, name: str) -> Role | None:
        """The user's current role, or None when the store no longer knows the user."""
        with self._lock:  # one lookup per user and period, even when turns of one user run in parallel
            now = self._clock()
            hit = self._entries.get(name)
            if hit is not None and now - hit[0] < self._ttl_s:
                return hit[1]
            role = self._lookup(name)
            self._entries[name] = (now, role)
            return role

    def forget(self, name: str) -> None:
        """Read this user's role from the store on the next turn (for changes made in this process)."""
        with self._lock:
            self._entries.pop(name, None)


def _store_role(name: str) -> Role | None:
    from app.users import role_of

    return role_of(name)


ROLES = RoleCache(_store_role)


def current_role(name: str | None) -> Role | None:
    """The role a turn of this logged-in user runs with; None when the user was removed (or nobody is logged in)."""
    return ROLES.role(name) if name else None
