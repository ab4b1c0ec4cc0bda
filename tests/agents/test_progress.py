"""The user hears what is computed before a slow tool runs, and when it is done – even when it fails."""

from __future__ import annotations

from datetime import date

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.progress import progress_text, step_title


class FixedRouter:
    def __init__(self, tool: str, agent: str) -> None:
        self.decision = RouteDecision(agent=agent, tool=tool, confidence=0.99)

    def route(self, text: str) -> RouteDecision:
        return self.decision


def test_progress_text_names_product_branch_and_day() -> None:
    slots = Slots(
        text="…",
        products=["roggenbrot"],
        branches=["gardelegen"],
        dates=DateRange(start=date(2026, 11, 26), end=date(2026, 11, 26), label="morgen"),
    )
    assert (
        progress_text("forecast", slots)
        == "Absatzprognose für Roggenbrot in Gardelegen Holzmarkt (morgen) wird berechnet …"
    )
    assert progress_text("overview", Slots(text="Überblick")) == "Gesamtüberblick wird berechnet …"
    # days gone by: the forecast tool shows the actual figures, and the step says so
    assert progress_text("forecast", slots, today=date(2026, 11, 25)).startswith("Absatzprognose für")
    looking_back = progress_text("forecast", slots, today=date(2026, 11, 30))
    assert looking_back.startswith("Ist-Verkaufszahlen für")
    # the step's heading says the same, not „Absatzprognose“
    assert step_title("forecast", looking_back) == "Ist-Verkaufszahlen"
    assert step_title("forecast", progress_text("forecast", slots)) == "Absatzprognose"


def test_step_opens_before_the_tool_runs_and_closes_after_it_even_on_error() -> None:
    events: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        events.append("runs")
        raise RuntimeError("kaputt")

    g = build_graph(runner=runner, router=FixedRouter("liquidity", "finance"), checkpointer=InMemorySaver())
    result = run_turn(
        g,
        "Wie ist die Liquidität im Dezember?",
        role="owner",
        thread_id="p",
        on_progress=lambda tool, text: events.append(f"{tool}: {text}"),
    )
    assert events[0].startswith("liquidity: Liquiditätsplan (im Dezember") and events[0].endswith("wird berechnet …")
    assert events[1:] == ["runs", "liquidity: None"]
    assert "Fehler" in result.text or "ID" in result.text


def test_instant_answers_open_no_step() -> None:
    events: list[str] = []
    g = build_graph(
        runner=lambda tool, slots, ctx: AgentReply(text="Hallo!", tools_called=[tool]),
        router=FixedRouter("smalltalk", "supervisor"),
        checkpointer=InMemorySaver(),
    )
    run_turn(g, "Hallo", role="owner", thread_id="q", on_progress=lambda tool, text: events.append(tool))
    assert events == []


def test_a_refused_look_back_is_named_as_actual_sales_not_as_a_forecast() -> None:
    g = build_graph(router=FixedRouter("forecast", "sales"), checkpointer=InMemorySaver())
    result = run_turn(g, "Wie viel Umsatz hatten wir letzte Woche?", role="employee", thread_id="r")
    assert "(Ist-Verkaufszahlen)" in result.text and "Absatzprognose" not in result.text
