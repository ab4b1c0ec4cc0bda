"""Who may open the knowledge base: one process owns the local folder, a second one (the CLI while the web
app runs) reads a snapshot; QDRANT_URL takes the server path, tested on the client's in-memory mode."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.commands.kb import kb_app
from tests.tools.test_rag import fake_embedder  # noqa: F401  (storage tests need no real model)
from tools.errors import UserFacingError
from tools.settings import get_settings

TRESOR = "# Kasse\n\n## Tresor\n\nDer Tresor öffnet nur die Filialleitung.\n"
KELLER = "# Haus\n\n## Fahrradkeller\n\nDer Fahrradkeller wird um 20 Uhr abgeschlossen.\n"


def _docs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kasse.md").write_text(TRESOR, encoding="utf-8")
    (folder / "haus.md").write_text(KELLER, encoding="utf-8")
    return folder


@pytest.fixture()
def held_by_another_process(fresh_var: Path, fake_embedder: None) -> Iterator[object]:  # noqa: F811
    """A knowledge base this process filled, then handed to 'the web app': a second client on the folder
    holds its lock exactly like another process would."""
    from qdrant_client import QdrantClient

    from tools.rag import store

    store.ingest_paths([_docs(fresh_var / "docs")], "kb")
    path = str(get_settings().qdrant_path)
    store._OWNED.pop(path).close()  # this process lets go of the folder ...
    app = QdrantClient(path=path)  # ... and the "web app" opens it
    yield app
    app.close()


def test_second_process_reads_a_snapshot(held_by_another_process: object, fresh_var: Path) -> None:
    from tools.rag import store
    from tools.rag.search import search

    assert store.read_only()
    hit = search("Wer darf den Tresor öffnen?", "kb").hits[0]
    assert hit.heading == "Kasse > Tresor" and hit.source == "kasse.md"
    # the CLI asks while the app runs: an answer, not "gerade geöffnet"
    res = CliRunner().invoke(
        kb_app, ["search", "Wann wird der Fahrradkeller abgeschlossen?", "--collection", "kb", "--json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["heading"] == "Haus > Fahrradkeller"


def test_snapshot_follows_the_owners_writes(held_by_another_process: object) -> None:
    from qdrant_client import QdrantClient

    from tools.rag import store
    from tools.rag.search import search

    assert search("Fahrradkeller", "kb").hits
    app = held_by_another_process
    assert isinstance(app, QdrantClient)
    key = next(k for k in store.stored_files("kb") if k.endswith("haus.md"))
    app.delete("kb", points_selector=store.models.FilterSelector(filter=store._doc_filter(key)))  # the app removes it
    assert not any(h.source == "haus.md" for h in search("Fahrradkeller", "kb").hits)


def test_second_process_may_not_write(held_by_another_process: object, fresh_var: Path) -> None:
    from tools.rag import store

    with pytest.raises(UserFacingError, match="gerade von einem anderen Programm geöffnet"):
        store.ingest_paths([fresh_var / "docs"], "kb")
    with pytest.raises(UserFacingError, match="gerade von einem anderen Programm geöffnet"):
        store.drop_collection("kb")


def test_folder_is_owned_again_once_the_other_process_ends(held_by_another_process: object, fresh_var: Path) -> None:
    from qdrant_client import QdrantClient

    from tools.rag import store

    app = held_by_another_process
    assert isinstance(app, QdrantClient)
    app.close()
    assert not store.read_only()
    (fresh_var / "docs" / "haus.md").unlink()
    report = store.ingest_paths([fresh_var / "docs"], "kb")
    assert report.removed == ["haus.md"] and store.count("kb") == 1


@pytest.fixture()
def qdrant_in_memory(monkeypatch: pytest.MonkeyPatch, fake_embedder: None) -> Iterator[None]:  # noqa: F811
    from tools.rag import store

    monkeypatch.setenv("QDRANT_URL", store.MEMORY)
    get_settings.cache_clear()
    store._remote.cache_clear()
    yield
    monkeypatch.delenv("QDRANT_URL")
    get_settings.cache_clear()


def test_server_path_on_the_clients_in_memory_mode(qdrant_in_memory: None, tmp_path: Path) -> None:
    """QDRANT_URL uses the server's own sparse search and payload index; the same client API in memory."""
    from tools.rag import store
    from tools.rag.search import search

    client = store.get_client()
    assert client is store.get_client(write=True) and not store.read_only()
    report = store.ingest_paths([_docs(tmp_path / "docs")], "kb")
    assert sorted(report.added) == ["haus.md", "kasse.md"] and store.count("kb") == 2
    assert store.ingest_paths([tmp_path / "docs"], "kb").unchanged == ["haus.md", "kasse.md"]
    hit = search("Wer darf den Tresor öffnen?", "kb").hits[0]
    assert hit.heading == "Kasse > Tresor" and hit.sparse > 0  # keyword score from query_points
    assert not (get_settings().qdrant_path / "collection" / "kb").exists()  # nothing written to the local folder
    store.drop_collection("kb")
    assert store.count("kb") == 0
