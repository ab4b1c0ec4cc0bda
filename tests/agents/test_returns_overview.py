"""„Welche Filiale hat die meisten Retouren?“: the production agent ranks what was really left over."""

from __future__ import annotations

from datetime import date, timedelta

from agents.contracts import DateRange, Slots, TurnContext
from agents.operations.production_plan import run
from agents.operations.returns_overview import wants_returns_overview
from agents.registry import authorize
from tools.company.catalog import BRANCH_BY_ID
from tools.format_de import eur, integer
from tools.production.returns_report import returns_report
from tools.settings import get_settings


def ctx(role: str = "owner") -> TurnContext:
    return TurnContext(
        role=role, view=authorize(role, "production_plan"), thread_id="t-ret", today=get_settings().today()
    )


def test_which_questions_look_back_at_returns() -> None:
    today = get_settings().today()
    tomorrow = DateRange(start=today + timedelta(days=1), end=today + timedelta(days=1), label="morgen")
    last_week = DateRange(start=today - timedelta(days=9), end=today - timedelta(days=3), label="letzte Woche")
    assert wants_returns_overview(Slots(text="Welche Filiale hat die meisten Retouren?"), today)
    assert wants_returns_overview(Slots(text="Was kostet uns die Retoure pro Monat?"), today)
    assert wants_returns_overview(Slots(text="Wie hoch sind unsere Retouren?"), today)
    assert wants_returns_overview(
        Slots(text="Welche Filiale hatte letzte Woche die meisten Retouren?", dates=last_week), today
    )
    # the plan's expected returns, the plan's backtest and a plain week's figures stay where they were
    assert not wants_returns_overview(Slots(text="Wie viel Retouren erwarten wir morgen?", dates=tomorrow), today)
    assert not wants_returns_overview(Slots(text="Was hätten wir im letzten Monat mit dem Plan gespart?"), today)
    assert not wants_returns_overview(Slots(text="Wie hoch waren die Retouren letzte Woche?", dates=last_week), today)


def test_the_branch_ranking_names_the_costliest_branch_of_the_data() -> None:
    reply = run(Slots(text="Welche Filiale hat die meisten Retouren?"), ctx())
    data = reply.data
    top = data["rows"][0]
    rep = returns_report(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), "branch")
    assert top["key"] == rep.rows[0].key and data["by"] == "branch"
    assert BRANCH_BY_ID[top["key"]].name in reply.text.split("\n")[0]
    assert eur(top["value_eur"]) in reply.text and "| **gesamt** |" in reply.text
    assert (date.fromisoformat(data["end"]) - date.fromisoformat(data["start"])).days == 27


def test_per_month_shows_full_months_and_the_monthly_average() -> None:
    reply = run(Slots(text="Was kostet uns die Retoure pro Monat?"), ctx())
    rows = reply.data["rows"]
    assert reply.data["by"] == "month" and len(rows) == 6
    assert date.fromisoformat(reply.data["start"]).day == 1
    assert (date.fromisoformat(reply.data["end"]) + timedelta(days=1)).day == 1
    assert "im Monat" in reply.text.split("\n")[0]


def test_an_employee_does_not_see_the_returns_ranking() -> None:
    reply = run(Slots(text="Welche Filiale hat die meisten Retouren?"), ctx("employee"))
    assert "Geschäftsführung" in reply.text and "rows" not in (reply.data or {})


def test_one_day_reads_as_that_day() -> None:
    """Browser trial: „Und am Samstag?“ after the ranking read „Im Zeitraum 28.11.2026 …“."""
    from tools.format_de import day_long

    today = get_settings().today()
    sat = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    one = DateRange(start=sat, end=sat, label="am Samstag")
    reply = run(Slots(text="Welche Filiale hat die meisten Retouren?", dates=one), ctx())
    assert reply.text.startswith(f"Am {day_long(sat)} kosteten die Retouren in ")


def test_how_much_is_thrown_away_leads_with_the_total() -> None:
    """Trial 9: „Wie viele Brötchen werfen wir weg?“ named only the costliest branch, not the total."""
    reply = run(Slots(text="Wie viele Brötchen werfen wir eigentlich weg?", groups=["broetchen"]), ctx())
    total = reply.data["total"]
    first = reply.text.split("\n")[0]
    assert f"blieben {integer(total['returned'])} Stück Brötchen übrig" in first
    assert f"{eur(total['value_eur'])} Warenwert" in first and "Am meisten kosteten" in first


def test_the_returns_rate_question_leads_with_the_whole_chain() -> None:
    """„Wie hoch ist unsere Retourenquote?“ asks for the share of the whole, not for the worst branch."""
    from tools.format_de import integer, share

    reply = run(Slots(text="Wie hoch ist unsere Retourenquote?"), ctx())
    total = reply.data["total"]
    first = reply.text.split("\n")[0]
    assert f"blieben {integer(total['returned'])} Stück übrig – {share(total['rate'])} der Backmenge" in first
    ranking = run(Slots(text="Welche Filiale hat die meisten Retouren?"), ctx())
    assert "am meisten" in ranking.text.split("\n")[0] and "Stück übrig –" not in ranking.text.split("\n")[0]


def test_one_day_gone_by_is_that_days_returns_not_the_back_test() -> None:
    """Trial 19: „… übrig geblieben?“ about last Friday widened to a week's back-test."""
    from datetime import date

    from agents.nlu.slots import extract_slots
    from agents.operations.returns_overview import wants_returns_overview

    today = date(2026, 11, 25)
    assert wants_returns_overview(extract_slots("Wie viel ist am 20.11. übrig geblieben?", today), today)
    assert not wants_returns_overview(extract_slots("Was hätten wir letzte Woche an Retouren gespart?", today), today)
