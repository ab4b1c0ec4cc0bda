"""Asking back: "Meinen Sie A oder B?" remembered per thread, and "Ja" / "das zweite" runs the offered tool."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.supervisor.clarify import forget, remember, resolve

TITLES = {"onboarding_qa": "Fragen zum Mitarbeiterhandbuch", "production_plan": "Produktionsplan"}.__getitem__


class UnsureRouter:
    """Unsure about every message: handbook or production plan."""

    def route(self, text: str) -> RouteDecision:
        return RouteDecision(
            agent="hr",
            tool="onboarding_qa",
            confidence=0.2,
            alternatives=[("production_plan", 0.18), ("forecast", 0.1)],
        )


@pytest.mark.parametrize(
    "reply, tool",
    [
        ("Ja", "onboarding_qa"),
        ("ja bitte", "onboarding_qa"),
        ("Genau.", "onboarding_qa"),
        ("das zweite", "production_plan"),
        ("Produktionsplan", "production_plan"),
        ("Handbuch", "onboarding_qa"),
    ],
)
def test_short_reply_picks_an_offered_tool(reply: str, tool: str) -> None:
    memory = remember({"other": 1}, "Wie viele Urlaubstage?", ["onboarding_qa", "production_plan"])
    chosen = resolve(memory, reply, TITLES)
    assert chosen is not None and chosen.options == [tool] and chosen.request == "Wie viele Urlaubstage?"
    assert forget(memory) == {"other": 1}


@pytest.mark.parametrize("reply", ["Nein", "Wie hoch ist der Nachtzuschlag in der Backstube eigentlich genau?", ""])
def test_other_messages_are_new_requests(reply: str) -> None:
    memory = remember({}, "Wie viele Urlaubstage?", ["onboarding_qa", "production_plan"])
    assert resolve(memory, reply, TITLES) is None
    assert resolve({}, "Ja", TITLES) is None


def test_yes_after_asking_back_runs_the_tool_on_the_original_question(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def run(tool, slots, ctx):
        seen.append((tool, slots.text))
        return AgentReply(text="Antwort", tools_called=[tool])

    runner = run
    g = build_graph(runner=runner, router=UnsureRouter(), checkpointer=InMemorySaver())
    # an owner is asked back (an employee's unsure handbook pick goes to the handbook: test_employee_default.py)
    first = run_turn(g, "Kriege ich als Azubi mehr Urlaub?", role="owner", thread_id="t")
    assert "Meinen Sie „Fragen zum Mitarbeiterhandbuch“" in first.text and seen == []
    second = run_turn(g, "Ja", role="owner", thread_id="t")
    assert seen == [("onboarding_qa", "Kriege ich als Azubi mehr Urlaub?")] and second.text == "Antwort"
    third = run_turn(g, "Ja", role="owner", thread_id="t")  # the question was answered: "Ja" is new again
    assert len(seen) == 1 and "nicht sicher" in third.text
