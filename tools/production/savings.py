"""'What would the plan have saved?': a backtest on the owner's own history against the bakery's rule."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from tools.company.data import load_sales
from tools.errors import RequestError
from tools.production.backtest import PolicyResult, rule_base, run_backtest, score_policy
from tools.production.demo import load_overrides, planner_history, product_economics, series_id, split_series
from tools.production.newsvendor import Economics
from tools.production.plan import MODEL_VERSION, demand_config
from tools.settings import get_settings


class WeekRow(BaseModel):
    """Returns per week for the plan and the rule."""

    week_start: date
    plan_returned: float
    rule_returned: float
    plan_profit_eur: float
    rule_profit_eur: float


class Savings(BaseModel):
    """Plan vs. the bakery's rule (mean of the last 3 same weekdays × markup) over a past period."""

    start: date
    end: date
    series: int
    markup: float
    markup_source: str = Field(description="'geschätzt' (from baked vs. rule base) or 'angegeben'")
    plan: PolicyResult
    rule: PolicyResult
    actual: PolicyResult | None = Field(default=None, description="what was really baked, when recorded")
    saved_returns: float
    saved_returns_eur: float
    extra_profit_eur: float
    weeks: list[WeekRow]
    demand_source: str = Field(description="what counted as demand, German")
    plan_bake_hours: float | None = Field(default=None, description="Backstube hours to make the plan's pieces")
    rule_bake_hours: float | None = Field(default=None, description="the same for the rule's pieces")
    actual_bake_hours: float | None = Field(default=None, description="the same for what was really baked")


def estimate_markup(sales: pd.DataFrame, before: date, weeks: int = 8) -> float | None:
    """The bakery's own markup: baked / mean of the last 3 same-weekday sales, over `weeks` before `before`."""
    if "baked" not in sales or (sales["baked"] == sales["sold"]).all():
        return None
    s = sales[
        (sales["date"] < pd.Timestamp(before)) & (sales["date"] >= pd.Timestamp(before) - pd.Timedelta(weeks=weeks))
    ]
    hist = pd.DataFrame(
        {
            "date": sales["date"],
            "series": [series_id(b, p) for b, p in zip(sales["branch"], sales["product"])],
            "value": sales["sold"].astype(float),
        }
    )
    tg = pd.DataFrame({"date": s["date"], "series": [series_id(b, p) for b, p in zip(s["branch"], s["product"])]})
    base = rule_base(hist[hist["date"] < pd.Timestamp(before)], tg)["mean3"].to_numpy()
    ok = base > 0
    num, den = float(s["baked"].to_numpy()[ok].sum()), float(base[ok].sum())
    return round(float(num / den), 2) if den > 0 else None


