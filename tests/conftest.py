"""Test-wide settings: a fixed 'today' and one shared var folder per session (data generated once)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_TODAY = "2026-11-25"
_VAR = Path(os.environ.get("SYNERKI_TEST_VAR", Path(__file__).resolve().parent.parent / "var" / "test"))
os.environ.setdefault("SYNERKI_TODAY", TEST_TODAY)
os.environ.setdefault("SYNERKI_VAR_DIR", str(_VAR))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# no law folder: indexing the laws takes minutes; tests of the law answers point SYNERKI_LAWS_DIR at a small one
os.environ.setdefault("SYNERKI_LAWS_DIR", str(_VAR / "keine-gesetze"))
for _k in ("OPENAI_API_KEY", "OLLAMA_HOST", "SYNERKI_LLM", "DATABASE_URL", "QDRANT_URL"):
    os.environ.pop(_k, None)

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data beside the project; tests that need it are skipped when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data ist nicht vorhanden")
    return SHARED_DATA


@pytest.fixture()
def fresh_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private var folder (own SQLite files, uploads, caches) under tmp_path/var for one test."""
    from tools.settings import get_settings

    monkeypatch.setenv("SYNERKI_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _new_postgres_database(server_url: str) -> tuple[str, str]:
    """A new, empty database on the test server: (its URL, its name)."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name, name


def _drop_postgres_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # cached engines still hold connections


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """DATABASE_URL for one test: a new SQLite file, and a new PostgreSQL database on the server that
    SYNERKI_TEST_DATABASE_URL names (.ci/run starts one; without it the PostgreSQL variant is skipped)."""
    from tools.settings import get_settings

    server, name = os.environ.get("SYNERKI_TEST_DATABASE_URL"), ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'business.sqlite'}"
    elif not server:
        pytest.skip("SYNERKI_TEST_DATABASE_URL ist nicht gesetzt – PostgreSQL-Variante übersprungen")
    else:
        url, name = _new_postgres_database(server)
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    if name and server:
        _drop_postgres_database(server, name)


@pytest.fixture()
def alerts_db(database: str) -> str:
    """An own database for one test (alerts, logs), via DATABASE_URL: SQLite, and PostgreSQL when available."""
    return database


_HANDBOOK_READY: list[bool] = []  # set up once per session


@pytest.fixture(scope="session")
def handbook() -> str:
    """Start from an empty handbook collection: the first search must ingest it lazily."""
    from tools.rag import HANDBOOK_COLLECTION
    from tools.rag.search import search
    from tools.rag.store import count, drop_collection

    if not _HANDBOOK_READY:
        drop_collection(HANDBOOK_COLLECTION)
        assert count(HANDBOOK_COLLECTION) == 0
        search("Pause", HANDBOOK_COLLECTION)
        _HANDBOOK_READY.append(True)
    assert count(HANDBOOK_COLLECTION) > 100
    return HANDBOOK_COLLECTION
