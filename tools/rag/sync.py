"""Ensure a collection is indexed once per process (the handbook, the laws): one set of synced collections, one lock."""

from __future__ import annotations

import threading
from pathlib import Path

from tools.rag.store import count, ingest_paths, read_only

_SYNCED: set[str] = set()  # collections re-checked (or being indexed in the background) in this process
_LOCK = threading.Lock()
_INDEXING: dict[str, threading.Thread] = {}  # first indexings running in the background


def forget_synced() -> None:
    """Let the next use re-check every collection (a test or a process restart of its own)."""
    with _LOCK:
        _SYNCED.clear()


def ensure_collection(collection: str, paths: list[Path], *, background: bool = False) -> bool:
    """Index `paths` into `collection` once per process (file hashes and the pipeline version decide what is re-read;
    cheap when nothing changed); True when the collection can be searched. One thread syncs while the others wait.
    With `background`, a first indexing of an empty collection runs in a thread and the call returns False at once
    (a chat turn does not wait minutes); a collection synced before, or being indexed, is not re-checked. A process
    that reads another one's knowledge base (see tools.rag.snapshot) leaves the syncing to that one."""
    if collection in _SYNCED and count(collection) > 0:
        return True
    running = _INDEXING.get(collection)
    if running is not None and not background:
        running.join()  # a caller that waits waits for the indexing already under way, not for a second one
    with _LOCK:
        if collection in _SYNCED and (background or count(collection) > 0):
            return count(collection) > 0
        if read_only():
            return count(collection) > 0
        if not background:
            ingest_paths(list(paths), collection)
            _SYNCED.add(collection)
            return True
        _SYNCED.add(collection)
        empty = count(collection) == 0
    if empty:
        thread = threading.Thread(
            target=ingest_paths, args=(list(paths), collection), daemon=True, name=f"{collection}-ingest"
        )
        _INDEXING[collection] = thread
        thread.start()
        return False
    ingest_paths(list(paths), collection)  # re-checking known files is quick (hashes; embeddings cached by text)
    return True


__all__ = ["ensure_collection", "forget_synced"]
