"""Investment appraisal (NPV, IRR, payback, annuity) and sales scenarios, end-of-year cash flows."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tools.errors import RequestError
from tools.finance.budget import forecast_budget
from tools.finance.liquidity import plan_liquidity
from tools.finance.models import CashItem, InvestmentResult, ScenarioResult


def as_fraction(rate: float) -> float:
    """Accept 0.05 or 5 (percent) for five percent."""
    return rate / 100 if rate > 1 else rate


def npv(rate: float, cashflows: list[float]) -> float:
    """Net present value of cash flows at the end of years 0..N."""
    return float(sum(cf / (1 + rate) ** t for t, cf in enumerate(cashflows)))


def irr(cashflows: list[float]) -> float | None:
    """Internal rate of return (fraction) or None when NPV has no root in (-99 %, 1000 %)."""
    lo, hi = -0.99, 10.0
    f_lo, f_hi = npv(lo, cashflows), npv(hi, cashflows)
    if np.sign(f_lo) == np.sign(f_hi):
        return None
    from scipy.optimize import brentq  # ~1.5 s to import: only where it is used (the app warms it up)

    return float(brentq(lambda r: npv(r, cashflows), lo, hi, xtol=1e-10))


def payback(cashflows: list[float], rate: float = 0.0) -> float | None:
    """Years until the (discounted) cumulative cash flow reaches 0, linear within the year; None if never."""
    cum = cashflows[0]
    for t in range(1, len(cashflows)):
        cf = cashflows[t] / (1 + rate) ** t
        if cum + cf >= 0 and cf > 0:
            return round(t - 1 + (-cum) / cf, 2)
        cum += cf
    return None if cum < 0 else 0.0


def annuity(principal: float, rate: float, years: int) -> float:
    """Monthly instalment of a loan repaid in equal instalments over `years` at yearly `rate`."""
    n, r = years * 12, rate / 12
    return principal / n if r == 0 else principal * r / (1 - (1 + r) ** -n)


def appraise(
    price: float, years: int, yearly_cashflow: float, rate: float = 0.05, salvage: float = 0.0
) -> InvestmentResult:
    """NPV, IRR, payback and a verdict for a purchase paid now that returns `yearly_cashflow` each year end."""
    if price <= 0 or years <= 0:
        raise RequestError("Preis und Nutzungsdauer müssen größer als 0 sein.")
    r = as_fraction(rate)
    flows = [-price] + [yearly_cashflow] * years
    flows[-1] += salvage
    value = npv(r, flows)
    annuity_factor = sum(1 / (1 + r) ** t for t in range(1, years + 1))
    break_even = (price - salvage / (1 + r) ** years) / annuity_factor
    pb = payback(flows)
    if value > 0:
        verdict = "lohnt sich"
    elif pb is not None and pb <= years:
        verdict = "verdient den Preis zurück, deckt aber den Zins nicht"
    else:
        verdict = "lohnt sich nicht"
    return InvestmentResult(
        price=price,
        years=years,
        yearly_cashflow=yearly_cashflow,
        rate=r,
        salvage=salvage,
        npv=round(value, 2),
        irr=None if (x := irr(flows)) is None else round(x, 6),
        payback_years=pb,
        discounted_payback_years=payback(flows, r),
        break_even_cashflow=round(break_even, 2),
        loan_monthly_rate=round(annuity(price, r, years), 2),
        cashflows=[round(f, 2) for f in flows],
        verdict=verdict,
    )


def cash_purchase_effect(price: float, months: int = 3, pay_day: date | None = None) -> dict[str, float | str | None]:
    """Liquidity if the price is paid from the account on `pay_day` (default: first plan day)."""
    budget = forecast_budget(months=months + 2, bottom_up=False)
    base = plan_liquidity(months, budget=budget)
    day = pay_day or base.days[0].date
    with_buy = plan_liquidity(
        months, budget=budget, extra_payments={day: [CashItem(name="Investition (Barkauf)", amount=-price)]}
    )
    below = with_buy.first_below_buffer
    return {
        "pay_day": day.isoformat(),
        "base_min_balance": base.min_balance,
        "min_balance": with_buy.min_balance,
        "min_balance_date": with_buy.min_balance_date.isoformat(),
        "below_buffer_on": below.date.isoformat() if below else None,
        "below_zero_on": with_buy.first_shortfall.date.isoformat() if with_buy.first_shortfall else None,
        "safety_buffer": with_buy.safety_buffer_eur,
        "credit_line": with_buy.credit_line_eur,
    }


def sales_scenario(percent: float, months: list[date] | None = None, use_prophet: bool = True) -> ScenarioResult:
    """Effect of sales changing by `percent` in `months` (default: all forecast months) on result and cash."""
    base = forecast_budget(bottom_up=False, use_prophet=use_prophet)
    scen = forecast_budget(scenario_pct=percent, scenario_months=months, bottom_up=False, use_prophet=use_prophet)
    chosen = {date(m.year, m.month, 1) for m in months} if months else {m.month for m in base.months}
    pick = [i for i, m in enumerate(base.months) if m.month in chosen]
    if not pick:
        raise RequestError("Der gewählte Zeitraum liegt außerhalb der Prognose.")
    d_rev = sum(scen.months[i].revenue - base.months[i].revenue for i in pick)
    d_cost = sum(scen.months[i].costs_total - base.months[i].costs_total for i in pick)
    horizon = max(3, pick[-1] + 1)
    # the lowest balance „im Zeitraum“: up to the end of the last month asked, when months were asked
    end = (pd.Timestamp(base.months[pick[-1]].month) + pd.offsets.MonthEnd(0)).date() if months else None
    liq_base = plan_liquidity(horizon, budget=base, end=end)
    liq_scen = plan_liquidity(horizon, budget=scen, end=end)
    return ScenarioResult(
        percent=percent,
        months=[base.months[i].month for i in pick],
        delta_revenue=round(d_rev, 2),
        delta_costs=round(d_cost, 2),
        delta_result=round(d_rev - d_cost, 2),
        base_min_balance=liq_base.min_balance,
        scenario_min_balance=liq_scen.min_balance,
        base_result=round(sum(base.months[i].result for i in pick), 2),
        scenario_result=round(sum(scen.months[i].result for i in pick), 2),
    )
