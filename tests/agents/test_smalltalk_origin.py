"""„Woher kommen deine Zahlen?“ as a first message: an honest answer on where figures come from, for every role
(lead 7: the owner got the cash plan, a visitor the check's price)."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.supervisor.smalltalk import asks_data_origin


@pytest.mark.parametrize("role", ["owner", "employee", "guest"])
def test_where_the_figures_come_from_is_answered_plainly(role: str) -> None:
    g = build_graph(checkpointer=InMemorySaver())
    reply = run_turn(g, "woher kommen deine zahlen?", role=role, thread_id=f"origin-{role}")
    assert reply.tool == "smalltalk"
    assert "Ich rate nicht" in reply.text and "Modell" in reply.text


@pytest.mark.parametrize("text", ["Woher kommen eigentlich Ihre Daten?", "rätst du die?", "sind die zahlen erfunden?"])
def test_origin_questions_are_recognised(text: str) -> None:
    assert asks_data_origin(text)


@pytest.mark.parametrize("text", ["Woher kommt das Mehl?", "wann zahlen wir die Löhne?", "wie viele Brötchen morgen?"])
def test_other_questions_are_not_origin_questions(text: str) -> None:
    assert not asks_data_origin(text)
