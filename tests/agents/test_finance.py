"""Finance agents: German answers with numbers from the tools, charts, questions and clear messages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from agents.contracts import DateRange, Slots, TurnContext
from agents.finance import budget_forecast, investment, liquidity
from agents.finance.common import plain_amounts
from tools.format_de import eur
from tools.settings import get_settings


@pytest.fixture(autouse=True)
def _monthly_model_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bottom-up path (fits ~160 sales series) is tested in tests/tools/test_finance.py with a stub."""
    import tools.finance.budget as budget_mod

    monkeypatch.setattr(budget_mod, "_bottom_up", lambda *args, **kwargs: None)


@pytest.fixture()
def ctx() -> TurnContext:
    return TurnContext(role="owner", thread_id="t-fin", today=get_settings().today())


def test_investment_answer_uses_tool_numbers(ctx: TurnContext) -> None:
    slots = Slots(
        text="Lohnt sich ein neuer Ofen für 48.000 Euro, der jährlich 9.000 € spart, 10 Jahre?",
        amount_eur=48000,
        amounts_eur=[48000, 9000],
        years=10,
    )
    reply = investment.run(slots, ctx)
    inv = reply.data["investment"]
    assert inv["price"] == 48000 and inv["yearly_cashflow"] == 9000 and inv["years"] == 10
    assert "Kapitalwert 21.496 €" in reply.text and "lohnt sich" in reply.text
    assert "Die Investition „Ofen“ **lohnt sich**" in reply.text  # the answer names what was asked about
    assert "5 % (Annahme" in reply.text  # default rate is named
    assert "Liquidität bei Barkauf" in reply.text
    assert reply.artifacts and reply.artifacts[0].path.is_file()
    assert {"investment", "liquidity"} <= set(reply.tools_called)


def test_investment_asks_for_missing_saving_and_reads_plain_numbers(ctx: TurnContext) -> None:
    reply = investment.run(Slots(text="Lohnt sich ein Ofen für 48.000 €?", amount_eur=48000, amounts_eur=[48000]), ctx)
    assert "pro Jahr" in reply.text and reply.tools_called == [] and not reply.artifacts
    assert plain_amounts("Kredit 60000 zu 4,5 % über 8 Jahre, Ersparnis 11.000 im Jahr 2027") == [60000, 11000]


def test_sales_scenario_answer(ctx: TurnContext) -> None:
    dec = DateRange(start=date(ctx.today.year, 12, 1), end=date(ctx.today.year, 12, 31), label="im Dezember")
    reply = investment.run(
        Slots(text="Was passiert, wenn der Absatz im Dezember um 20 % steigt?", dates=dec, percent=20), ctx
    )
    assert reply.data["percent"] == 20 and reply.data["delta_revenue"] > 0
    assert reply.data["scenario_result"] > reply.data["base_result"]
    assert "Szenario" in reply.text and "Dez" in reply.text and reply.artifacts
    assert "Prophet" not in reply.text  # browser trial 5: engine names stay out of the answer's body


def test_liquidity_answer_and_past_date(ctx: TurnContext) -> None:
    reply = liquidity.run(
        Slots(text="Wie entwickelt sich der Kontostand in Magdeburg?", unknown_branch="Magdeburg"), ctx
    )
    assert "Standard" in reply.text and "Kontostand am" in reply.text
    assert reply.text.startswith("Hinweis: „Magdeburg“ ist keine Filiale")
    # the decision first (browser trial: it came third, after the heading and the balances)
    first = reply.text.split("\n\n")[1]
    assert "Sicherheitspuffer" in first or "unter 0 €" in first or "Kreditlinie" in first
    assert reply.text.index(first) < reply.text.index("**Liquiditätsplan")
    days = reply.data["days"]
    assert len(days) >= 89 and reply.artifacts
    low = min(d["balance"] for d in days)
    assert reply.data["min_balance"] == low
    past = DateRange(start=date(2026, 1, 1), end=date(2026, 1, 31), label="im Januar 2026")
    old = liquidity.run(Slots(text="Reichte das Geld im Januar 2026?", dates=past), ctx)
    assert "Vergangenheit" in old.text and old.tools_called == []


