"""Feedback only on answers in one's own threads (hostile test 13: Chainlit's PUT/DELETE /feedback took any step
or feedback id from any logged-in user)."""

from __future__ import annotations

import uuid

import pytest
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from app.chat_store import make_data_layer
from app.feedback_guard import check_feedback


async def _thread_with_answer(layer, name: str) -> str:  # type: ignore[no-untyped-def]
    from chainlit.user import User

    from app.users import add_user

    add_user(name, "owner" if "chefin" in name else "employee", "ein-passwort-123")
    user = await layer.create_user(User(identifier=name, metadata={}))
    thread_id, step_id = str(uuid.uuid4()), str(uuid.uuid4())
    await layer.update_thread(thread_id, name="Liquidität", user_id=user.id)
    await layer.execute_sql(
        'INSERT INTO steps ("id", "name", "type", "threadId", "output") VALUES (:id, :n, :t, :th, :o)',
        {"id": step_id, "n": "synerKI", "t": "assistant_message", "th": thread_id, "o": "Kontostand 12.000 €"},
    )
    return step_id


async def test_only_the_threads_owner_rates_its_answers(fresh_var) -> None:
    layer = make_data_layer()
    chefin, team = f"chefin-{uuid.uuid4().hex[:6]}", f"team-{uuid.uuid4().hex[:6]}"
    her_answer = await _thread_with_answer(layer, chefin)
    await check_feedback(layer, chefin, for_id=her_answer)  # her own answer: allowed
    with pytest.raises(HTTPException) as refused:
        await check_feedback(layer, team, for_id=her_answer)  # a thumb or comment into her thread
    assert refused.value.status_code == 404
    from chainlit.types import Feedback

    feedback_id = await layer.upsert_feedback(Feedback(forId=her_answer, value=1, comment="gut"))
    for attempt in ({"feedback_id": feedback_id}, {"for_id": her_answer, "feedback_id": feedback_id}):
        with pytest.raises(HTTPException):
            await check_feedback(layer, team, **attempt)  # deleting or overwriting her feedback by its id
    await check_feedback(layer, chefin, feedback_id=feedback_id)
    with pytest.raises(HTTPException):
        await check_feedback(layer, chefin, feedback_id=str(uuid.uuid4()))  # deleting an unknown feedback
    await layer.engine.dispose()


def _client(owner_of: dict[str, str], user: str | None):  # type: ignore[no-untyped-def]
    from starlette.applications import Starlette
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from app.feedback_guard import FeedbackGuard

    stored: list[str] = []

    async def feedback(request):  # type: ignore[no-untyped-def]
        stored.append(request.method)
        return JSONResponse({"success": True})

    class Layer:
        async def feedback_owner(self, for_id=None, feedback_id=None):  # type: ignore[no-untyped-def]
            return owner_of.get(for_id or feedback_id or "")

    async def user_of(request):  # type: ignore[no-untyped-def]
        return user

    app = Starlette(routes=[Route("/feedback", feedback, methods=["PUT", "DELETE"])])
    app.add_middleware(FeedbackGuard, user_of=user_of, layer=Layer)
    return TestClient(app), stored


def test_the_guard_stops_foreign_feedback_before_chainlit_stores_it() -> None:
    owners = {"step-chefin": "inhaberin", "fb-chefin": "inhaberin", "step-team": "mitarbeiter"}
    client, stored = _client(owners, "mitarbeiter")
    foreign = client.put("/feedback", json={"feedback": {"forId": "step-chefin", "value": 0}, "sessionId": "s"})
    deleted = client.request("DELETE", "/feedback", json={"feedbackId": "fb-chefin"})
    assert foreign.status_code == deleted.status_code == 404 and stored == []
    own = client.put("/feedback", json={"feedback": {"forId": "step-team", "value": 1}, "sessionId": "s"})
    assert own.status_code == 200 and stored == ["PUT"]


def test_the_app_checks_feedback_before_chainlit() -> None:
    from app.feedback_guard import FeedbackGuard
    from app.hardening import harden_chainlit

    harden_chainlit()
    from chainlit.server import app

    assert any(m.cls is FeedbackGuard for m in app.user_middleware)
