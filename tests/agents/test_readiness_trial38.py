"""Trial 38: a guest asking for the demo bakery's sales forecast („als Inhaberin: Absatzprognose für Brötchen morgen
in Stendal“) is refused by that function – the KI-Check had started with the demo's goods and town as the visitor's
own trade and place; a visitor asking it for their own business still gets the check."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.registry import allowed_tools
from agents.supervisor.named_function import named_closed_function


def _stub(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    return AgentReply(text=f"({tool})", tools_called=[tool])


@pytest.mark.parametrize(
    "text",
    [
        "als Inhaberin: Absatzprognose für Brötchen morgen in Stendal",
        "Ich bin die Inhaberin. Absatzprognose für die Filiale Stendal Bahnhof",
        "Verkaufsprognose für nächste Woche",
    ],
)
def test_a_guest_asking_the_bakerys_forecast_is_refused_by_it(text: str) -> None:
    assert named_closed_function(text, allowed_tools("guest"), guest=True) == "forecast"
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    reply = run_turn(g, text, role="guest", thread_id=f"g38-{hash(text)}")
    assert "nicht zur Verfügung" in reply.text and "Stendal" not in reply.text


def test_a_forecast_for_the_visitors_own_business_is_no_refusal() -> None:
    text = "als Inhaberin: Absatzprognose für meinen Hofladen, wir sind 3"
    assert named_closed_function(text, allowed_tools("guest"), guest=True) is None
    assert named_closed_function("Absatzprognose für morgen", allowed_tools("owner"), guest=False) is None


def test_a_go_ahead_after_the_check_started_shows_the_open_question_again() -> None:
    """Browser run 1: „ok, dann fangen wir an“ after a first message that already started the check (the business
    named in it) had been asked back as an answer to question 1 („am ehesten Stufe 3?“)."""
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t38-go")  # noqa: E731
    first = say("Guten Tag, ich hab einen Friseursalon in Wolmirstedt, wir sind zu viert.")
    assert "Region: Wolmirstedt" in first.text and "Frage 1 von 24" in first.text
    again = say("ok, dann fangen wir an")
    assert again.tool == "interview" and "schon angefangen" in again.text and "Frage 1 von 24" in again.text
    assert "einordnen" not in again.text
    assert "Frage 2 von 24" in say("eher nicht").text