def test_budget_answer_with_target_and_months(ctx: TurnContext) -> None:
    reply = budget_forecast.run(
        Slots(text="Budget für die nächsten 3 Monate mit Ziel plus 5 Prozent", months=3, percent=5), ctx
    )
    months = reply.data["months"]
    assert len(months) == 3 and reply.data["target_growth_pct"] == 5
    rows = [line for line in reply.text.splitlines() if line.startswith("| ") and "€" in line]
    assert len(rows) == 3
    assert "Budgetziel (Vorjahr 5 %)" in reply.text and reply.artifacts


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lohnt sich ein neuer Ofen für 48.000 €, der jährlich 9.000 € spart?", "Ofen"),
        ("Rechnet sich eine gebrauchte Kühlzelle für 12.000 Euro", "Kühlzelle"),
        ("Lohnt sich die Anschaffung von 20.000 €?", None),
        ("was bringt 30000 euro invest bei 5000 ersparnis", None),
        # trial 6: colloquial article, typed in lower case
        ("lohnt sich ne neue Knetmaschine für 12.500 Euro wenn sie uns 3.000 im Jahr spart?", "Knetmaschine"),
        ("lohnt sich eine spülmaschine für 9.000 euro", "Spülmaschine"),
        ("lohnt sich die investition für 9.000 euro", None),
        ("ab wann hat sich das bezahlt gemacht?", None),
    ],
)
def test_investment_names_the_purchase_only_when_the_user_named_it(text: str, name: str | None) -> None:
    assert investment.purchase_name(text) == name


def test_budget_default_horizon_note_has_no_nested_brackets(ctx: TurnContext) -> None:
    """Browser trial: '(bis Ende 2027 (Standard, da kein Zeitraum genannt))'."""
    reply = budget_forecast.run(Slots(text="Wie sieht das Budget aus?"), ctx)
    heading = next(line for line in reply.text.splitlines() if line.startswith("**Budgetprognose"))
    assert "Standard, da kein Zeitraum genannt" in heading and "))" not in heading


