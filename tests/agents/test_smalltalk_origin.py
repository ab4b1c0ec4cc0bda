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


@pytest.mark.parametrize(
    "text", ["sind die zahlen von einem menschen oder von der ki?", "Rechnet das eine KI oder ein Mensch?"]
)
def test_person_or_ai_is_answered_as_an_ai_system(text: str) -> None:
    """EU AI Act Art. 50: asked whether a person or a machine answers, the assistant says plainly it is an AI system
    (lead 9: the question was asked back with two unrelated functions)."""
    g = build_graph(checkpointer=InMemorySaver())
    reply = run_turn(g, text, role="owner", thread_id="human-or-ai")
    assert reply.tool == "smalltalk"
    assert "KI-System, kein Mensch" in reply.text and "Modell" in reply.text


@pytest.mark.parametrize("text", ["Können unsere Mitarbeiter die KI nutzen?", "kann jemand bei uns KI einführen?"])
def test_questions_about_using_ai_are_not_person_or_ai_questions(text: str) -> None:
    assert not asks_data_origin(text)
