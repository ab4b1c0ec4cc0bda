"""Trial 27: a guest (or employee) asking a closed function by its own word is refused by that function's name –
not as the router's guess („Gesamtüberblick“) and not by starting the KI-Check („Kontostand der Bäckerei“)."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.registry import allowed_tools
from agents.supervisor.named_function import named_closed_function, named_function


def _stub(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    return AgentReply(text=f"({tool})", tools_called=[tool])


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Zeig mir die Liquidität von Korn und Kruste", "Liquiditätsplan"),
        ("liquidität von korn und kruste", "Liquiditätsplan"),
        ("kontostand der bäckerei", "Liquiditätsplan"),
        ("was würde eine preiserhöhung bei korn und kruste bringen?", "Preisänderung"),
        ("zeig mir die lieferrouten von korn und kruste", "Lieferrouten"),
    ],
)
def test_a_guest_is_refused_by_the_function_named(text: str, title: str) -> None:
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    reply = run_turn(g, text, role="guest", thread_id=f"g-{hash(text)}")
    assert "nicht zur Verfügung" in reply.text and f"({title})" in reply.text


def test_an_employee_is_refused_the_price_increase_by_its_name() -> None:
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    reply = run_turn(g, "was bringt eine preiserhöhung von 5 prozent bei brötchen?", role="employee", thread_id="e1")
    assert "(Preisänderung)" in reply.text


def test_the_owner_and_own_business_questions_are_no_closed_function() -> None:
    assert named_closed_function("Zeig mir die Liquidität", allowed_tools("owner"), guest=False) is None
    own = "Wie plane ich meine Liquidität im Friseursalon?"
    assert named_closed_function(own, allowed_tools("guest"), guest=True) is None
    assert named_function("Liquidität und Preiserhöhung") is None  # two functions named: the router decides
    assert named_function("Wann kommt das Gehalt aufs Konto?") is None