def test_budget_names_the_sales_so_far_only_when_the_month_has_data(
    ctx: TurnContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Browser trial on 1 Dec: 'Dez 2026: davon bereits verkauft bis gestern 0 €' and an internal method note."""
    reply = budget_forecast.run(Slots(text="Wie sieht das Budget aus?", months=2), ctx)
    first = reply.data["months"][0]
    assert first["actual_to_date"] > 0 and first["actual_until"] < str(ctx.today)
    assert "davon bereits verkauft bis " in reply.text and "bis gestern" not in reply.text
    assert "trainiert" not in reply.text and "Historie trainiert" not in reply.text
    monkeypatch.setenv("SYNERKI_TODAY", "2026-12-01")
    get_settings.cache_clear()
    try:
        reply = budget_forecast.run(Slots(text="Wie sieht das Budget aus?", months=2), ctx)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert reply.data["months"][0]["actual_until"] is None
    assert "davon bereits verkauft" not in reply.text


def test_a_one_month_budget_reads_as_one_month_with_a_signed_change(ctx: TurnContext) -> None:
    """Browser trial 5: „Von Dez 2026 bis Dez 2026 …“, „(1 vergleichbare Monate)“ and „(7,2 %)“ without a sign."""
    nov = DateRange(start=date(2026, 11, 1), end=date(2026, 11, 30), label="im November 2026")  # the month now
    reply = budget_forecast.run(Slots(text="Budget im November", dates=nov), ctx)
    assert reply.text.startswith("Im November 2026 erwarte ich") and "Nov 2026 – Nov 2026" not in reply.text
    assert "(1 vergleichbarer Monat)" in reply.text
    assert re.search(r"statt [\d.]+ € \([+-]\d", reply.text)


def test_the_budget_of_next_month_is_that_month_only(ctx: TurnContext) -> None:
    """Browser trial 5: „Wie sieht unser Budget für nächsten Monat aus?“ summed the current and the next month."""
    dec = DateRange(start=date(2026, 12, 1), end=date(2026, 12, 31), label="nächsten Monat")  # today: 25.11.2026
    reply = budget_forecast.run(Slots(text="Wie sieht unser Budget für nächsten Monat aus?", dates=dec), ctx)
    assert [m["month"][:7] for m in reply.data["months"]] == ["2026-12"]
    assert reply.text.startswith("Im Dezember 2026 erwarte ich")


def test_a_question_about_one_cost_type_leads_with_that_cost(ctx: TurnContext) -> None:
    """„Was kostet uns das Personal im Monat?“: the personnel costs per month from the budget, not the revenue."""
    from tools.format_de import eur

    reply = budget_forecast.run(Slots(text="Was kostet uns das Personal im Monat?"), ctx)
    months = reply.data["months"]
    mean = sum(m["costs"]["personal"] for m in months) / len(months)
    first = reply.text.split("\n")[0]
    assert first.startswith("Personal kostet Sie") and eur(mean) in first
    revenue = budget_forecast.run(Slots(text="Wie hoch ist der Umsatz?"), ctx)
    assert not revenue.text.startswith("Personal")


def test_revenue_of_days_gone_by_comes_from_the_till(ctx: TurnContext) -> None:
    """Trial 6: „Wie viel Umsatz haben wir gestern gemacht?“ got 14 months of budget 'da kein Zeitraum genannt'."""
    import pandas as pd

    from tools.company.data import load_sales
    from tools.format_de import eur

    yesterday = date(2026, 11, 24)
    when = DateRange(start=yesterday, end=yesterday, label="gestern")
    reply = budget_forecast.run(Slots(text="Wie viel Umsatz haben wir gestern gemacht?", dates=when), ctx)
    sales = load_sales()
    rows = sales[sales["date"] == pd.Timestamp(yesterday)]
    revenue = float((rows["sold"] * rows["price_eur"]).sum())
    assert revenue > 0 and reply.data["revenue"] == revenue
    assert (
        reply.text.startswith("Am Dienstag, 24.11.2026 haben Sie in allen Filialen zusammen")
        and eur(revenue) in reply.text
    )


def test_a_falling_sales_scenario_reads_without_a_double_minus(ctx: TurnContext) -> None:
    """Trial 6: 'Umsatz: -354.380 € weniger' and 'in alle Prognosemonate'."""
    reply = investment.run(Slots(text="was passiert, wenn der Absatz um 10 % sinkt?", percent=-10), ctx)
    assert "in allen Prognosemonaten" in reply.text
    line = next(x for x in reply.text.splitlines() if x.startswith("- Umsatz:"))
    assert "weniger" in line and "-" not in line.split(":", 1)[1]


def test_budget_says_first_that_a_town_is_no_branch_and_that_taxes_are_not_planned(ctx: TurnContext) -> None:
    """Trial 9 hold-out: „Umsatz unserer Filiale in Magdeburg?“ and „Gewerbesteuer nächstes Jahr?“ led with
    the company's budget as if it answered them."""
    town = budget_forecast.run(Slots(text="Umsatz der Filiale Magdeburg?", unknown_branch="Magdeburg"), ctx)
    assert town.text.startswith("„Magdeburg“ ist keine Filiale")
    tax = budget_forecast.run(Slots(text="Wie viel Gewerbesteuer zahlen wir nächstes Jahr?"), ctx)
    assert tax.text.startswith("Steuern auf den Gewinn") and "Steuerberatung" in tax.text.split("\n")[0]


@pytest.mark.parametrize(
    ("text", "asked", "label"),
    [
        ("Wie sieht das Konto morgen aus?", date(2026, 11, 26), "morgen"),
        ("Liquidität für den 1.12.", date(2026, 12, 1), "am 01.12.2026"),
    ],
)
def test_a_one_day_cash_question_gets_one_balance_not_a_range(
    ctx: TurnContext, text: str, asked: date, label: str
) -> None:
    reply = liquidity.run(Slots(text=text, dates=DateRange(start=asked, end=asked, label=label)), ctx)
    first = reply.text.split("\n", 1)[0]
    assert "zwischen" not in first
    balance = next(d["balance"] for d in reply.data["days"] if d["date"] == asked.isoformat())
    assert eur(balance) in first
    assert first.count("€") == 1


def test_a_crash_after_the_cash_plan_is_a_fall_over_that_plans_months() -> None:
    """„Und wenn der Umsatz um 10 Prozent einbricht?“ after the cash plan up to February had been read as +10 % over
    every forecast month, with a lowest balance that was not the plan's."""
    from langgraph.checkpoint.memory import InMemorySaver

    from agents.graph import build_graph, run_turn

    g = build_graph(checkpointer=InMemorySaver())
    cash = run_turn(g, "Wie stehen wir finanziell bis Ende Februar da?", role="owner", thread_id="fin-crash")
    assert cash.tool == "liquidity"
    what_if = run_turn(g, "und wenn der umsatz um 10 prozent einbricht?", role="owner", thread_id="fin-crash")
    assert what_if.tool == "investment" and what_if.data["percent"] == -10
    assert what_if.data["months"][-1].startswith("2027-02")
    assert what_if.data["base_min_balance"] == pytest.approx(cash.data["min_balance"], abs=1)
    assert what_if.data["scenario_min_balance"] < what_if.data["base_min_balance"]


def test_a_plural_fall_after_the_cash_plan_is_the_sales_scenario_over_its_months() -> None:
    """„und wenn die Umsätze um 20 Prozent zurückgehen?“ after the January cash plan had repeated that plan
    unchanged: the plural missed the scenario and the percent was merged into the cash request (lead 7)."""
    from langgraph.checkpoint.memory import InMemorySaver

    from agents.graph import build_graph, run_turn

    g = build_graph(checkpointer=InMemorySaver())
    cash = run_turn(g, "wie sieht unser konto im januar aus?", role="owner", thread_id="fin-plural")
    assert cash.tool == "liquidity"
    what_if = run_turn(g, "und wenn die umsätze um 20 prozent zurückgehen?", role="owner", thread_id="fin-plural")
    assert what_if.tool == "investment" and what_if.data["percent"] == -20
    assert what_if.data["months"][-1].startswith("2027-01")
    assert what_if.data["scenario_min_balance"] < what_if.data["base_min_balance"]


def test_a_what_if_after_a_budget_is_that_budget_with_the_scenario_not_a_target() -> None:
    """„und falls die Verkäufe um 10 % sinken?“ after the January budget: January's figures under −10 %, said as
    a scenario (it had been read as a budget target of −10 % with the figures unchanged)."""
    from langgraph.checkpoint.memory import InMemorySaver

    from agents.graph import build_graph, run_turn

    g = build_graph(checkpointer=InMemorySaver())
    base = run_turn(g, "budget für januar", role="owner", thread_id="fin-budget-what-if")
    low = run_turn(g, "und falls die verkäufe um 10 prozent sinken?", role="owner", thread_id="fin-budget-what-if")
    assert base.tool == low.tool == "budget_forecast"
    assert "bei Absatz -10 %" in low.text.split("\n")[0] and "Szenario: Absatz -10 % in Jan 2027" in low.text
    rev = [m["revenue"] for m in base.data["months"]], [m["revenue"] for m in low.data["months"]]
    assert len(rev[0]) == len(rev[1]) == 1 and rev[1][0] < rev[0][0]
