"""„Was kostet mich das?“ after the tours: the owner gets the tours' running cost from the data; an employee asking
the cost after the (quantities-only) plan is refused by the name of the function asked about."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.operations import delivery_routes
from agents.operations.tour_cost_answer import asks_tour_cost, cost_decision
from tools.format_de import eur
from tools.settings import get_settings


def _stub(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    return AgentReply(text=f"({tool})", tools_called=[tool], data={"text": slots.text})


@pytest.mark.parametrize("text", ["was kostet mich das?", "Was kostet uns das?", "und wie teuer ist das?", "Kosten?"])
def test_cost_questions_are_read(text: str) -> None:
    assert asks_tour_cost(text)


@pytest.mark.parametrize("text", ["Touren für morgen", "wer fährt das aus?", "als PDF"])
def test_other_questions_are_no_cost_question(text: str) -> None:
    assert not asks_tour_cost(text)


def test_the_owner_cost_question_after_the_tours_goes_to_the_tours() -> None:
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    run_turn(g, "Touren für morgen", role="owner", thread_id="c1")
    second = run_turn(g, "was kostet mich das?", role="owner", thread_id="c1")
    assert second.tool == "delivery_routes" and second.data["text"] == "was kostet mich das?"


def test_an_employee_asking_the_plan_cost_is_refused_by_the_plan_not_the_price_tool() -> None:
    g = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    run_turn(g, "Backplan für morgen", role="employee", thread_id="c2")
    second = run_turn(g, "was kostet uns das?", role="employee", thread_id="c2")
    assert "Produktionsplan" in second.text and "Preisänderung" not in second.text
    assert "nicht zur Verfügung" in second.text


def test_the_tour_answer_leads_with_its_cost_from_the_plan() -> None:
    day = date(2026, 11, 26)
    ctx = TurnContext(role="owner", view="full", thread_id="c3", today=get_settings().today())
    reply = delivery_routes.run(Slots(text="was kostet mich das?", dates=DateRange(start=day, end=day, label="")), ctx)
    cost: dict[str, Any] = reply.data["cost"]
    first = reply.text.split("\n", 1)[0]
    assert eur(cost["total_eur"]) in first and eur(cost["fuel_eur"]) in first and eur(cost["wage_eur"]) in first
    assert cost["km"] == pytest.approx(reply.data["total_km"])
    assert "Nicht enthalten" in reply.text


def test_without_a_driver_wage_the_answer_says_what_is_missing() -> None:
    text = cost_decision(None, 621.2)
    assert "621,2 km" in text and "kein Stundenlohn" in text and "€" not in text
