"""The process-map dialogue through the real supervisor graph: answers stay in it, detours are answered and not
stored, the state survives per thread, the finished map comes with a table, a picture and the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.readiness import strategy
from tools.readiness.store import load_process_map


class KeywordRouter:
    """'Zeit' → process_map, 'check' → interview, 'Liquidität'/'Buchhaltung' → finance tools, else smalltalk."""

    def route(self, text: str) -> RouteDecision:
        t = text.lower()
        if ("zeit" in t and "wie lange" not in t) or "prozess" in t:
            return RouteDecision(agent="readiness", tool="process_map", confidence=0.95)
        if "check" in t:
            return RouteDecision(agent="readiness", tool="interview", confidence=0.95)
        if "liquidität" in t:
            return RouteDecision(agent="finance", tool="liquidity", confidence=0.95)
        if "buchhaltung" in t or "datev" in t:  # a process answer the router places with a finance tool
            return RouteDecision(agent="finance", tool="budget_forecast", confidence=0.95)
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)


def test_short_dialogue_with_a_detour_question_that_is_not_stored(fresh_var: Path) -> None:
    saver = InMemorySaver()
    g = build_graph(router=KeywordRouter(), checkpointer=saver)
    say = lambda text: run_turn(g, text, role="owner", thread_id="pm-graph")  # noqa: E731  (short test helper)
    r = say("Wo verlieren wir Zeit?")
    assert r.tool == "process_map" and "Branche" in r.text  # no interview in this thread: the trade first
    r = say("Bäckerei")
    assert r.tool == "process_map" and "Produktion & Backplanung" in r.text and r.data["current"] == "produktion"
    r = say("Was bringt mir das?")
    assert r.tool == "process_map" and r.data["event"] == "info" and "Digitalisierung" in r.text
    assert r.data["current"] == "produktion" and r.data["answered"] == 0  # the detour was not stored
    r = say("so 10 Stunden, dauernd Fehler beim Abtippen, alles in Excel")
    assert "Notiert" in r.text and r.data["current"] == "verkauf"
    # a reconnect: a new graph on the same checkpointer continues the thread
    g = build_graph(router=KeywordRouter(), checkpointer=saver)
    r = say("60 Stunden, Stress am Samstag, Kasse")
    assert r.tool == "process_map" and r.data["current"] == "retouren" and r.data["answered"] == 2
    r = say("fertig")
    assert "Ziele" in r.text
    r = say("Retouren senken, Personal entlasten und weniger Papierkram")
    assert r.tool == "process_map" and r.data["event"] == "done"
    assert r.artifacts and r.artifacts[0].kind == "image" and r.artifacts[0].path.exists()
    assert "| Ablauf | Gruppe |" in r.text and "angenommen" in r.text and "Verkauf in den Filialen" in r.text
    assert "KI-Check starten" in r.text  # no interview yet: the check comes next
    stored = load_process_map("pm-graph")
    assert stored is not None and stored.goals[0] == "Retouren senken" and not stored.goals_assumed
    assert [p.hours_per_week for p in stored.processes if not p.assumed] == [10.0, 60.0]
    assert [p.id for p in stored.bottlenecks()][0] == "verkauf"
    r = say("Hallo")
    assert r.tool == "smalltalk"  # the dialogue is over: normal routing again
    r = say("Wo verlieren wir Zeit?")
    assert r.data["event"] == "shown" and r.artifacts  # the stored map again
    r = say("Prozesslandkarte neu")
    assert r.data["event"] == "question" and r.data["current"] == "produktion"  # the trade is remembered


def test_a_process_answer_stays_even_when_the_router_points_elsewhere(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-stay")  # noqa: E731  (short test helper)
    say("Wo verlieren wir Zeit?")
    say("Handwerk")
    r = say("Buchhaltung macht der Steuerberater mit DATEV, so 3 Stunden")
    assert r.tool == "process_map" and "Notiert" in r.text


def test_another_question_pauses_the_dialogue_and_weiter_resumes_it(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="owner", thread_id="pm-pause")  # noqa: E731  (short test helper)
    say("Wo verlieren wir Zeit?")
    say("Kfz-Werkstatt")
    r = say("Wie ist unsere Liquidität im Januar?")
    assert r.tool == "liquidity"
    r = say("weiter")
    assert r.tool == "process_map" and r.data["event"] == "resumed" and r.data["current"] == "terminannahme"


def test_the_trade_comes_from_the_interview_and_employees_may_not_use_it(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-trade")  # noqa: E731  (short test helper)
    say("KI-Check starten")
    say("Wir sind ein Pflegedienst")
    r = say("Wo verlieren wir Zeit?")  # leaves the interview (paused) for the process map
    assert r.tool == "process_map" and "Pflege & Versorgung" in r.text and "Ablauf 1 von" in r.text
    refused = run_turn(g, "Wo verlieren wir Zeit?", role="employee", thread_id="pm-emp")
    assert refused.tool == "process_map" and refused.data.get("refused") == "process_map"


def test_goals_stay_in_the_dialogue_even_when_the_router_points_elsewhere(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="owner", thread_id="pm-goals")  # noqa: E731  (short test helper)
    for text in ("Wo verlieren wir Zeit?", "Handwerk", "fertig"):
        say(text)
    r = say("Buchhaltung vereinfachen, mehr Aufträge")
    assert r.tool == "process_map" and r.data["event"] == "done"
    assert r.data["process_map"]["goals"] == ["Buchhaltung vereinfachen", "Mehr Aufträge"]


def test_weiter_inside_the_process_map_does_not_resume_the_paused_interview(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-both")  # noqa: E731  (short test helper)
    say("KI-Check starten")
    say("Bäckerei")
    assert say("Wo verlieren wir Zeit?").tool == "process_map"  # the interview waits (paused)
    r = say("weiter")
    assert r.tool == "process_map" and r.data["current"] == "produktion"
    for text in ("fertig", "weiß nicht"):
        r = say(text)
    assert r.data["event"] == "done"
    # browser trial: the finished map offered "KI-Check starten" although the check waited at its question
    assert "„weiter“" in r.text and "KI-Check starten" not in r.text
    r = say("weiter")  # now the paused interview goes on
    assert r.tool == "interview" and r.data["event"] == "resumed"


def test_the_map_started_inside_the_check_says_the_check_is_paused(fresh_var: Path) -> None:
    """Browser trial: the map began from inside the check without a word about the waiting check."""
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="owner", thread_id="pm-paused")  # noqa: E731  (short test helper)
    say("KI-Check starten")
    say("Bäckerei")
    r = say("Wo verlieren wir Zeit?")
    assert r.tool == "process_map" and "Check ist pausiert" in r.text and "„weiter“" in r.text
    assert "Produktion & Backplanung" in r.text  # the map itself starts in the same answer
    alone = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    assert "pausiert" not in run_turn(alone, "Wo verlieren wir Zeit?", role="owner", thread_id="pm-alone").text


def test_the_opening_message_names_the_trade_and_the_map_answers_the_strategy_before_the_check(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-t14")  # noqa: E731  (short test helper)
    r = say("Wir sind eine Kfz-Werkstatt mit 8 Leuten. Wo verlieren wir Zeit?")
    assert r.tool == "process_map" and "Branche: " in r.text and r.data["current"] == "terminannahme"
    say("Terminannahme 10 Stunden, ständig Rückrufe")
    say("fertig")
    r = say("weiß nicht")
    assert r.data["event"] == "done"
    ctx = TurnContext(role="guest", thread_id="pm-t14", today=date(2026, 11, 25))  # the stored map, no check
    reply = strategy.run(Slots(text="Strategie erstellen"), ctx)
    assert reply.data["status"] == "map_only" and "KI-Anwendungsfälle" in reply.text
    assert "Terminannahme" in reply.text and "KI-Check starten" in reply.text


def test_the_finished_map_can_be_downloaded_as_a_table(fresh_var: Path) -> None:
    from openpyxl import load_workbook

    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-file")  # noqa: E731  (short test helper)
    say("Wo verlieren wir Zeit?")
    say("Kfz-Werkstatt")
    say("Terminannahme 10 Stunden, ständig Rückrufe")
    say("fertig")
    assert say("weiß nicht").data["event"] == "done"
    r = say("Kann ich das als Excel herunterladen?")
    files = [a for a in r.artifacts if a.kind == "file"]
    assert files and files[0].name.endswith(".xlsx")
    rows = list(load_workbook(files[0].path).active.iter_rows(values_only=True))
    assert any(row[0] == "Terminannahme & Dialogannahme" and 10 in row for row in rows)


def test_a_cost_question_before_the_check_says_no_prices_are_kept_and_names_the_effort(fresh_var: Path) -> None:
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-cost")  # noqa: E731  (short test helper)
    say("Wo verlieren wir Zeit?")
    say("Landwirtschaft")
    say("fertig")
    say("weiß nicht")
    ctx = TurnContext(role="guest", thread_id="pm-cost", today=date(2026, 11, 25))
    reply = strategy.run(Slots(text="Was kostet so eine KI?"), ctx)
    assert reply.text.startswith("Was KI kostet") and "Aufwand " in reply.text
    assert not strategy.run(Slots(text="Was sollen wir zuerst machen?"), ctx).text.startswith("Was KI kostet")


def test_the_firms_own_biggest_process_is_named_in_the_summary_even_without_a_pain() -> None:
    from agents.readiness.process_map import summary
    from tools.readiness.process_dialogue import advance, result_map, start

    turn = start("handel")
    for text in ("Sträuße binden wir, so 15 Stunden die Woche", "fertig", "weiß nicht"):
        turn = advance(turn.state, text)
    text = summary(result_map(turn.state))
    assert "Ihr zeitintensivster Ablauf nach Ihren Angaben: Verkauf & Beratung (15 Std./Woche)" in text


def test_where_to_start_after_the_finished_map_names_the_first_step(fresh_var: Path) -> None:
    """Trial 14 #24 / 16: „Womit fangen wir am besten an?“ after the map was asked back instead of answered."""
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="pm-first")  # noqa: E731  (short test helper)
    r = say("Wir sind eine Physiotherapie-Praxis mit 6 Leuten, wo verlieren wir Zeit?")
    assert "Terminvergabe" in r.text and "Pflege & Versorgung" not in r.text
    say("Termine machen wir jeden Tag so 2 Stunden am Telefon, das nervt")
    say("fertig")
    assert say("weniger Telefon").data["event"] == "done"
    r = say("Womit fangen wir am besten an?")
    assert r.tool == "strategy" and r.text.startswith("Am besten fangen Sie mit „")
    assert "Termin" in r.text.split("\n")[0]
    assert say("Kann ich das herunterladen?").tool == "process_map"  # a download stays the map's own
    r = say("KI-Check starten")  # the map's trade is not asked again
    assert "Branche: Praxis/Therapie" in r.text and "Beschäftigte" in r.text


def test_the_maps_head_count_counts_per_person_and_is_not_asked_again_in_the_check() -> None:
    """Trial 16 #15/#16: „Hofladen …, 6 Leute“ in the map's opening: „pro Person“ counts six, the check takes it."""
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t16-team")  # noqa: E731  (short test helper)
    r = say("Hofladen mit Direktvermarktung, 6 Leute, Salzwedel – wo verlieren wir Zeit?")
    assert r.tool == "process_map"
    r = say("eine halbe Stunde pro Person am Tag, alles auf Papier")
    assert "6 × 0,5 Std. am Tag" in r.text
    r = say("KI-Check starten")
    assert r.tool == "interview" and "Größe: 6 Beschäftigte" in r.text and "Wie viele Beschäftigte" not in r.text
