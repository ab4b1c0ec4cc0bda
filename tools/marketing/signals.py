"""What the production plan says per product (expected returns, sell-out chance) and the plan against the
bakery's own rule for the same demand distribution – the figures offers are based on."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.data import load_sales
from tools.marketing.models import PlanChange, ProductSignal
from tools.production.backtest import rule_base
from tools.production.censoring import opening_hours_on
from tools.production.demo import load_overrides, planner_history, product_economics, series_id
from tools.production.newsvendor import demand_samples, evaluate
from tools.production.plan import ProductionPlan, fitted_model, memoised_history
from tools.production.savings import estimate_markup

STANDARD_MARKUP = 1.15  # the rule's markup when the data hold no baked quantities (as tools/production/savings)


def _closing(branches: list[str], day: date) -> str | None:
    """Earliest closing time of these branches that day ('HH:MM'), None when unknown."""
    ends = [w[1] for w in (opening_hours_on(b, day) for b in branches) if w is not None]
    return f"{min(ends):%H:%M}" if ends else None


def _next_open(branches: list[str], day: date) -> date | None:
    """The first day after `day` (within a week) on which one of the branches is open."""
    for k in range(1, 8):
        d = day + timedelta(days=k)
        if any(opening_hours_on(b, d) is not None for b in branches):
            return d
    return None


def product_signals(plan: ProductionPlan, returns_threshold: float, sellout_threshold: float) -> list[ProductSignal]:
    """Per product over the plan's branches: planned pieces, expected returns and their share, the
    piece-weighted sell-out chance, and which thresholds they cross (strictly above)."""
    out: list[ProductSignal] = []
    for total in plan.products:
        items = [i for i in plan.items if i.product == total.product and i.quantity > 0]
        if not items:
            continue
        planned = sum(i.quantity for i in items)
        returns = sum(i.expected_returns for i in items)
        sellout = sum(i.sellout_prob * i.quantity for i in items) / planned
        share = returns / planned
        rules: list = []
        if share > returns_threshold:
            rules.append("returns")
        if sellout > sellout_threshold:
            rules.append("sellout")
        branches = sorted({i.branch for i in items})
        out.append(
            ProductSignal(
                product=total.product,
                name=total.name,
                branches=branches,
                planned=planned,
                forecast=round(sum(i.forecast for i in items), 1),
                expected_returns=round(returns, 2),
                returns_share=round(share, 4),
                expected_returns_eur=round(sum(i.expected_returns_eur for i in items), 2),
                sellout_prob=round(sellout, 4),
                price_eur=items[0].price_eur,
                salvage_eur=items[0].salvage_eur,
                closing=_closing(branches, plan.day),
                next_open=_next_open(branches, plan.day),
                rules=rules,
            )
        )
    return out


def plan_changes(plan: ProductionPlan, products: list[str]) -> list[PlanChange]:
    """For each product: the plan's pieces and the rule's (mean of the last 3 same weekdays × the markup
    estimated from the bakery's own baked quantities), both scored on the plan model's demand distribution."""
    items = [i for i in plan.items if i.product in products]
    if not items:
        return []
    sales = load_sales()
    hist, hist_hash = memoised_history(sales)
    model = fitted_model(hist, hist_hash)
    markup = estimate_markup(sales, plan.day)
    source = "geschätzt aus Ihren Backmengen der letzten 8 Wochen"
    if markup is None:
        markup, source = STANDARD_MARKUP, "Standardwert, da keine Backmengen in den Daten"
    targets = pd.DataFrame({"date": pd.Timestamp(plan.day), "series": [series_id(i.branch, i.product) for i in items]})
    pred = model.predict(targets).set_index("series")
    sold = planner_history(sales, uncensor=False)
    base = rule_base(sold, targets, cutoff=pd.Timestamp(plan.data_until)).set_index("series")["mean3"]
    ovs = load_overrides()
    acc: dict[str, list[float]] = {}
    for i in items:
        sid = series_id(i.branch, i.product)
        d = demand_samples(float(pred.at[sid, "log_forecast"]), model.residuals(sid, plan.day.weekday()))
        econ = product_economics(i.product, ovs)
        rule_q = float(round(float(base.get(sid, 0.0)) * markup))
        plan_es, plan_ret, _, plan_so, plan_pr = evaluate(float(i.quantity), d, econ)
        rule_es, rule_ret, _, rule_so, rule_pr = evaluate(rule_q, d, econ)
        row = acc.setdefault(i.product, [0.0] * 10)
        values = (i.quantity, rule_q, plan_ret, rule_ret, plan_so * i.quantity, rule_so * rule_q)
        for k, v in enumerate((*values, plan_es, rule_es, plan_pr, rule_pr)):
            row[k] += v
    return [
        PlanChange(
            product=p,
            name=PRODUCT_BY_ID[p].name if p in PRODUCT_BY_ID else p,
            plan_pieces=int(r[0]),
            rule_pieces=int(r[1]),
            plan_returns=round(r[2], 1),
            rule_returns=round(r[3], 1),
            plan_sellout_prob=round(r[4] / r[0], 4) if r[0] else 1.0,
            rule_sellout_prob=round(r[5] / r[1], 4) if r[1] else 1.0,
            markup=markup,
            markup_source=source,
            plan_sales=round(r[6], 1),
            rule_sales=round(r[7], 1),
            plan_profit_eur=round(r[8], 2),
            rule_profit_eur=round(r[9], 2),
        )
        for p, r in acc.items()
    ]
