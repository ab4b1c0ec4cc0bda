"""One SQLAlchemy engine for the company database: SQLite file by default, PostgreSQL via DATABASE_URL."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, create_engine

from tools.settings import get_settings


def database_url() -> str:
    """The synchronous SQLAlchemy URL of the company database."""
    s = get_settings()
    if s.database_url:
        return s.database_url.replace("postgresql+asyncpg://", "postgresql+psycopg://")
    s.var_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{s.sqlite_path}"


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return create_engine(url, future=True)


def get_engine() -> Engine:
    """The engine for the current settings (cached per URL)."""
    return _engine(database_url())
