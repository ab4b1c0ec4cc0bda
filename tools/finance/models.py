"""Typed results of the finance tools (budget, liquidity, investment, scenario)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

COST_CATEGORIES = ["wareneinsatz", "personal", "energie", "miete", "fahrzeuge", "sonstiges"]
COST_NAMES = {
    "wareneinsatz": "Wareneinsatz",
    "personal": "Personal",
    "energie": "Energie",
    "miete": "Miete",
    "fahrzeuge": "Fahrzeuge",
    "sonstiges": "Sonstiges",
}


class BudgetMonth(BaseModel):
    """Forecast of one month (EUR)."""

    month: date
    revenue: float
    revenue_lower: float
    revenue_upper: float
    costs: dict[str, float] = Field(description="cost category -> EUR")
    costs_total: float
    result: float = Field(description="revenue - costs (operating result before taxes and withdrawals)")
    result_lower: float
    result_upper: float
    actual_to_date: float | None = Field(default=None, description="revenue already achieved this month")
    actual_until: date | None = Field(
        default=None, description="last day with sales data in `actual_to_date`; None when the month has none yet"
    )
    prev_year_revenue: float | None = None
    prev_year_result: float | None = None
    target_revenue: float | None = None
    method: str = Field(description="how the revenue was forecast")


class BudgetForecast(BaseModel):
    """Monthly revenue and cost forecast with the assumptions used."""

    months: list[BudgetMonth]
    history_until: date = Field(description="first day of the last complete month used")
    target_growth_pct: float
    assumptions: dict[str, str | int | float]
    scenario_pct: float | None = None
    scenario_months: list[date] = Field(default_factory=list)


class CashItem(BaseModel):
    """One payment in or out on one day (outflows negative)."""

    name: str
    amount: float


class CashDay(BaseModel):
    """One day of the cash plan."""

    date: date
    inflow: float
    outflow: float
    balance: float
    items: list[CashItem] = Field(default_factory=list)


class Shortfall(BaseModel):
    """The first day a threshold is crossed, with the reason."""

    date: date
    balance: float
    threshold: float
    reason: str


class LiquidityPlan(BaseModel):
    """Day-by-day cash plan from the account balance."""

    start_balance: float
    as_of: date
    days: list[CashDay]
    first_shortfall: Shortfall | None = Field(description="first day below 0 €")
    first_below_buffer: Shortfall | None
    credit_line_exceeded: Shortfall | None
    min_balance: float
    min_balance_date: date
    credit_line_eur: float
    safety_buffer_eur: float
    totals: dict[str, float] = Field(description="sum per payment kind over the whole plan")
    assumptions: dict[str, str | int | float]


class InvestmentResult(BaseModel):
    """Appraisal of a purchase with end-of-year cash flows."""

    price: float
    years: int
    yearly_cashflow: float
    rate: float = Field(description="discount / financing rate as a fraction, e.g. 0.05")
    salvage: float = 0.0
    npv: float
    irr: float | None = Field(description="fraction; None when it does not exist")
    payback_years: float | None = Field(description="undiscounted, linear within the year; None if never")
    discounted_payback_years: float | None
    break_even_cashflow: float = Field(description="yearly cash flow at which NPV = 0")
    loan_monthly_rate: float = Field(description="annuity per month if fully financed at `rate` over `years`")
    cashflows: list[float] = Field(description="year 0..N")
    verdict: str


class ScenarioResult(BaseModel):
    """Effect of a change in sales on revenue, result and cash."""

    percent: float
    months: list[date]
    delta_revenue: float
    delta_costs: float
    delta_result: float
    base_min_balance: float
    scenario_min_balance: float
    base_result: float
    scenario_result: float
