"""A small money remark about the till or the budget never starts the production plan (trial 24)."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.supervisor.money_remark import money_remark, money_remark_tool


def test_money_with_the_till_or_the_budget_is_a_money_remark() -> None:
    assert money_remark("Wir haben letzte Woche 7 Euro zu viel in der Kasse gehabt") == "till"
    assert money_remark("beim kassenabschluss 12 € zu wenig") == "till"
    assert money_remark("im budget sind noch 300 euro übrig") == "budget"
    assert money_remark("wir hatten letzte Woche 40 Brötchen zu viel") is None  # goods: the plan's
    assert money_remark("7 Euro zu viel bezahlt für Mehl") is None  # neither till nor budget
    assert money_remark_tool("production_plan", "7 Euro zu viel in der Kasse") == "onboarding_qa"
    assert money_remark_tool("forecast", "wie viel Euro kommen morgen in die Kasse?") is None  # revenue: stays


def _stub(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    return AgentReply(text=f"({tool})", tools_called=[tool])


@pytest.mark.parametrize("role", ["owner", "employee"])
def test_a_till_remark_goes_to_the_till_rules_not_the_plan(role: str) -> None:
    graph = build_graph(checkpointer=InMemorySaver(), runner=_stub)
    said = run_turn(graph, "Wir haben letzte Woche 7 Euro zu viel in der Kasse gehabt.", role=role, thread_id=role)
    assert said.tool == "onboarding_qa"
    goods = run_turn(
        graph, "Wir hatten letzte Woche 40 Brötchen zu viel, wie viele morgen?", role="owner", thread_id="g"
    )
    assert goods.tool in {"production_plan", "forecast"}
