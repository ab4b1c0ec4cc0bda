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


async def test_the_shared_guest_login_lists_no_earlier_visitors_threads(fresh_var) -> None:
    """Hostile test 13: every show-case visitor logs in as the one guest; the side bar showed all earlier
    visitors' checks (company size, pains) to the next one."""
    from chainlit.types import Pagination, ThreadFilter
    from chainlit.user import User

    from app.users import add_user

    layer = make_data_layer()
    listed = {}
    for role in ("guest", "employee"):
        name = f"{role}-{uuid.uuid4().hex[:6]}"
        add_user(name, role, "ein-passwort-123")
        user = await layer.create_user(User(identifier=name, metadata={}))
        assert user is not None
        await layer.update_thread(str(uuid.uuid4()), name="KI-Check Gärtnerei", user_id=user.id)
        listed[role] = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=user.id))
    assert listed["guest"].data == [] and len(listed["employee"].data) == 1
    await layer.engine.dispose()


async def test_a_guest_thread_cannot_be_reopened_by_its_address(fresh_var) -> None:
    """The next visitor (same guest login) opening /thread/<id> of the previous one gets nothing back."""
    from chainlit.user import User

    from app.users import add_user

    layer = make_data_layer()
    opened = {}
    for role in ("guest", "owner"):
        name = f"{role}-{uuid.uuid4().hex[:6]}"
        add_user(name, role, "ein-passwort-123")
        user = await layer.create_user(User(identifier=name, metadata={}))
        assert user is not None
        thread_id = str(uuid.uuid4())
        await layer.update_thread(thread_id, name="KI-Check", user_id=user.id)
        opened[role] = await layer.get_thread(thread_id)
    assert opened["guest"] is None and opened["owner"] is not None
    await layer.engine.dispose()


async def test_stored_files_are_written_and_encoded_off_the_event_loop(tmp_path, monkeypatch) -> None:
    """Hostile test 13: a 100-MB upload was written and base64-encoded on the event loop, freezing every chat."""
    import asyncio

    from app import chat_store

    on_loop: list[bool] = []
    real_write_bytes = chat_store.Path.write_bytes
    real_read_bytes = chat_store.Path.read_bytes

    def _on_loop() -> bool:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return False
        return True

    def write_bytes(self, data):  # type: ignore[no-untyped-def]
        on_loop.append(_on_loop())
        return real_write_bytes(self, data)

    def read_bytes(self):  # type: ignore[no-untyped-def]
        on_loop.append(_on_loop())
        return real_read_bytes(self)

    monkeypatch.setattr(chat_store.Path, "write_bytes", write_bytes)
    monkeypatch.setattr(chat_store.Path, "read_bytes", read_bytes)
    store = LocalStorageClient(tmp_path)
    result = await store.upload_file("u/2/gross.zip", b"PK" * 1000, mime="application/zip")
    assert result["url"].startswith("data:application/zip;base64,")
    assert on_loop == [False, False]


async def test_files_above_the_upload_limit_are_not_kept_in_the_chat_history(tmp_path) -> None:
    """Hostile test 13: any login could send five 100-MB files per message; each was kept as a file and as a
    data URL in the chat database (a third larger), read again whenever the thread opens."""
    store = LocalStorageClient(tmp_path, max_bytes=1000)
    big = await store.upload_file("u/3/junk.exe", b"\x00" * 1001)
    assert big["url"] == "" and not any(tmp_path.rglob("junk.exe"))
    small = await store.upload_file("u/3/foto.png", b"\x89PNG" * 10, mime="image/png")
    assert small["url"].startswith("data:image/png;base64,")