def savings(
    start: date,
    end: date,
    branches: list[str] | None = None,
    products: list[str] | None = None,
    markup: float | None = None,
) -> Savings:
    """Backtest [start, end] week by week (data up to 2 days before each week) for the selection."""
    sales = load_sales()
    if branches:
        sales = sales[sales["branch"].isin(branches)]
    if products:
        sales = sales[sales["product"].isin(products)]
    sales = sales.reset_index(drop=True)
    if sales.empty:
        raise RequestError("Für diese Auswahl gibt es keine Verkaufsdaten.")
    key = json.dumps(
        [
            MODEL_VERSION,
            str(start),
            str(end),
            sorted(branches or []),
            sorted(products or []),
            markup,
            str(sales["date"].max().date()),
            len(sales),
            "bake_hours",  # results stored before the hours were added are computed again
        ]
    )
    cache = get_settings().cache_dir / "production" / "savings.json"
    if cache.is_file():
        try:
            stored = json.loads(cache.read_text(encoding="utf-8"))
            if stored.get("key") == key:
                return Savings.model_validate(stored["value"])
        except (OSError, ValueError):
            pass
    msource = "angegeben"
    if markup is None:
        markup, msource = estimate_markup(sales, start), "geschätzt aus Ihren Backmengen"
        if markup is None:
            markup, msource = 1.15, "Standardwert, da keine Backmengen in den Daten"
    hist, sold, demand, econ = backtest_inputs(sales, start, end)
    weeks = (end - start).days // 7 + 1
    _, df = run_backtest(
        hist,
        demand,
        econ,
        start,
        weeks,
        demand_config(),  # the standard settings: a choice on the weeks before would cost ~25 CPU-s per request
        refit_every=100,
        integer=True,
        rule_history=sold,
    )
    df = df[df["date"] <= pd.Timestamp(end)].reset_index(drop=True)
    e = pd.DataFrame([econ[s].model_dump() for s in df["series"]])
    d = df["demand"].to_numpy(dtype=float)
    plan_q = df["plan"].to_numpy(dtype=float)
    rule_q = np.round(df["mean3"].to_numpy(dtype=float) * markup)
    plan = score_policy("Plan", plan_q, d, e, None, True)
    rule = score_policy("Regel", rule_q, d, e, markup, True)
    actual = None
    baked = sales.assign(series=[series_id(b, p) for b, p in zip(sales["branch"], sales["product"])])
    merged = df.merge(baked[["date", "series", "baked", "sold"]], on=["date", "series"], how="left")
    if (merged["baked"] != merged["sold"]).any():
        actual = score_policy("tatsächlich", merged["baked"].to_numpy(dtype=float), d, e, None, True)
    loss = (e["cost"] - e["salvage"]).clip(lower=0).to_numpy()
    plan_r, rule_r = plan_q - np.minimum(plan_q, d), rule_q - np.minimum(rule_q, d)
    df["wk"] = df["date"] - pd.to_timedelta((df["date"] - pd.Timestamp(start)).dt.days % 7, unit="D")
    rows = []
    for wk, idx in df.groupby("wk").groups.items():
        i = np.asarray(list(idx))
        rows.append(
            WeekRow(
                week_start=wk.date(),
                plan_returned=float(plan_r[i].sum()),
                rule_returned=float(rule_r[i].sum()),
                plan_profit_eur=score_policy("p", plan_q[i], d[i], e.iloc[i], None, True).profit_eur,
                rule_profit_eur=score_policy("r", rule_q[i], d[i], e.iloc[i], markup, True).profit_eur,
            )
        )
    out = Savings(
        start=start,
        end=min(end, df["date"].max().date()),
        series=df["series"].nunique(),
        markup=markup,
        markup_source=msource,
        plan=plan,
        rule=rule,
        actual=actual,
        saved_returns=float(rule_r.sum() - plan_r.sum()),
        saved_returns_eur=saved_value(plan_r, rule_r, loss),
        extra_profit_eur=round(plan.profit_eur - rule.profit_eur, 2),
        weeks=rows,
        demand_source=demand_source(sales),
        plan_bake_hours=bake_hours(df["series"], plan_q),
        rule_bake_hours=bake_hours(df["series"], rule_q),
        actual_bake_hours=bake_hours(df["series"], merged["baked"].to_numpy(dtype=float)) if actual else None,
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(
        json.dumps({"key": key, "value": out.model_dump(mode="json")}, ensure_ascii=False), encoding="utf-8"
    )
    return out


def bake_hours(series: pd.Series, pieces: np.ndarray) -> float:
    """Backstube hours (bakers and confectioners) to make the pieces of each row's product, at the staffing
    model's pieces per productive hour; goods outside the catalogue (an own export's new names) count no hours."""
    from tools.company.catalog import PRODUCT_BY_ID
    from tools.staffing.assumptions import load_assumptions
    from tools.staffing.needs import product_role_rate

    a = load_assumptions()
    frame = pd.DataFrame({"product": [split_series(str(s))[1] for s in series], "pieces": pieces})
    per_product = frame.groupby("product")["pieces"].sum()
    hours = sum(float(q) / product_role_rate(str(p), a)[1] for p, q in per_product.items() if p in PRODUCT_BY_ID)
    return round(hours / a.productivity.productive_share, 1)


def demand_source(sales: pd.DataFrame) -> str:
    """What the plans are scored against, in German: recorded demand, or the sales (a floor on sold-out days)."""
    if "demand" in sales and bool((sales["demand"] != sales["sold"]).any()):
        return "die in den Daten erfasste Nachfrage (Demodaten: simuliert, auch an ausverkauften Tagen)"
    return "der Verkauf (an ausverkauften Tagen nur eine Untergrenze der Nachfrage)"


def saved_value(plan_returned: np.ndarray, base_returned: np.ndarray, loss: np.ndarray) -> float:
    """Value in € of the returns the plan saves against the baseline (pieces × cost minus leftover value)."""
    return round(float((base_returned * loss).sum() - (plan_returned * loss).sum()), 2)


def backtest_inputs(
    sales: pd.DataFrame, start: date, end: date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Economics]]:
    """What a backtest of the plan against the rule needs: the planner's history, the sold history the rule
    reads, the demand to score against in [start, end] (recorded demand, else what was sold) and each series'
    economics."""
    hist = planner_history(sales)
    sold = planner_history(sales, uncensor=False)
    truth = sales["demand"] if "demand" in sales else sales["sold"]
    demand = pd.DataFrame({"date": hist["date"], "series": hist["series"], "demand": truth.astype(float).to_numpy()})
    demand = demand[(demand["date"] >= pd.Timestamp(start)) & (demand["date"] <= pd.Timestamp(end))]
    overrides = load_overrides()
    econ = {s: product_economics(split_series(s)[1], overrides) for s in hist["series"].unique()}
    return hist, sold, demand, econ


def last_month(today: date) -> tuple[date, date]:
    """The previous calendar month."""
    first = today.replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end
