"""Chat history: the schema works with Chainlit's SQLAlchemy data layer on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid

from app.chat_store import LocalStorageClient, make_data_layer


# own var folder: the web app under test shares var/test and must not meet an open SQLite lock
async def test_thread_round_trip(database: str, fresh_var) -> None:
    from chainlit.types import Pagination, ThreadFilter
    from chainlit.user import User

    from app.users import add_user

    layer = make_data_layer()
    assert layer.engine.dialect.name == ("postgresql" if database.startswith("postgres") else "sqlite")
    name = f"u-{uuid.uuid4().hex[:6]}"
    add_user(name, "owner", "inhaberin-passwort-1")  # the reported role comes from the user store
    user = await layer.create_user(User(identifier=name, metadata={"role": "owner"}))
    assert user is not None and user.metadata == {"role": "owner"}
    thread_id = str(uuid.uuid4())
    await layer.update_thread(thread_id, name="Adventsplanung", user_id=user.id, metadata={"agent": "operations"})
    thread = await layer.get_thread(thread_id)
    assert thread is not None and thread["name"] == "Adventsplanung"
    meta = thread["metadata"]  # Chainlit hands JSON back as text on both backends
    assert (json.loads(meta) if isinstance(meta, str) else meta) == {"agent": "operations"}
    assert await layer.get_thread_author(thread_id) == user.identifier
    listed = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=user.id))
    assert [t["id"] for t in listed.data] == [thread_id]
    await layer.engine.dispose()


async def test_reported_role_is_the_stores_not_the_last_logins(fresh_var) -> None:
    from chainlit.user import User

    from app.access import ROLES
    from app.users import add_user, remove_user

    name = f"u-{uuid.uuid4().hex[:6]}"
    add_user(name, "guest", "gast-passwort-1")  # demoted after logging in as owner
    layer = make_data_layer()
    await layer.create_user(User(identifier=name, metadata={"role": "owner"}))
    user = await layer.get_user(name)
    assert user is not None and user.metadata["role"] == "guest"
    remove_user(name)
    ROLES.forget(name)
    user = await layer.get_user(name)
    assert user is not None and user.metadata["role"] is None
    await layer.engine.dispose()


async def test_local_storage_returns_data_url(tmp_path) -> None:
    store = LocalStorageClient(tmp_path)
    result = await store.upload_file("u/1/chart.png", b"\x89PNG", mime="image/png")
    assert result["url"].startswith("data:image/png;base64,")
    assert await store.delete_file("u/1/chart.png")
    assert await store.get_read_url("u/1/chart.png") == ""
