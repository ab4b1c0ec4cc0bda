"""Build-once caches for shared clients and models: the app runs turns in threads, so a client, engine or
model is built under a lock and published only when complete (a failed build publishes nothing)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class BuiltOnce(Generic[P, R]):
    """A memoised function whose values are built at most once per argument tuple, even across threads."""

    def __init__(self, fn: Callable[P, R], maxsize: int) -> None:
        self._fn = fn
        self._maxsize = maxsize
        self._lock = threading.RLock()  # re-entrant: a builder may ask for another of its own values
        self._values: dict[Hashable, R] = {}
        functools.update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        key: Hashable = (args, tuple(sorted(kwargs.items())))
        try:
            return self._values[key]  # published values are complete: no lock needed to read them
        except KeyError:
            pass
        with self._lock:
            if key in self._values:
                return self._values[key]
            value = self._fn(*args, **kwargs)
            while len(self._values) >= self._maxsize:
                del self._values[next(iter(self._values))]  # oldest first
            self._values[key] = value
            return value

    def cache_clear(self) -> None:
        """Forget every value (tests that change settings)."""
        with self._lock:
            self._values.clear()


def built_once(maxsize: int = 1) -> Callable[[Callable[P, R]], BuiltOnce[P, R]]:
    """Decorator: like `functools.lru_cache`, but a value is built by one thread while the others wait."""

    def wrap(fn: Callable[P, R]) -> BuiltOnce[P, R]:
        return BuiltOnce(fn, maxsize)

    return wrap


__all__ = ["BuiltOnce", "built_once"]
