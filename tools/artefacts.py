"""Fingerprinted artefacts: a fitted model is stored under the data folder together with the hash of what it
was fitted on (inputs + a per-artefact code version) and loaded when that hash matches; otherwise it is
refitted once (lock across threads and processes) and saved atomically. Nothing is retrained at start.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from tools.settings import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
# what a damaged or foreign artefact file raises when read: it is refitted, never shown to a user
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def fingerprint(version: int, inputs: object) -> str:
    """sha256 of the code version and a JSON-able description of the inputs (order of dict keys ignored)."""
    text = json.dumps({"version": version, "inputs": inputs}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def _exclusive(name: str, folder: Path) -> Iterator[None]:
    """One fitter per artefact: a lock per name inside the process and an flock across processes."""
    with _THREAD_LOCKS_GUARD:
        lock = _THREAD_LOCKS.setdefault(name, threading.Lock())
    with lock, open(folder / f".{name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Artefact(Generic[T]):
    """One kind of fitted artefact: its file name, code version and how it is written and read.

    Raise `version` whenever the fitting code or the file format changes: old files are then ignored.
    `keep` is how many files of this name stay on disk (the newest ones): more than one for an artefact that
    is asked for with a few different inputs in turn (e.g. a model fitted on several cut-offs).
    """

    name: str
    version: int
    suffix: str
    save: Callable[[T, Path], None] = field(repr=False)
    load: Callable[[Path], T] = field(repr=False)
    keep: int = 1

    def folder(self) -> Path:
        return get_settings().models_dir

    def path(self, inputs: object) -> Path:
        """The file for these inputs (its name carries the fingerprint)."""
        return self.folder() / f"{self.name}-{fingerprint(self.version, inputs)[:24]}{self.suffix}"

    def stored(self, inputs: object) -> bool:
        """True when an artefact fitted on exactly these inputs is on disk."""
        return self.path(inputs).is_file()

    def _try_load(self, path: Path) -> T | None:
        if not path.is_file():
            return None
        try:
            return self.load(path)
        except _UNREADABLE as exc:
            log.warning("Artefakt %s unlesbar (%s) – wird neu trainiert", path.name, exc)
            return None

    def load_or_fit(self, inputs: object, fit: Callable[[], T], *, refit: bool = False) -> T:
        """The stored artefact for `inputs`, or a fresh fit (saved) when none matches or `refit` is set."""
        path = self.path(inputs)
        if not refit and (found := self._try_load(path)) is not None:
            return found
        path.parent.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.name, path.parent):
            if not refit and (found := self._try_load(path)) is not None:
                return found  # another thread or process fitted it while we waited
            log.info("Trainiere %s (Eingaben geändert oder erzwungen)", self.name)
            value = fit()
            tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp{self.suffix}")
            try:
                self.save(value, tmp)
                os.replace(tmp, path)  # atomic: a reader never sees half a file
            finally:
                tmp.unlink(missing_ok=True)
            self._prune(path)
            return value

    def _prune(self, fresh: Path) -> None:
        """Delete all but the `keep` newest files of this artefact (the fresh one always stays)."""
        others = [p for p in fresh.parent.glob(f"{self.name}-*{self.suffix}") if p != fresh]
        others.sort(key=lambda p: p.stat().st_mtime if p.exists() else 0.0, reverse=True)
        for old in others[max(self.keep - 1, 0) :]:
            old.unlink(missing_ok=True)


def json_artefact(name: str, model: type[M], version: int, keep: int = 1) -> Artefact[M]:
    """An artefact that is one pydantic model, stored as its JSON."""

    def save(value: M, path: Path) -> None:
        path.write_text(value.model_dump_json(), encoding="utf-8")

    def load(path: Path) -> M:
        return model.model_validate_json(path.read_text(encoding="utf-8"))

    return Artefact(name, version, ".json", save=save, load=load, keep=keep)
