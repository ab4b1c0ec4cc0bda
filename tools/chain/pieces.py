"""Expected pieces per day, branch and product for the chain.

Days inside the production planner's horizon use its newsvendor plan (quantity) and its demand
forecast. Later days take the plan of the same weekday inside the horizon and scale each product
by the sales forecast (`forecast_demo_series`, chain total per product) of that day against the
template day. A demand scenario scales demand and quantities alike (the newsvendor quantile of a
scaled demand distribution is the scaled quantile).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel

from tools.chain.cache import cached, data_key, key_of
from tools.errors import RequestError

COLUMNS = ["date", "branch", "product", "produce", "sell", "price", "cost", "planned"]


class TemplateItem(BaseModel):
    branch: str
    product: str
    quantity: int
    forecast: float
    price: float
    cost: float


class TemplatePlan(BaseModel):
    """The production plan of one day, reduced to what the chain needs."""

    day: date
    items: list[TemplateItem]


def plan_window() -> tuple[date, date]:
    """First and last day the production planner can plan (after the last sales day)."""
    from tools.company.data import load_sales
    from tools.production.plan import HORIZON_DAYS

    cutoff = load_sales()["date"].max().date()
    return cutoff + timedelta(days=1), cutoff + timedelta(days=HORIZON_DAYS)


def template_plan(day: date, branches: list[str] | None, products: list[str] | None) -> TemplatePlan:
    """`plan_day` of one day, cached on disk per data version and planner version."""
    from tools.production.plan import MODEL_VERSION, plan_day

    def compute() -> TemplatePlan:
        plan = plan_day(day, branches=branches, products=products)
        return TemplatePlan(
            day=day,
            items=[
                TemplateItem(
                    branch=i.branch,
                    product=i.product,
                    quantity=i.quantity,
                    forecast=i.forecast,
                    price=i.price_eur,
                    cost=i.cost_eur,
                )
                for i in plan.items
            ],
        )

    return cached("plan", key_of(data_key(), MODEL_VERSION, day, branches, products), TemplatePlan, compute)


def product_forecast(start: date, end: date, products: list[str]) -> pd.DataFrame:
    """Chain-total daily forecast per product: date, product, forecast."""
    from tools.forecast.api import forecast_demo_series

    df = forecast_demo_series(start, end, [f"alle/{p}" for p in products])
    return pd.DataFrame(
        {
            "date": pd.to_datetime(df["date"]).dt.date,
            "product": df["product"],
            "forecast": df["forecast"].clip(lower=0.0),
        }
    )


def expected_pieces(
    start: date, end: date, branches: list[str] | None = None, products: list[str] | None = None
) -> tuple[pd.DataFrame, date]:
    """DataFrame[COLUMNS] for every day of [start, end] and the last day the planner covers."""
    first, last = plan_window()
    if start < first:
        raise RequestError(f"Für Tage vor dem {first:%d.%m.%Y} liegen schon Verkaufszahlen vor.")
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    by_weekday = {
        (first + timedelta(days=i)).weekday(): first + timedelta(days=i) for i in range((last - first).days + 1)
    }
    templates = {d: template_plan(d, branches, products) for d in sorted({by_weekday[x.weekday()] for x in days})}
    projected = [d for d in days if d > last]
    ratio: dict[tuple[date, str], float] = {}
    if projected:
        prods = sorted({i.product for t in templates.values() for i in t.items})
        fc = product_forecast(min(templates), max(projected), prods)
        table = {(r.date, r.product): r.forecast for r in fc.itertuples()}
        for d in projected:
            t = by_weekday[d.weekday()]
            for p in prods:
                base = table.get((t, p), 0.0)
                ratio[(d, p)] = table.get((d, p), 0.0) / base if base > 0 else 0.0
    rows = []
    for d in days:
        template = templates[by_weekday[d.weekday()]]
        planned = d <= last
        for i in template.items:
            r = 1.0 if planned else ratio.get((d, i.product), 0.0)
            rows.append((d, i.branch, i.product, i.quantity * r, i.forecast * r, i.price, i.cost, planned))
    return pd.DataFrame(rows, columns=COLUMNS), last


def scaled(pieces: pd.DataFrame, percent: float) -> pd.DataFrame:
    """Demand and production scaled by (1 + percent/100)."""
    f = max(0.0, 1.0 + percent / 100.0)
    return pieces.assign(produce=pieces["produce"] * f, sell=pieces["sell"] * f)


def prev_year_demand(start: date, end: date, branches: list[str] | None, products: list[str] | None) -> float | None:
    """Demand (sold, sold-out days uncensored as the forecast's target) 52 weeks earlier; None without history."""
    from tools.forecast.api import demo_inputs

    s = demo_inputs()[0]
    a, b = pd.Timestamp(start - timedelta(days=364)), pd.Timestamp(end - timedelta(days=364))
    sel = s[(s["date"] >= a) & (s["date"] <= b)]
    if branches:
        sel = sel[sel["branch"].isin(branches)]
    if products:
        sel = sel[sel["product"].isin(products)]
    return float(sel["value"].sum()) if len(sel) else None
