"""Questions about sales gone by get the actual figures („Ist-Zahlen“), not a forecast and not a refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from agents.contracts import DateRange, Slots, TurnContext
from agents.nlu.slots import extract_slots
from agents.registry import authorize
from agents.sales import forecast
from agents.sales.review import wants_review
from tools.company.catalog import BRANCH_BY_ID
from tools.settings import get_settings


@pytest.fixture
def ctx() -> TurnContext:
    return TurnContext(
        role="owner", view=authorize("owner", "forecast"), thread_id="t-rev", today=get_settings().today()
    )


def test_past_tense_and_dative_dates_read_backwards() -> None:
    today = get_settings().today()
    last_week = extract_slots("Zeig mir die Verkaufszahlen von letzter Woche", today).dates
    assert last_week is not None and last_week.end < today and (last_week.end - last_week.start).days == 6
    october = extract_slots("Was haben wir im Oktober in Stendal verkauft?", today).dates
    assert october is not None and october.end < today and october.start.month == 10


def test_which_questions_are_a_review(ctx: TurnContext) -> None:
    assert wants_review(Slots(text="Welche Filiale läuft am schlechtesten?"), ctx.today)
    assert not wants_review(Slots(text="Welcher Tag wird nächste Woche am stärksten?"), ctx.today)
    tomorrow = ctx.today + timedelta(days=1)
    assert not wants_review(Slots(text="x", dates=DateRange(start=tomorrow, end=tomorrow, label="morgen")), ctx.today)


def test_the_weakest_branch_is_named_first_and_matches_the_table(ctx: TurnContext) -> None:
    r = forecast.run(Slots(text="Welche Filiale läuft am schlechtesten?"), ctx)
    rows = r.data["rows"]
    weakest = min(rows, key=lambda x: x["revenue_eur"])
    first = r.text.split("\n")[0]
    assert r.data["by"] == "branch" and len(rows) == len(BRANCH_BY_ID)
    assert first.index("Am schwächsten lief " + BRANCH_BY_ID[weakest["key"]].name) < first.index("am besten")
    assert "Ist-Zahlen" in r.text and "| **gesamt** |" in r.text


def test_a_quantities_view_shows_pieces_but_no_revenue(ctx: TurnContext) -> None:
    """The forecast is the owner's today; should a role get it with the quantities view, money stays hidden."""
    from agents.sales.review import review_reply

    view = ctx.model_copy(update={"view": "quantities"})
    r = review_reply(Slots(text="Welches Brot verkauft sich am besten?", groups=["brot"]), view)
    assert "€" not in r.text and "revenue_eur" not in r.data["rows"][0] and r.data["rows"][0]["sold"] > 0


def test_the_best_month_of_this_year_ranks_the_full_months_gone_by(ctx: TurnContext) -> None:
    """„Was war unser bester Monat dieses Jahr?“: months of this year, the running month left out (cut short
    it would read as a weak month), the best by revenue named first."""
    from tools.format_de import eur

    slots = extract_slots("Was war unser bester Monat dieses Jahr?", ctx.today)
    assert wants_review(slots, ctx.today)
    reply = forecast.run(slots, ctx)
    rows = reply.data["rows"]
    assert reply.data["by"] == "month" and len(rows) >= 2
    assert all(r["key"] < ctx.today.strftime("%Y-%m") for r in rows)  # no running month
    assert {r["key"][:4] for r in rows} == {str(ctx.today.year)}
    best = max(rows, key=lambda r: r["revenue_eur"])
    assert f"({eur(best['revenue_eur'])})" in reply.text.split("\n")[0] and "Am besten lief" in reply.text
    assert "Der laufende Monat zählt noch nicht mit" in reply.text
