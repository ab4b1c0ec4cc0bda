"""„Wie viel Zeit spare ich bei der Planung?“ is answered from the data and the owner's own minutes (leitung10:
the owner got the handbook's „Dazu steht in unseren Unterlagen nichts“)."""

from __future__ import annotations

import re

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.operations.planning_time import asks_planning_time


def test_time_saved_in_planning_is_told_apart_from_returns_saved_and_staff_hours() -> None:
    assert asks_planning_time("wie viel zeit spare ich bei der planung?")
    assert asks_planning_time("Backplan 45 Minuten am Tag, was spare ich an Zeit?")
    assert asks_planning_time("bringt mir der Plan eine Zeitersparnis?")
    assert not asks_planning_time("Was hätten wir im Oktober mit dem Plan gespart?")  # returns and profit
    assert not asks_planning_time("Können wir im Januar Stunden sparen laut Dienstplan?")  # staff hours
    assert not asks_planning_time("Wo verlieren wir Zeit?")  # the process map's question


def test_the_owner_is_asked_for_her_minutes_and_gets_them_counted_on_the_datas_selling_days() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    r = run_turn(g, "wie viel zeit spare ich bei der planung?", role="owner", thread_id="t-plan-time")
    assert r.tool == "production_plan" and "nicht in Ihren Verkaufsdaten" in r.text
    days = int(re.search(r"(\d+) Verkaufstage", r.text).group(1))  # type: ignore[union-attr]
    assert 300 <= days <= 366
    r = run_turn(g, "so 45 minuten am tag", role="owner", thread_id="t-plan-time")
    assert r.tool == "production_plan"
    hours = int(re.search(r"rund (\d+) Stunden im Jahr", r.text).group(1))  # type: ignore[union-attr]
    assert abs(hours - 0.75 * days) <= 2  # her minutes × the selling days, nothing assumed on top
    r = run_turn(g, "so 45 minuten am tag", role="owner", thread_id="t-plan-time")
    assert "Stunden im Jahr in dieser Planung" not in r.text  # only right after the question
