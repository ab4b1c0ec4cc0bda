"""One „ensure the collection is indexed“ helper for the handbook and the laws (tools.rag.sync)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Ingestion replaced by a recorder whose collection holds one passage per call (no embedding on 2 CPUs)."""
    from tools.rag import sync

    done: list[str] = []
    sizes: dict[str, int] = {}
    release = threading.Event()

    def ingest(paths: list[Path], collection: str) -> None:
        if threading.current_thread().name.endswith("-ingest"):
            release.wait(5)
        done.append(collection)
        sizes[collection] = sizes.get(collection, 0) + 1

    monkeypatch.setattr(sync, "ingest_paths", ingest)
    monkeypatch.setattr(sync, "count", lambda c: sizes.get(c, 0))
    monkeypatch.setattr(sync, "read_only", lambda: False)
    monkeypatch.setattr(sync, "_release", release, raising=False)
    sync.forget_synced()
    yield done
    release.set()
    sync.forget_synced()


def test_synced_once_per_process(calls: list[str]) -> None:
    from tools.rag.sync import ensure_collection, forget_synced

    assert ensure_collection("a", [Path("x")])
    assert ensure_collection("a", [Path("x")])
    assert calls == ["a"]
    forget_synced()
    assert ensure_collection("a", [Path("x")])
    assert calls == ["a", "a"]


def test_background_first_indexing_does_not_wait(calls: list[str]) -> None:
    from tools.rag import sync

    assert not sync.ensure_collection("laws", [Path("x")], background=True)  # empty: indexed in a thread
    assert not sync.ensure_collection("laws", [Path("x")], background=True)  # still running: not started twice
    sync._release.set()  # type: ignore[attr-defined]
    assert sync.ensure_collection("laws", [Path("x")])  # a caller that waits waits for that indexing
    assert calls == ["laws"]


def test_read_only_process_leaves_syncing(calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.rag import sync

    monkeypatch.setattr(sync, "read_only", lambda: True)
    assert not sync.ensure_collection("a", [Path("x")])
    assert calls == []
