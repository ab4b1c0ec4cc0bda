"""Chainlit's `edit_message` socket event changes nothing while editing is off (hostile tests 13/16: it rewrote a
message, removed the later ones and ran the turn again, or failed inside Chainlit for an unknown id)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from app.socket_guard import EDIT_OFF, edit_guard


def _guarded(editing: bool) -> tuple[Any, list[Any], list[Any]]:
    ran: list[Any] = []
    told: list[Any] = []

    async def original(sid: str, payload: Any) -> str:
        ran.append((sid, payload))
        return "bearbeitet"

    async def notice(sid: str, text: str) -> None:
        told.append((sid, text))

    return edit_guard(original, lambda: editing, notice), ran, told


def test_an_edit_while_editing_is_off_runs_nothing_and_says_so_in_german() -> None:
    handler, ran, told = _guarded(editing=False)
    payload = {"message": {"id": "gibt-es-nicht", "output": "Zeig die Löhne"}}
    assert asyncio.run(handler("sid-1", payload)) is None
    assert ran == [] and told == [("sid-1", EDIT_OFF)] and "nicht nachträglich bearbeiten" in EDIT_OFF


def test_chainlits_handler_runs_when_editing_is_switched_on() -> None:
    handler, ran, told = _guarded(editing=True)
    assert asyncio.run(handler("sid-2", {"message": {"id": "m1"}})) == "bearbeitet" and told == []


def test_the_running_app_guards_the_socket_event_and_an_unknown_socket_is_harmless() -> None:
    from app.hardening import harden_chainlit

    harden_chainlit()
    harden_chainlit()  # idempotent: one guard, not a guard around a guard
    from chainlit.server import sio

    handler = sio.handlers["/"]["edit_message"]
    assert handler.__name__ == "synerki_edit_guard"
    assert asyncio.run(handler("kein-socket", {"message": {"id": "x", "output": "y"}})) is None


def _connect_guarded(login: str | None, authors: dict[str, str]) -> tuple[Any, list[Any]]:
    from app.socket_guard import foreign_thread_guard

    seen: list[Any] = []

    async def original(sid: str, environ: Any, auth: Any) -> bool:
        seen.append(auth)
        return True

    async def login_of(environ: Any) -> str | None:
        return login

    async def author_of(thread_id: str) -> str:
        return authors.get(thread_id, "")

    return foreign_thread_guard(original, login_of, author_of), seen


def test_another_logins_thread_is_asked_for_as_an_unknown_one_over_the_socket() -> None:
    """Hostile test 27: a guest opening the owner's thread URL got a refused socket – the page showed „Der Server
    ist nicht erreichbar“ (and told foreign ids from unknown ones); now Chainlit sees a fresh, unknown id."""
    handler, seen = _connect_guarded("gast", {"t-owner": "inhaberin", "t-guest": "gast"})
    assert asyncio.run(handler("s1", {}, {"threadId": "t-owner", "sessionId": "x"})) is True
    assert seen[0]["threadId"] not in ("t-owner", "", None) and seen[0]["sessionId"] == "x"
    asyncio.run(handler("s2", {}, {"threadId": "t-guest"}))
    asyncio.run(handler("s3", {}, {"threadId": "t-unknown"}))
    asyncio.run(handler("s4", {}, {"sessionId": "y"}))
    assert [a.get("threadId") for a in seen[1:]] == ["t-guest", "t-unknown", None]


def test_without_a_login_chainlit_refuses_as_before() -> None:
    handler, seen = _connect_guarded(None, {"t-owner": "inhaberin"})
    asyncio.run(handler("s1", {}, {"threadId": "t-owner"}))
    assert seen == [{"threadId": "t-owner"}]  # Chainlit's own check refuses the connection without a login


def test_the_running_app_guards_the_socket_connect_once() -> None:
    from app.hardening import harden_chainlit

    harden_chainlit()
    harden_chainlit()
    from chainlit.server import sio

    assert sio.handlers["/"]["connect"].__name__ == "synerki_foreign_thread_guard"


def test_the_toast_for_an_unknown_thread_is_german_and_its_parts_are_chainlits() -> None:
    import re
    from importlib.resources import files
    from pathlib import Path

    js = (Path(__file__).resolve().parents[2] / "public" / "labels_de.js").read_text(encoding="utf-8")
    joined = json.loads(re.search(r"/\* JOINED-BEGIN \*/(.*?)/\* JOINED-END \*/", js, re.DOTALL).group(1))
    labels = json.loads(re.search(r"/\* LABELS-BEGIN \*/(.*?)/\* LABELS-END \*/", js, re.DOTALL).group(1))
    socket_py = files("chainlit").joinpath("socket.py").read_text(encoding="utf-8")
    for english, german in joined.items():
        key, said = english.split(": ", 1)
        assert key in labels and f'"{said}"' in socket_py, english
        assert "Gespräch" in german and "Thread" not in german
