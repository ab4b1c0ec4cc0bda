"""One SQLAlchemy engine for the company database: SQLite file by default, PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, MetaData, create_engine

from tools.concurrency import built_once
from tools.settings import get_settings

_TABLES_LOCK = threading.Lock()
_CREATED: set[tuple[int, str]] = set()  # (metadata, engine url) whose tables exist


def sync_url(url: str) -> str:
    """A PostgreSQL URL for the synchronous psycopg (3) driver; other URLs unchanged."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def libpq_url(url: str) -> str:
    """The same PostgreSQL URL without a SQLAlchemy driver name (for psycopg.connect)."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg://", "postgresql+psycopg2://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def is_postgres(url: str | None) -> bool:
    """Whether a DATABASE_URL points to PostgreSQL."""
    return bool(url) and str(url).startswith("postgres")


def database_url() -> str:
    """The synchronous SQLAlchemy URL of the company database."""
    s = get_settings()
    if s.database_url:
        return sync_url(s.database_url)
    s.var_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{s.sqlite_path}"


@built_once(maxsize=4)
def _engine(url: str) -> Engine:
    return create_engine(url, future=True, pool_pre_ping=is_postgres(url))


def get_engine() -> Engine:
    """The engine for the current settings (cached per URL)."""
    return _engine(database_url())


def ensure_tables(metadata: MetaData, engine: Engine | None = None) -> Engine:
    """Create the tables of `metadata` once per engine and process; parallel turns wait instead of racing
    (two 'CREATE TABLE' at once fail with 'table already exists')."""
    engine = engine or get_engine()
    key = (id(metadata), engine.url.render_as_string(hide_password=False))
    if key in _CREATED:
        return engine
    with _TABLES_LOCK:
        if key not in _CREATED:
            metadata.create_all(engine, checkfirst=True)
            _CREATED.add(key)
    return engine
