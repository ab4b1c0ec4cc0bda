"""Trial 30 (the owner's December): the Inventur is answered without inventing a date; short days (24./31.12.)
and opening hours the owner states are said with the figures instead of pretending a full day."""

from __future__ import annotations

from datetime import date

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.slots import extract_slots
from agents.opening_note import opening_lines, short_days, with_opening_note
from agents.operations.stocktaking import asks_stocktaking, stocktaking_reply
from tools.company.catalog import BRANCHES

TODAY = date(2026, 11, 25)


def _ctx() -> TurnContext:
    return TurnContext(role="owner", view="full", thread_id="t30", user="inhaberin", today=TODAY)


def test_the_inventur_names_no_date_but_the_quietest_days_from_the_sales() -> None:
    assert asks_stocktaking("Wann machen wir die Inventur?") and not asks_stocktaking("Backplan für morgen")
    reply = stocktaking_reply(Slots(text="Wann machen wir die Inventur?"), _ctx())
    assert reply.text.startswith("Einen Inventurtermin finde ich in Ihren Daten nicht")
    quiet = reply.data["quietest"]
    assert reply.data["stocktaking_date"] is None and len(quiet) == 3
    # the days named are the turn of the year before today, from the sales data, quietest first
    assert all("2025-12-27" <= d <= "2026-01-06" for d in quiet)
    assert list(quiet.values()) == sorted(quiet.values())


def test_the_inventur_is_not_asked_back_for_the_owner() -> None:
    seen: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        seen.append(tool)
        return AgentReply(text="ok", tools_called=[tool])

    g = build_graph(runner=runner, checkpointer=InMemorySaver())
    run_turn(g, "Wann machen wir die Inventur?", role="owner", thread_id="inv")
    assert seen == ["onboarding_qa"]


def test_short_days_are_the_24th_and_31st_for_all_branches() -> None:
    days = [date(2026, 12, d) for d in range(21, 32)]
    short = short_days([b.id for b in BRANCHES], days)
    assert [d for d, _, _ in short] == [date(2026, 12, 24), date(2026, 12, 31)]
    assert all(t.hour == 12 and len(bs) == len(BRANCHES) for _, t, bs in short)
    assert short_days([b.id for b in BRANCHES], [date(2026, 12, 28)]) == []  # between the years: regular hours


def test_a_stated_short_day_is_compared_with_the_opening_hours() -> None:
    same = opening_lines(
        "forecast", extract_slots("Am 24. nur bis 12 Uhr offen – Brötchen in Osterburg?", TODAY), TODAY
    )
    assert same[0].startswith("Kurze Öffnungstage: am Do, 24.12.2026 schließt Osterburg")
    assert same[1].startswith("Das passt zu Ihren hinterlegten Öffnungszeiten")
    half = opening_lines("forecast", extract_slots("zwischen den Jahren in Osterburg nur halbe Tage?", TODAY), TODAY)
    assert len(half) == 1 and "Verkäufe je Stunde gibt es in Ihren Daten nicht" in half[0]
    closed = opening_lines("forecast", extract_slots("zwischen den Jahren ist Gardelegen zu", TODAY), TODAY)
    assert "kann ich im Chat noch nicht hinterlegen" in closed[0] and "Gardelegen" in closed[0]
    assert opening_lines("forecast", extract_slots("Brötchen morgen in Osterburg", TODAY), TODAY) == []


def test_the_note_follows_the_decision_and_skips_stubs() -> None:
    eve = DateRange(start=date(2026, 12, 24), end=date(2026, 12, 24), label="Heiligabend")
    slots = Slots(text="Brötchen an Heiligabend", dates=eve)
    reply = with_opening_note("forecast", slots, AgentReply(text="776 Stück.\n\nTabelle"), TODAY)
    assert reply.text.split("\n\n")[1].startswith("Kurze Öffnungstage")
    stub = AgentReply(text="(forecast)", data={"stub": True})
    assert with_opening_note("forecast", slots, stub, TODAY) == stub


def test_je_filiale_forecasts_every_branch_on_its_own() -> None:
    from agents.sales._common import per_branch, selection

    assert per_branch("Wie viele Stollen verkaufen wir in der Weihnachtswoche je Filiale?")
    assert per_branch("stollen pro filiale") and not per_branch("Stollen in allen Filialen zusammen")
    branches, _, notes = selection(Slots(text="Stollen je Filiale", products=["stollen"]), [])
    assert branches == [b.id for b in BRANCHES] and notes == ["je Filiale gerechnet, wie gefragt"]
    total, _, _ = selection(Slots(text="Stollen nächste Woche", products=["stollen"]), [])
    assert total == ["alle"]


def test_the_note_comes_after_the_lead_sentences_before_the_table() -> None:
    eve = DateRange(start=date(2026, 12, 24), end=date(2026, 12, 24), label="Heiligabend")
    text = "Einen Backplan rechne ich höchstens bis …\n\nSie verkaufen 776 Stück.\n\n**Absatzprognose**\n- Do: 776"
    reply = with_opening_note(
        "production_plan", Slots(text="Backplan Heiligabend", dates=eve), AgentReply(text=text), TODAY
    )
    assert reply.text.split("\n\n")[2].startswith("Kurze Öffnungstage")


def test_a_month_asked_in_the_past_tense_is_its_days_gone_by() -> None:
    """„Wie lief der November?“ on the 25th was a forecast of the 25th to 30th; it is the 1st to the 24th."""
    nov = extract_slots("Wie lief der November?", TODAY).dates
    assert nov is not None and (nov.start, nov.end) == (date(2026, 11, 1), date(2026, 11, 24))
    ahead = extract_slots("Wie viel verkaufen wir im November?", TODAY).dates
    assert ahead is not None and ahead.end == date(2026, 11, 30)
    week = extract_slots("Wie viele Retouren hatten wir diese Woche?", TODAY).dates
    assert week is not None and week.end == TODAY  # a period ending today stays as it was


def test_hours_are_read_from_the_message_not_from_the_question_before() -> None:
    between = DateRange(start=date(2026, 12, 27), end=date(2026, 12, 30), label="zwischen den Jahren")
    carried = Slots(text="Am 24. nur bis 12 Uhr offen? zwischen den Jahren ist Gardelegen zu", dates=between)
    carried = carried.model_copy(update={"branches": ["gardelegen"]})
    lines = opening_lines("forecast", carried, TODAY, "zwischen den Jahren ist Gardelegen zu")
    assert len(lines) == 1 and lines[0].startswith("Einen zusätzlichen Schließtag")
