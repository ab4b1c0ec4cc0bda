"""Read-only access to a local knowledge base another process holds open (Qdrant local mode locks its folder).

The folder is copied – each collection's SQLite file through SQLite's online backup, so a write in the
other process never yields half a file – into a temporary folder that this process opens instead. A new
copy is taken only when the original changed; copies are removed when the process ends.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path

from qdrant_client import QdrantClient

META = "meta.json"
_LOCK = threading.Lock()
_CURRENT: dict[str, tuple[tuple[tuple[str, int, int], ...], QdrantClient]] = {}


def fingerprint(path: Path) -> tuple[tuple[str, int, int], ...]:
    """(file, size, mtime) of the metadata and every collection file: changes with every write."""
    files = [path / META, *sorted((path / "collection").glob("*/storage.sqlite"))]
    return tuple((str(f.relative_to(path)), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file())


def copy_store(src: Path, dst: Path) -> None:
    """Copy a local Qdrant folder consistently: metadata as a file, collections via SQLite backup."""
    dst.mkdir(parents=True, exist_ok=True)
    if (src / META).is_file():
        shutil.copy2(src / META, dst / META)
    for db in sorted((src / "collection").glob("*/storage.sqlite")):
        target = dst / db.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        copy.close()


def snapshot_client(path: Path) -> QdrantClient:
    """A client on an up-to-date copy of `path` (writes to it are not kept)."""
    key = str(path)
    with _LOCK:
        now = fingerprint(path)
        current = _CURRENT.get(key)
        if current is not None and current[0] == now:
            return current[1]
        folder = Path(tempfile.mkdtemp(prefix="synerki-qdrant-"))
        atexit.register(shutil.rmtree, folder, True)
        copy_store(path, folder)
        client = QdrantClient(path=str(folder))
        atexit.register(client.close)  # registered after rmtree: runs before it
        _CURRENT[key] = (now, client)  # published only once the copy is open
        return client


__all__ = ["copy_store", "fingerprint", "snapshot_client"]
