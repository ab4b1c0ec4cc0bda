"""Can the business afford one more person? The role's cost from the staff contracts, set against the monthly
budget forecast (operating result) and the day-by-day liquidity plan with the new wages paid on the wage day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pandas as pd
from pydantic import BaseModel, Field

from tools.company.data import load_account, load_staff
from tools.company.models import Role
from tools.errors import RequestError
from tools.finance.budget import forecast_budget
from tools.finance.liquidity import on_pay_day, plan_liquidity
from tools.finance.models import CashItem, LiquidityPlan
from tools.staffing.staff_cost import WEEKS_PER_MONTH, staff_cost

Verdict = Literal["tragbar", "knapp", "nicht_tragbar"]


class HireMonth(BaseModel):
    """One forecast month: the operating result without and with the new wages."""

    month: date
    result: float
    cost: float
    result_after: float


class CashMarks(BaseModel):
    """The first days a liquidity plan falls below the safety buffer, below 0 € and beyond the credit line."""

    below_buffer_on: date | None
    below_zero_on: date | None
    credit_exceeded_on: date | None


def _marks(plan: LiquidityPlan) -> CashMarks:
    return CashMarks(
        below_buffer_on=plan.first_below_buffer.date if plan.first_below_buffer else None,
        below_zero_on=plan.first_shortfall.date if plan.first_shortfall else None,
        credit_exceeded_on=plan.credit_line_exceeded.date if plan.credit_line_exceeded else None,
    )


def _earlier(after: date | None, base: date | None) -> bool:
    """True when the plan with the new people reaches a mark the plan without them reaches later or never."""
    return after is not None and (base is None or after < base)


class HireEffect(BaseModel):
    """The monthly cost of the new people and what it does to the result and the account."""

    role: Role
    people: int
    hours_week: float = Field(description="contract hours per person and week (named, or the role's mean)")
    hours_named: bool
    hourly_wage: float = Field(description="hours-weighted mean gross wage of the role")
    wage_low: float
    wage_high: float
    employer_factor: float
    monthly_cost: float = Field(description="all new people per month, gross + employer contributions")
    start: date
    months: list[HireMonth]
    horizon_end: date
    base_min_balance: float
    min_balance: float
    min_balance_date: date
    base: CashMarks = Field(description="the liquidity plan without the new people")
    after: CashMarks = Field(description="the liquidity plan with them")
    safety_buffer: float
    credit_line: float
    verdict: Verdict


def _wage_days(start: date, end: date, wage_day: int) -> list[date]:
    """The wage days from `start` (its own month counts) up to `end`, clipped to each month's length."""
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [d for d in days if on_pay_day(d, wage_day)]


def _verdict(base: CashMarks, after: CashMarks, results_after: list[float]) -> Verdict:
    """Not affordable when the result turns negative over the months or the credit line runs out earlier; tight
    when the account falls below 0 € or the buffer earlier (or below 0 € even without the new people), or a single
    month's result turns negative."""
    if sum(results_after) < 0 or _earlier(after.credit_exceeded_on, base.credit_exceeded_on):
        return "nicht_tragbar"
    earlier = _earlier(after.below_zero_on, base.below_zero_on) or _earlier(after.below_buffer_on, base.below_buffer_on)
    if earlier or base.below_zero_on is not None or any(r < 0 for r in results_after):
        return "knapp"
    return "tragbar"


def hire_effect(
    role: Role, start: date, people: int = 1, hours_week: float | None = None, months: int = 6
) -> HireEffect:
    """Cost of `people` new people of `role` from `start`, the budget's monthly result and the liquidity with them."""
    if people < 1 or people > 20:
        raise RequestError("Bitte nennen Sie zwischen 1 und 20 neue Kräfte.")
    if hours_week is not None and not 1 <= hours_week <= 48:
        raise RequestError("Die Wochenstunden einer Kraft müssen zwischen 1 und 48 liegen (Arbeitszeitgesetz).")
    staff = load_staff()
    cost = staff_cost(staff)
    row = next((r for r in cost.roles if r.role == role), None)
    if row is None:
        raise RequestError(f"Ihre Personaldaten haben niemanden in der Rolle „{role}“ – mir fehlt der Lohn dazu.")
    hours = hours_week if hours_week is not None else row.hours_week
    monthly = people * hours * row.hourly_wage * WEEKS_PER_MONTH * cost.employer_factor
    wages = [e.hourly_wage_eur for e in staff if e.role == role]
    budget = forecast_budget(months=months + 1, bottom_up=False)
    account = load_account()
    base = plan_liquidity(months, budget=budget, account=account)
    end = base.days[-1].date
    extra = {
        d: [CashItem(name=f"Neue Kraft {role} (Lohn + Sozialabgaben)", amount=-monthly)]
        for d in _wage_days(start, end, account.wage_day)
    }
    after = plan_liquidity(months, budget=budget, account=account, extra_payments=extra)
    rows = []
    for m in budget.months[:months]:
        month_end = (pd.Timestamp(m.month) + pd.offsets.MonthEnd(0)).date()
        share = 0.0 if start > month_end else min(1.0, ((month_end - max(start, m.month)).days + 1) / month_end.day)
        rows.append(
            HireMonth(month=m.month, result=m.result, cost=monthly * share, result_after=m.result - monthly * share)
        )
    marks_base, marks_after = _marks(base), _marks(after)
    return HireEffect(
        role=role,
        people=people,
        hours_week=hours,
        hours_named=hours_week is not None,
        hourly_wage=row.hourly_wage,
        wage_low=min(wages),
        wage_high=max(wages),
        employer_factor=cost.employer_factor,
        monthly_cost=monthly,
        start=start,
        months=rows,
        horizon_end=end,
        base_min_balance=base.min_balance,
        min_balance=after.min_balance,
        min_balance_date=after.min_balance_date,
        base=marks_base,
        after=marks_after,
        safety_buffer=after.safety_buffer_eur,
        credit_line=after.credit_line_eur,
        verdict=_verdict(marks_base, marks_after, [r.result_after for r in rows if r.cost > 0]),
    )
