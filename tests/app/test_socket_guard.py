"""Chainlit's `edit_message` socket event changes nothing while editing is off (hostile tests 13/16: it rewrote a
message, removed the later ones and ran the turn again, or failed inside Chainlit for an unknown id)."""

from __future__ import annotations

import asyncio
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
