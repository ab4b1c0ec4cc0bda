"""The owner's own sales exports: staging a checked upload, taking it over as a new version, undoing the last.

Every file taken over is kept as `uploads/versions/NNNN.csv`; `uploads/sales.csv` (what `load_sales` reads)
is a copy of the newest. Undoing sets the newest aside (`NNNN.undone.<time>.csv`, nothing is deleted) and
restores the one before it, or the demo data when there is none.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from tools.company.data import user_sales_path
from tools.errors import RequestError

PENDING_MAX_AGE_S = 24 * 3600  # a staged upload nobody confirmed is removed after a day
_VERSION = re.compile(r"\d{4,}\.csv")


class Undone(BaseModel):
    """What undoing the last import did: the version set aside and the one in use now (None: demo data)."""

    removed: int
    restored: int | None


def versions_dir() -> Path:
    """Where every accepted sales export is kept, numbered from 0001."""
    return user_sales_path().parent / "versions"


def versions() -> list[Path]:
    """The kept versions, oldest first (set-aside ones excluded)."""
    found = versions_dir().glob("*.csv") if versions_dir().is_dir() else iter(())
    return sorted((p for p in found if _VERSION.fullmatch(p.name)), key=lambda p: int(p.stem))


def stage(upload: Path) -> Path:
    """A private copy of a checked upload that waits for the owner's yes (the chat's temp file may vanish)."""
    pending = user_sales_path().parent / "pending"
    pending.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - PENDING_MAX_AGE_S
    for old in pending.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    target = pending / f"{uuid.uuid4().hex}.csv"
    shutil.copyfile(upload, target)
    return target


def is_staged(path: Path) -> bool:
    """Whether `path` is a staged copy made by `stage` (only those are ever taken over or removed)."""
    pending = (user_sales_path().parent / "pending").resolve()
    return path.resolve().parent == pending and path.suffix == ".csv"


@contextmanager
def _locked() -> Iterator[None]:
    """One import or undo at a time (the app runs turns in threads and several processes may run)."""
    folder = user_sales_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".versions.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _install(source: Path | None) -> None:
    """Make `source` the sales file in use, atomically (None: remove it, the demo data apply again)."""
    target = user_sales_path()
    if source is None:
        target.unlink(missing_ok=True)
        return
    tmp = target.with_name(f".sales.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    shutil.copyfile(source, tmp)  # a fresh file: its new mtime invalidates the loaders' cache
    os.replace(tmp, target)


def _adopt_unversioned() -> list[Path]:
    """The versions, the sales file uploaded before versions were kept becoming version 1."""
    kept = versions()
    if not kept and user_sales_path().is_file():
        versions_dir().mkdir(parents=True, exist_ok=True)
        shutil.copyfile(user_sales_path(), versions_dir() / "0001.csv")
        kept = versions()
    return kept


def commit(staged: Path) -> int:
    """Take a staged, checked export over as the newest version; returns its number."""
    with _locked():
        kept = _adopt_unversioned()
        number = int(kept[-1].stem) + 1 if kept else 1
        versions_dir().mkdir(parents=True, exist_ok=True)
        version = versions_dir() / f"{number:04d}.csv"
        shutil.copyfile(staged, version)
        _install(version)
    if is_staged(staged):
        staged.unlink(missing_ok=True)
    return number


def undo() -> Undone:
    """Set the newest version aside and use the one before it (or the demo data)."""
    with _locked():
        kept = _adopt_unversioned()
        if not kept:
            raise RequestError("Es gibt keinen Import, den ich rückgängig machen könnte – es gelten die Demodaten.")
        last = kept[-1]
        last.rename(last.with_name(f"{last.stem}.undone.{time.time_ns()}.csv"))
        previous = kept[-2] if len(kept) > 1 else None
        _install(previous)
    return Undone(removed=int(last.stem), restored=int(previous.stem) if previous else None)
