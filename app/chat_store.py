"""Chainlit chat history: SQLAlchemy data layer on a SQLite file (PostgreSQL via DATABASE_URL, driver asyncpg).

Chainlit does not create its tables, so the schema is created here; element files are kept
on disk and served back as data URLs (no object storage needed for the embedded default).
"""

from __future__ import annotations

import asyncio
import base64
import mimetypes
import sqlite3
from pathlib import Path
from typing import Any

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.types import PageInfo, PaginatedResponse, Pagination, ThreadDict, ThreadFilter
from chainlit.user import PersistedUser

from app.access import current_role
from tools.db import is_postgres, libpq_url
from tools.settings import get_settings

SCHEMA = [
    'CREATE TABLE IF NOT EXISTS users ("id" TEXT PRIMARY KEY, "identifier" TEXT NOT NULL UNIQUE, '
    '"metadata" TEXT NOT NULL, "createdAt" TEXT)',
    'CREATE TABLE IF NOT EXISTS threads ("id" TEXT PRIMARY KEY, "createdAt" TEXT, "name" TEXT, "userId" TEXT, '
    '"userIdentifier" TEXT, "tags" TEXT, "metadata" TEXT)',
    'CREATE TABLE IF NOT EXISTS steps ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL, "type" TEXT NOT NULL, '
    '"threadId" TEXT NOT NULL, "parentId" TEXT, "streaming" BOOLEAN, "waitForAnswer" BOOLEAN, "isError" BOOLEAN, '
    '"metadata" TEXT, "tags" TEXT, "input" TEXT, "output" TEXT, "createdAt" TEXT, "command" TEXT, "start" TEXT, '
    '"end" TEXT, "generation" TEXT, "showInput" TEXT, "language" TEXT, "indent" INT, "defaultOpen" BOOLEAN, '
    '"autoCollapse" BOOLEAN, "icon" TEXT, "modes" TEXT)',
    'CREATE TABLE IF NOT EXISTS elements ("id" TEXT PRIMARY KEY, "threadId" TEXT, "type" TEXT, "url" TEXT, '
    '"chainlitKey" TEXT, "name" TEXT NOT NULL, "display" TEXT, "objectKey" TEXT, "size" TEXT, "page" INT, '
    '"language" TEXT, "forId" TEXT, "mime" TEXT, "props" TEXT, "autoPlay" BOOLEAN, "playerConfig" TEXT)',
    'CREATE TABLE IF NOT EXISTS feedbacks ("id" TEXT PRIMARY KEY, "forId" TEXT NOT NULL, "threadId" TEXT, '
    '"value" INT NOT NULL, "comment" TEXT)',
]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _data_url(path: Path) -> str:
    """The file as a data URL ("" when it is gone)."""
    if not path.exists():
        return ""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


# the largest file kept in the chat history: the agents' own limit for a single upload (agents.uploads); a bigger
# one (Chainlit accepts 100 MB, e.g. a photo ZIP, read from the session's folder) is shown in the chat but not
# stored twice – as a file and as a data URL a third larger in the database, re-read whenever the thread opens
MAX_STORED_BYTES = 20 * 1024 * 1024


class LocalStorageClient(BaseStorageClient):
    """Stores element files under var/files and returns them as data URLs (files up to `max_bytes`)."""

    def __init__(self, root: Path, max_bytes: int = MAX_STORED_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, object_key: str) -> Path:
        safe = object_key.replace("..", "_").lstrip("/")
        return self.root / safe

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        raw = data.encode() if isinstance(data, str) else data
        if len(raw) > self.max_bytes:  # junk of 100 MB per file, five per message, would fill disk and database
            return {"object_key": object_key, "url": ""}
        # writing and encoding run off the event loop (other chats stay responsive)
        await asyncio.to_thread(_write, self._path(object_key), raw)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def delete_file(self, object_key: str) -> bool:
        path = self._path(object_key)
        if path.exists():
            path.unlink()
        return True

    async def get_read_url(self, object_key: str) -> str:
        return await asyncio.to_thread(_data_url, self._path(object_key))

    async def close(self) -> None:
        return None


