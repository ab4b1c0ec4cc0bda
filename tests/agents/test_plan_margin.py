"""„Warum so viele?“ right after a production plan says first why the plan bakes more than the forecast expects
(trial 25: 15 Stollen planned for 9 expected, and the answer only listed the demand drivers)."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from tools.format_de import integer


def test_why_so_many_after_a_plan_gives_the_plans_margin_then_the_drivers() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    plan = run_turn(g, "Wie viele Christstollen backen wir am Samstag in Salzwedel?", role="owner", thread_id="pm1")
    assert plan.tool == "production_plan" and len(plan.data["items"]) == 1
    item = plan.data["items"][0]
    why = run_turn(g, "warum so viele?", role="owner", thread_id="pm1")
    assert why.tool == "demand_drivers"
    first = why.text.split("\n", 1)[0]
    assert first.startswith(f"Der Plan sieht {integer(item['quantity'])} Stück")
    assert f"erwartet sind {integer(item['forecast'])}" in first and "Rohertrag" in first
    assert "Zur Nachfrage selbst:" in first
    later = run_turn(g, "und in Stendal Bahnhof?", role="owner", thread_id="pm1")  # the flag is not carried on
    assert not later.text.startswith("Der Plan sieht")


def test_why_so_many_after_a_forecast_is_the_drivers_alone() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    run_turn(g, "Wie viele Christstollen verkaufen wir am Samstag in Salzwedel?", role="owner", thread_id="pm2")
    why = run_turn(g, "warum so viele?", role="owner", thread_id="pm2")
    assert why.tool == "demand_drivers" and not why.text.startswith("Der Plan sieht")
