"""Trial 27 (the owner plans January): „im Januar, nach dem Weihnachtsgeschäft“ is January; „20 % schwächer“ is a
fall; „Was, wenn der Januar 20 % schwächer wird?“ after the cash plan is the sales scenario for January; „Warum so
wenig?“ after a month's forecast compares the month with the year from the sales data."""

from __future__ import annotations

from datetime import date

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, DateRange, Slots, TurnContext
from agents.finance.common import is_scenario
from agents.finance.investment import _scenario_lead
from agents.graph import build_graph, run_turn
from agents.nlu.slots import extract_slots
from agents.sales.demand_drivers import period_sentence
from tools.company.period_level import PeriodLevel, period_level
from tools.finance.models import ScenarioResult

TODAY = date(2026, 11, 25)
JANUARY = (date(2027, 1, 1), date(2027, 1, 31))


def test_a_month_after_the_christmas_season_is_that_month() -> None:
    s = extract_slots("Wie sieht unser Kontostand im Januar aus, nach dem Weihnachtsgeschäft?", TODAY)
    assert s.dates is not None and (s.dates.start, s.dates.end) == JANUARY
    season = extract_slots("Umsatz im Weihnachtsgeschäft", TODAY).dates
    assert season is not None and season.end == date(2026, 12, 24)


def test_weaker_is_a_fall() -> None:
    assert extract_slots("Was, wenn der Januar 20 % schwächer wird?", TODAY).percent == -20.0


def test_a_weaker_month_is_a_sales_scenario() -> None:
    jan = DateRange(start=JANUARY[0], end=JANUARY[1], label="im Januar 2027")
    assert is_scenario(Slots(text="Was, wenn der Januar 20 % schwächer wird?", percent=-20.0, dates=jan))
    assert not is_scenario(Slots(text="Was, wenn der Januar 20 % schwächer wird?", percent=-20.0))  # no period
    assert not is_scenario(Slots(text="und wenn die Löhne um 5 % steigen?", percent=5.0, dates=jan))


def test_a_what_if_after_the_cash_plan_is_the_sales_scenario() -> None:
    def stub(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        return AgentReply(text=f"({tool})", tools_called=[tool])

    g = build_graph(checkpointer=InMemorySaver(), runner=stub)
    run_turn(g, "Wie sieht unser Kontostand im Januar aus?", role="owner", thread_id="w1")
    assert run_turn(g, "Was, wenn der Januar 20 % schwächer wird?", role="owner", thread_id="w1").tool == "investment"


def test_the_scenario_leads_with_its_effect_and_the_credit_line() -> None:
    s = ScenarioResult(percent=-20.0, months=[date(2027, 1, 1)], delta_revenue=-51546.0, delta_costs=-15509.0,
                       delta_result=-36037.0, base_min_balance=-18880.0, scenario_min_balance=-57843.0,
                       base_result=19973.0, scenario_result=-16064.0)  # fmt: skip
    lead = _scenario_lead(s, "in Jan 2027", 50000.0)
    assert lead.startswith("Wenn der Absatz in Jan 2027 um 20 % sinkt") and "-36.037 €" in lead
    assert "mehr, als Ihre Kreditlinie von 50.000 € abdeckt" in lead
    covered = _scenario_lead(s.model_copy(update={"scenario_min_balance": -30000.0}), "in Jan 2027", 50000.0)
    assert "deckt das noch ab" in covered


def test_a_month_is_compared_with_the_year_from_the_sales() -> None:
    level = period_level("salzwedel", "gruppe:broetchen", *JANUARY, TODAY)
    assert level is not None and level.start == date(2026, 1, 1) and level.selling_days > 20
    assert period_level("salzwedel", "gruppe:broetchen", date(2026, 11, 26), date(2026, 11, 27), TODAY) is None


def test_a_premise_the_data_does_not_bear_out_is_said() -> None:
    strong = PeriodLevel(start=date(2026, 1, 1), end=date(2026, 1, 31), period_mean=590.7, year_mean=548.9, pct=7.6,
                         selling_days=29)  # fmt: skip
    assert period_sentence(strong, "Brötchen", "Warum so wenig?").startswith("So wenig ist das nicht")
    weak = strong.model_copy(update={"pct": -12.0, "period_mean": 483.0})
    assert period_sentence(weak, "Brötchen", "Warum so wenig?").startswith("Der Zeitraum ist schwach")
    assert "12,0 % weniger" in period_sentence(weak, "Brötchen", "Warum so wenig?")
