"""„Wie sicher ist das?“ after a forecast: a measured figure from the back-test on the company's own days, in plain
German; „Woher kommt die Zahl?“ keeps the thread, so „und in Salzwedel?“ is the same forecast there."""

from __future__ import annotations

import re

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from evals.conversation.plain_scan import ENGINE_WORDS
from tools.forecast.api import demo_accuracy
from tools.format_de import integer


def _graph():  # type: ignore[no-untyped-def]
    return build_graph(checkpointer=InMemorySaver())


def _jargon(text: str) -> list[str]:
    return [w for w in ENGINE_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE)]


def test_how_sure_gives_the_measured_deviation_without_jargon() -> None:
    g = _graph()
    run_turn(g, "Wie viele Schrippen verkaufen wir morgen am Stendaler Markt?", role="owner", thread_id="c1")
    reply = run_turn(g, "Wie sicher ist das?", role="owner", thread_id="c1")
    assert reply.tool == "forecast"
    acc = demo_accuracy(["stendal_markt/schrippe"])["stendal_markt/schrippe"]
    paragraphs = reply.text.split("\n\n")
    assert paragraphs[1].startswith("Wie sicher:")  # right below the decision
    assert f"{integer(acc.mean_abs_error)} Stück am Tag" in paragraphs[1]
    assert f"{acc.within_range} von {acc.days} Tagen" in paragraphs[1]
    assert not _jargon(reply.text), _jargon(reply.text)


def test_where_from_keeps_the_forecast_and_the_next_branch_follows() -> None:
    g = _graph()
    run_turn(g, "Wie viele Brötchen verkaufen wir am Samstag in Tangermünde?", role="owner", thread_id="c2")
    why = run_turn(g, "Woher kommt die Zahl?", role="owner", thread_id="c2")
    assert why.tool == "forecast"
    assert any(p.startswith("So habe ich gerechnet") for p in why.text.split("\n\n")[1:3])  # open, right below
    other = run_turn(g, "und in Salzwedel?", role="owner", thread_id="c2")
    assert other.tool == "forecast" and "Salzwedel" in other.text.split("\n\n")[0]
    assert "Wie sicher:" not in other.text  # the measured check was asked once, not for every later question


def test_how_good_was_it_last_week_is_a_look_back_over_those_days() -> None:
    reply = run_turn(_graph(), "Wie gut lag die Vorhersage letzte Woche in Osterburg?", role="owner", thread_id="c3")
    assert reply.tool == "forecast"
    assert "16.11.–22.11.2026" in reply.text and "Rückblick" in reply.text
    for a in reply.data["accuracy"].values():
        assert "2026-11-16" <= a["start"] and a["end"] <= "2026-11-22"


def test_what_the_forecast_said_on_a_day_gone_by() -> None:
    from datetime import date

    from tools.forecast.api import demo_backtest_days

    reply = run_turn(
        _graph(), "Was hätte die Vorhersage für den 14. November in Osterburg gesagt?", role="owner", thread_id="c4"
    )
    assert reply.tool == "forecast" and reply.text.startswith("Das hätte die Vorhersage für Samstag, 14.11.2026")
    rows = demo_backtest_days(["osterburg/gruppe:broetchen"], date(2026, 11, 14))
    row = rows["osterburg/gruppe:broetchen"]
    assert (
        f"Vorhersage {integer(row.forecast)} Stück" in reply.text and f"tatsächlich {integer(row.actual)}" in reply.text
    )
    assert "Wie sicher:" in reply.text  # the whole back-test to weigh the one day
    plain = run_turn(
        _graph(), "Wie viele Brötchen haben wir am 14. November in Osterburg verkauft?", role="owner", thread_id="c5"
    )
    assert "Ist-Zahlen" in plain.text  # a past day without the forecast named stays the actual sales
