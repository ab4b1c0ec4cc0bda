"""`agents.hr.leave_answer`: the owner's „Kann ich die Urlaubsanträge genehmigen?“ gets the leave entered in the
roster and the staff left, never invented requests and not the employees' rule how to apply (trial 30)."""

from __future__ import annotations

from datetime import date

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.hr.leave_answer import _entry_lines, asks_leave, entered_leave, leave_period
from agents.hr.staffing import run
from tools.staffing.staffing import load_staff

TODAY = date(2026, 11, 25)


def _ctx() -> TurnContext:
    return TurnContext(role="owner", thread_id="leave", today=TODAY)


def test_leave_questions_of_the_owner_are_told_from_how_to_apply() -> None:
    for q in (
        "Kann ich die Urlaubsanträge genehmigen?",
        "welche Urlaubsanträge liegen vor?",
        "zwei kolleginnen haben noch urlaub für den 28. bis 30. beantragt, geht das?",
        "Wie planen wir den Urlaub 2027?",
    ):
        assert asks_leave(q), q
    for q in ("Wie beantrage ich Urlaub?", "Wer genehmigt Urlaub?", "Wie viele Urlaubstage habe ich?"):
        assert not asks_leave(q), q


def test_the_answer_lists_the_entered_leave_and_says_there_is_no_request_list() -> None:
    reply = run(Slots(text="Welche Urlaubsanträge liegen vor?"), _ctx())
    assert reply.text.startswith("Eine Liste offener Urlaubsanträge gibt es in Ihren Daten nicht")
    start, end = date.fromisoformat(reply.data["start"]), date.fromisoformat(reply.data["end"])
    expected = {
        (e.name, max(a, start), min(b, end))
        for e in load_staff(TODAY)
        for a, b in e.vacation
        if a <= end and b >= start
    }
    assert {(x["name"], date.fromisoformat(x["start"]), date.fromisoformat(x["end"])) for x in reply.data["leave"]} == (
        expected
    )
    for name, _, _ in expected:
        assert name in reply.text
    assert "Personal" in reply.text and "Reicht das Personal" in reply.text  # how to check one more request


def test_a_year_named_is_that_year_summed_per_month() -> None:
    start, end, note = leave_period(Slots(text="Wie planen wir den Urlaub 2027?"), TODAY)
    assert (start, end, note) == (date(2027, 1, 1), date(2027, 12, 31), "")
    entries = entered_leave(start, end, None, TODAY)
    assert len(entries) > 15
    assert all(start <= x.start <= x.end <= end for x in entries)
    lines = _entry_lines(entries, start, end)
    assert len(lines) == 12 and lines[0].startswith("- Januar 2027:") and lines[-1].startswith("- Dezember 2027:")


def test_the_owners_leave_question_goes_to_the_staff_figures() -> None:
    seen: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        seen.append(tool)
        return AgentReply(text="ok", tools_called=[tool])

    g = build_graph(runner=runner, checkpointer=InMemorySaver())
    run_turn(g, "Kann ich die Urlaubsanträge genehmigen?", role="owner", thread_id="leave-owner")
    run_turn(g, "Wie beantrage ich Urlaub?", role="employee", thread_id="leave-staff")
    assert seen == ["staffing", "onboarding_qa"]


def test_fewer_hours_are_the_staff_figures_with_the_hours_free() -> None:
    """Trial 33: „Können wir im Januar die Stunden kürzen?“ got the cash plan."""
    from types import SimpleNamespace
    from typing import Any, cast

    from agents.hr.staffing import asks_fewer_hours, fewer_hours_line

    assert asks_fewer_hours("Können wir im Januar die Stunden kürzen?")
    assert asks_fewer_hours("wenn ich allen 10 % weniger Stunden gebe, reicht das?")
    assert not asks_fewer_hours("Wie viele Stunden fehlen im Januar?")
    totals = [
        SimpleNamespace(surplus_hours=100.0, shortage_hours=40.0, available_hours=1000.0),
        SimpleNamespace(surplus_hours=20.0, shortage_hours=0.0, available_hours=500.0),
    ]
    line = fewer_hours_line(cast(Any, SimpleNamespace(totals=totals)), 10)
    assert "zusammen 120,0 h frei" in line and "fehlen zugleich 40,0 h" in line
    assert "wären 150,0 h – mehr, als frei ist" in line
    seen: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        seen.append(tool)
        return AgentReply(text="ok", tools_called=[tool])

    g = build_graph(runner=runner, checkpointer=InMemorySaver())
    run_turn(g, "Wie viel Verkaufspersonal brauchen wir im Januar?", role="owner", thread_id="hours")
    run_turn(g, "Können wir im Januar die Stunden kürzen?", role="owner", thread_id="hours")
    assert seen == ["staffing", "staffing"]
