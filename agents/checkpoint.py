"""The LangGraph checkpointer: SQLite file by default, PostgreSQL when DATABASE_URL says so."""
from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

from tools.settings import get_settings


@lru_cache(maxsize=1)
def get_checkpointer() -> Any:
    """One checkpointer per process, shared by the CLI and the web app."""
    url = get_settings().database_url
    if url and url.startswith("postgres"):
        from langgraph.checkpoint.postgres import PostgresSaver  # optional dependency
        from psycopg import Connection

        conn = Connection.connect(url.replace("postgresql+psycopg://", "postgresql://").replace("postgresql+asyncpg://", "postgresql://"),
                                  autocommit=True, prepare_threshold=0)
        saver = PostgresSaver(conn)
        saver.setup()
        return saver
    from langgraph.checkpoint.sqlite import SqliteSaver

    path = get_settings().var_dir / "checkpoints.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    return SqliteSaver(conn)
