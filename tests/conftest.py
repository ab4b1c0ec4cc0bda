"""Test-wide settings: a fixed 'today' and one shared var folder per session (data generated once)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TEST_TODAY = "2026-11-25"
_VAR = Path(os.environ.get("SYNERKI_TEST_VAR", Path(__file__).resolve().parent.parent / "var" / "test"))
os.environ.setdefault("SYNERKI_TODAY", TEST_TODAY)
os.environ.setdefault("SYNERKI_VAR_DIR", str(_VAR))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
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


@pytest.fixture()
def alerts_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An own SQLite database for one test (alerts, logs), via DATABASE_URL."""
    from tools.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'alerts.sqlite'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
