"""The user hears what is computed before a slow tool runs, and when it is done – even when it fails."""

from __future__ import annotations

from datetime import date

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.progress import done_text, progress_text, step_title


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


def test_step_titles_name_what_the_owner_asked_not_the_engine() -> None:
    """Trial 30: the sales what-if runs in the investment tool but reads as a what-if; a past period's returns
    read as a look back at returns; plural headings take „werden“."""
    today = date(2026, 11, 25)
    january = DateRange(start=date(2027, 1, 1), end=date(2027, 1, 31), label="im Januar 2027")
    what_if = Slots(text="Was, wenn der Januar 20 % schwächer wird?", percent=-20, dates=january)
    text = progress_text("investment", what_if, today)
    assert step_title("investment", text) == "Was-wäre-wenn: Umsatz und Kontostand"
    assert "Investitionsrechnung" not in text
    oven = Slots(text="Lohnt sich ein neuer Ofen für 48.000 €?", amounts_eur=[48000.0])
    assert step_title("investment", progress_text("investment", oven, today)) == "Investitionsrechnung"
    last_week = DateRange(start=date(2026, 11, 16), end=date(2026, 11, 22), label="letzte Woche")
    returns = Slots(text="Wie viele Retouren hatten wir letzte Woche?", dates=last_week)
    assert step_title("production_plan", progress_text("production_plan", returns, today)) == "Retouren-Rückblick"
    plan = Slots(
        text="Backplan für morgen", dates=DateRange(start=date(2026, 11, 26), end=date(2026, 11, 26), label="morgen")
    )
    assert step_title("production_plan", progress_text("production_plan", plan, today)) == "Produktionsplan"
    stock = progress_text("production_plan", Slots(text="Wann machen wir die Inventur?"), today)
    assert step_title("production_plan", stock) == "Inventur: ruhige Tage und Bestand"
    assert progress_text("delivery_routes", Slots(text="Touren"), today) == "Lieferrouten werden berechnet …"
    why = progress_text("demand_drivers", Slots(text="warum so viel?"), today)
    assert why == "Gründe für die Absatzzahlen werden berechnet …" and done_text(why) == "Gründe für die Absatzzahlen"
