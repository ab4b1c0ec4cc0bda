"""One function per link after demand: ovens (CP-SAT), staffing, recruiting, money (liquidity plan)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from tools.chain.cache import cached, data_key, key_of
from tools.chain.models import CampaignBrief, MoneyLink, OvenLink, StaffingLink

if TYPE_CHECKING:
    from tools.company.models import Oven
    from tools.finance.models import BudgetForecast
    from tools.planning.ovens import OvenPlan
    from tools.staffing.staffing import StaffingResult

ROUTE_LIMIT_S = 2.0  # tour planning per wave (the oven deadlines come from the tours)
OVEN_DET_LIMIT = 2.0  # CP-SAT deterministic time of the oven schedule
LIQUIDITY_DAYS_AFTER = 30  # the cash plan runs this long past the period's end


def _deadline_minute(hhmm: str) -> int:
    from tools.planning.common import hhmm_to_min

    m = hhmm_to_min(hhmm)
    return m - 24 * 60 if m >= 20 * 60 else m


def oven_loads(plan: OvenPlan, ovens: list[Oven]) -> tuple[dict[str, float], float]:
    """Busy minutes / (slots × minutes from oven start to the day's last deadline) in %: per oven and all ovens."""
    from tools.planning.ovens import start_minute

    if not plan.jobs:
        return {}, 0.0
    window_end = max(_deadline_minute(j.branch_deadline) for j in plan.jobs)
    busy: dict[str, int] = defaultdict(int)
    for j in plan.jobs:
        busy[j.oven] += j.end_min - j.start_min
    loads, used, capacity = {}, 0, 0
    for o in ovens:
        window = window_end - start_minute(o)
        if window > 0 and o.slots:
            loads[o.name] = round(100.0 * busy.get(o.id, 0) / (len(o.slots) * window), 1)
            used += busy.get(o.id, 0)
            capacity += len(o.slots) * window
    return loads, round(100.0 * used / capacity, 1) if capacity else 0.0


def oven_link(day: date, pieces: pd.DataFrame) -> OvenLink:
    """Tours and oven schedule (CP-SAT) for one day's quantities; cached per day and quantities."""
    from tools.planning.common import PlanItem

    sel = pieces[pieces["date"] == day]
    items = sorted((r.branch, r.product, int(round(r.produce))) for r in sel.itertuples() if round(r.produce) > 0)

    def compute() -> OvenLink:
        from tools.company.data import load_ovens
        from tools.planning.day import DayDemand, plan_ovens_day, plan_routes_day

        demand = DayDemand(
            day=day,
            items=[PlanItem(branch=b, product=p, quantity=q) for b, p, q in items],
            source="chain",
            source_text="Mengen der Gesamtkette",
        )
        routes = plan_routes_day(demand, time_limit_s=ROUTE_LIMIT_S)
        plan, _ = plan_ovens_day(demand, routes, deterministic_limit=OVEN_DET_LIMIT)
        loads, total = oven_loads(plan, load_ovens())
        busiest = max(loads, key=lambda k: loads[k]) if loads else "–"
        return OvenLink(
            day=day,
            pieces=sum(q for _, _, q in items),
            status=plan.status,
            busiest_oven=busiest,
            load_pct=loads.get(busiest, 0.0),
            loads_pct=loads,
            total_load_pct=total,
            busy_hours=round(sum(j.end_min - j.start_min for j in plan.jobs) / 60, 1),
            missing_oven_hours=plan.missing_oven_hours,
            last_end=plan.last_end,
            late_products=plan.late_products,
        )

    return cached("ovens", key_of(data_key(), day, items, ROUTE_LIMIT_S, OVEN_DET_LIMIT), OvenLink, compute)


def staffing_link(
    start: date, end: date, pieces: pd.DataFrame, branches: list[str] | None
) -> tuple[StaffingLink, StaffingResult]:
    """compute_staffing on the chain's pieces; returns (link figures, full StaffingResult)."""
    from tools.company.catalog import BAKERY
    from tools.staffing.staffing import compute_staffing

    frame = pieces[["date", "branch", "product", "produce", "sell"]]
    sites = [BAKERY.id] + list(branches) if branches else None
    res = compute_staffing(start, end, sites, pieces=frame)
    short = {t.role: t.shortage_hours for t in res.totals}  # the same totals the staffing answer shows
    worst = max(short, key=lambda k: short[k]) if short and max(short.values()) > 0 else None
    link = StaffingLink(
        shortage_hours=short,
        needed_hours={t.role: t.needed_hours for t in res.totals},
        available_hours={t.role: t.available_hours for t in res.totals},
        worst_role=worst,
        demand_source=CHAIN_STAFFING_SOURCE,
        shortage_cut=res.shortage_cut,
    )
    return link, res


CHAIN_STAFFING_SOURCE = "Mengen der Kette (Produktionsplan und Prognose)"


def period_staffing(start: date, end: date, sites: list[str] | None, today: date) -> StaffingResult:
    """Staffing of a period on the overview's quantities (production plan, then forecast) whenever the chain
    reaches the period – one staffing truth for the staffing answer, the campaign and the overview; further
    ahead (or for past days) on last year's sales × trend."""
    from tools.chain.chain import MAX_DAYS
    from tools.chain.pieces import expected_pieces, plan_window
    from tools.company.catalog import BRANCH_BY_ID
    from tools.staffing.staffing import compute_staffing

    first, _ = plan_window()
    if start < first or (end - start).days + 1 > MAX_DAYS:
        return compute_staffing(start, end, sites, today=today)
    shops = [s for s in sites or [] if s in BRANCH_BY_ID] or None
    pieces, _ = expected_pieces(start, end, shops, None)
    frame = pieces[["date", "branch", "product", "produce", "sell"]]
    res = compute_staffing(start, end, sites, today=today, pieces=frame)
    return res.model_copy(update={"demand_source": CHAIN_STAFFING_SOURCE})


def recruiting_link(staffing_result: StaffingResult) -> list[CampaignBrief]:
    """Recruiting campaigns drafted for the roles whose weekly shortage passes the threshold."""
    from tools.staffing.recruiting import propose_campaigns

    return [
        CampaignBrief(
            role=c.role,
            title=c.title,
            employment=c.employment,
            headcount=c.headcount,
            cost_total_eur=c.cost_total_eur,
            start_campaign_by=c.start_campaign_by,
            earliest_start_work=c.earliest_start_work,
            in_time=c.in_time,
            channels=[ch.name for ch in c.channels],
        )
        for c in propose_campaigns(staffing_result)
    ]


def cached_budget() -> BudgetForecast:
    """The finance tool's budget forecast (monthly model), cached per data version."""
    from tools.finance.budget import forecast_budget
    from tools.finance.models import BudgetForecast

    return cached("budget", key_of(data_key()), BudgetForecast, lambda: forecast_budget(bottom_up=False))


def money_link(
    start: date,
    end: date,
    pieces: pd.DataFrame,
    campaigns: list[CampaignBrief],
    base_pieces: pd.DataFrame | None = None,
) -> MoneyLink:
    """Revenue/cost of the pieces and the liquidity plan with the chain's extra payments.

    Base case: the campaigns' costs on their start day. Scenario (`base_pieces` given): also the
    extra takings and production costs per day against the base case.
    """
    from tools.finance.liquidity import plan_liquidity
    from tools.finance.models import CashItem
    from tools.settings import get_settings

    today = get_settings().today()
    revenue = float((pieces["sell"] * pieces["price"]).sum())
    cost = float((pieces["produce"] * pieces["cost"]).sum())
    camp = float(sum(c.cost_total_eur for c in campaigns))
    extras: dict[date, list[CashItem]] = defaultdict(list)
    for c in campaigns:
        extras[max(c.start_campaign_by, today)].append(
            CashItem(name=f"Recruiting-Kampagne {c.role}", amount=-round(c.cost_total_eur, 2))
        )
    if base_pieces is not None:

        def per_day(df: pd.DataFrame) -> pd.DataFrame:
            return (
                df.assign(rev=df["sell"] * df["price"], cst=df["produce"] * df["cost"])
                .groupby("date")[["rev", "cst"]]
                .sum()
            )

        delta = per_day(pieces).sub(per_day(base_pieces), fill_value=0.0)
        for d, r in delta.iterrows():
            extras[d].append(CashItem(name="Mehr-/Minderumsatz Szenario", amount=round(float(r["rev"]), 2)))
            extras[d].append(CashItem(name="Mehr-/Minderkosten Produktion Szenario", amount=-round(float(r["cst"]), 2)))
    horizon = end + timedelta(days=LIQUIDITY_DAYS_AFTER)
    liq = plan_liquidity(budget=cached_budget(), end=horizon, extra_payments=dict(extras))
    at_end = next((d for d in liq.days if d.date == end), liq.days[-1])
    return MoneyLink(
        revenue_eur=round(revenue, 2),
        production_cost_eur=round(cost, 2),
        campaign_cost_eur=round(camp, 2),
        contribution_eur=round(revenue - cost - camp, 2),
        balance_date=at_end.date,
        balance_eur=at_end.balance,
        min_balance_eur=liq.min_balance,
        min_balance_date=liq.min_balance_date,
        first_below_buffer=liq.first_below_buffer.date if liq.first_below_buffer else None,
        first_below_zero=liq.first_shortfall.date if liq.first_shortfall else None,
        safety_buffer_eur=liq.safety_buffer_eur,
        horizon_end=horizon,
    )