class ChatDataLayer(SQLAlchemyDataLayer):
    """Chainlit's SQL data layer; the role it reports for a user (`/user`) is the user store's current one."""

    async def get_user(self, identifier: str) -> PersistedUser | None:
        user = await super().get_user(identifier)
        if user is not None:  # the stored copy holds the role of the last login, which may be outdated
            user.metadata = {**user.metadata, "role": await asyncio.to_thread(current_role, identifier)}
        return user

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        """A stored thread; none of the shared guest login: a visitor cannot reopen an earlier visitor's check
        by its address (e.g. from the lab computer's browser history)."""
        thread = await super().get_thread(thread_id)
        author = thread.get("userIdentifier") if thread else None
        if author and await asyncio.to_thread(current_role, str(author)) == "guest":
            return None
        return thread

    async def get_thread_author(self, thread_id: str) -> str:
        """The thread's login, or "" for an unknown id: Chainlit's layer raises ValueError there (a 500 on
        `GET /project/thread/{id}`), Chainlit's route check answers "" with its 404 „Thread not found“."""
        rows = await self.execute_sql('SELECT "userIdentifier" FROM threads WHERE "id" = :id', {"id": thread_id})
        return str(rows[0]["userIdentifier"] or "") if isinstance(rows, list) and rows else ""

    async def feedback_owner(self, for_id: str | None = None, feedback_id: str | None = None) -> str | None:
        """The login whose thread holds the answer a feedback is for: by the answer's step id, or by the id of
        a stored feedback; None when there is no such step or feedback."""
        if feedback_id is not None:
            query = (
                'SELECT t."userIdentifier" AS owner FROM feedbacks f JOIN steps s ON s."id" = f."forId" '
                'JOIN threads t ON t."id" = s."threadId" WHERE f."id" = :id'
            )
        else:
            query = 'SELECT t."userIdentifier" AS owner FROM steps s JOIN threads t ON t."id" = s."threadId" WHERE s."id" = :id'
        rows = await self.execute_sql(query, {"id": feedback_id if feedback_id is not None else for_id})
        return str(rows[0]["owner"]) if isinstance(rows, list) and rows and rows[0]["owner"] else None

    async def list_threads(self, pagination: Pagination, filters: ThreadFilter) -> PaginatedResponse[ThreadDict]:
        """The user's earlier threads; none for a guest: all visitors of the show-case lab share one guest
        login, so a list would show each visitor the previous visitors' readiness checks."""
        rows = await self.execute_sql('SELECT "identifier" FROM users WHERE "id" = :id', {"id": filters.userId})
        name = rows[0]["identifier"] if isinstance(rows, list) and rows else None
        if name is None or await asyncio.to_thread(current_role, str(name)) == "guest":
            return PaginatedResponse(pageInfo=PageInfo(hasNextPage=False, startCursor=None, endCursor=None), data=[])
        return await super().list_threads(pagination, filters)


def postgres_schema() -> list[str]:
    """The same tables for PostgreSQL: tags as text arrays, JSON as JSONB (Chainlit's own PostgreSQL schema)."""
    return [
        ddl.replace('"tags" TEXT', '"tags" TEXT[]')
        .replace('"metadata" TEXT', '"metadata" JSONB')
        .replace('"generation" TEXT', '"generation" JSONB')
        .replace('"props" TEXT', '"props" JSONB')
        for ddl in SCHEMA
    ]


def chat_db_url() -> str:
    """Async SQLAlchemy URL of the chat-history database (its tables created when missing)."""
    s = get_settings()
    if is_postgres(s.database_url):
        import psycopg

        with psycopg.connect(libpq_url(str(s.database_url)), autocommit=True) as conn:
            for ddl in postgres_schema():
                conn.execute(ddl)
        return "postgresql+asyncpg://" + libpq_url(str(s.database_url))[len("postgresql://") :]
    path = s.var_dir / "chat_history.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        for ddl in SCHEMA:
            conn.execute(ddl)
    return f"sqlite+aiosqlite:///{path}"


def make_data_layer() -> ChatDataLayer:
    """The data layer Chainlit uses to store and reopen threads."""
    return ChatDataLayer(conninfo=chat_db_url(), storage_provider=LocalStorageClient(get_settings().var_dir / "files"))
