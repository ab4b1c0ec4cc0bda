"""The LangGraph checkpointer: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import sqlite3
from typing import Any

from tools.concurrency import built_once
from tools.db import is_postgres, libpq_url
from tools.settings import get_settings


@built_once(maxsize=4)
def _checkpointer(target: str) -> Any:
    """One saver per database and process; both savers serialise their connection's use with a lock."""
    if is_postgres(target):
        from langgraph.checkpoint.postgres import PostgresSaver  # optional dependency
        from psycopg import Connection
        from psycopg.rows import dict_row

        pg = Connection.connect(libpq_url(target), autocommit=True, prepare_threshold=0, row_factory=dict_row)
        saver = PostgresSaver(pg)
        saver.setup()
        return saver
    from langgraph.checkpoint.sqlite import SqliteSaver

    conn = sqlite3.connect(target, check_same_thread=False)
    return SqliteSaver(conn)


def get_checkpointer() -> Any:
    """The checkpointer for the current settings, shared by the CLI and the web app."""
    s = get_settings()
    if is_postgres(s.database_url):
        return _checkpointer(str(s.database_url))
    path = s.var_dir / "checkpoints.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return _checkpointer(str(path))
