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


def test_a_guest_asking_the_demo_firms_purchase_is_refused_not_told_the_checks_price() -> None:
    """Lead's held-out set 8: „… für Korn und Kruste … für 40000 Euro?“ got the KI-Check's price FAQ (the firm's
    name lowered the router's confidence below the refusal's bar, and „Euro“ is a word of that FAQ)."""
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    reply = run_turn(g, "lohnt sich für korn und kruste ein neuer ofen für 40000 euro?", role="guest", thread_id="g8")
    assert "(Investitionsrechnung)" in reply.text and "Der Check kostet nichts" not in reply.text


@pytest.mark.parametrize(
    ("text", "station"),
    [
        ("zeigen sie mir mal was mit einer absatzprognose", "Station 1 „Absatzprognose“"),
        ("wie hoch ist der kontostand von korn & kruste?", "„Budget und Liquidität“"),
    ],
)
def test_a_guests_refusal_points_to_the_tour_station_that_shows_the_function(text: str, station: str) -> None:
    """The show-case tour demonstrates these functions on made-up data: the refusal says where."""
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    reply = run_turn(g, text, role="guest", thread_id=f"t-{hash(text)}")
    assert "nicht zur Verfügung" in reply.text and station in reply.text and "Rundgang starten" in reply.text


def test_a_refusal_without_a_tour_station_offers_no_tour() -> None:
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    reply = run_turn(g, "was würde eine preiserhöhung bei korn und kruste bringen?", role="guest", thread_id="p8")
    assert "(Preisänderung)" in reply.text and "Rundgang" not in reply.text
