"""'What does the plan bring per year?': the last year of sales (or all history there is) planned day by day
from the data before each day only, against what was really baked (where the data records it) or the bakery's
rule. Computed by `synerki daily` and stored with a fingerprint of the sales, so the chat answers at once.

Refit cadence: the demand model is fitted anew every `REFIT_WEEKS` weeks (monthly); in between it is updated
each week with the newest sales (levels and lags, no refit). Each week is planned from the data up to
`LEAD_DAYS` days before its first day (`run_backtest`), so no day sees its own or any later sales. As in the
live plan, the model variant (point model, spread, residual sets: tools/production/selection.py) is chosen on
the 12 weeks before, every `RESELECT_WEEKS` weeks on the data up to that week's cutoff only; the refits in
between use the latest such choice.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from tools.artefacts import json_artefact
from tools.errors import DataError
from tools.production.backtest import PolicyResult, run_backtest, score_policy
from tools.production.demo import load_overrides, product_economics, series_id, split_series
from tools.production.model import ModelConfig
from tools.production.plan import MODEL_VERSION, catalogue_economics, content_hash, demand_config
from tools.production.savings import backtest_inputs, demand_source, estimate_markup, saved_value
from tools.production.selection import PLAN_SELECTION_VERSION, PlanChoice, select_plan

VERSION = 2  # raise when the computation below or the stored format changes
REFIT_WEEKS = 4
RESELECT_WEEKS = 12  # a multiple of REFIT_WEEKS: each new choice starts with a refit (5 choices a year, ~25 CPU-s each)
LEAD_DAYS = 2
MIN_HISTORY_DAYS = 56  # the first weeks of a short history only feed the model, they are not planned
DEFAULT_MARKUP = 1.15  # the rule's markup only when the data records no baked quantities to estimate it from


class SeriesYear(BaseModel):
    """One branch × product over the year: plan and baseline side by side."""

    branch: str
    product: str
    plan_returned: float
    base_returned: float
    plan_returned_eur: float
    base_returned_eur: float
    plan_soldout_days: int
    base_soldout_days: int
    plan_profit_eur: float
    base_profit_eur: float


class MonthYear(BaseModel):
    """Returns and profit per calendar month (for the chart)."""

    month: date
    plan_returned: float
    base_returned: float
    plan_profit_eur: float
    base_profit_eur: float


class YearlyValue(BaseModel):
    """The plan against the baseline over the last year (each day planned from earlier data only)."""

    start: date
    end: date
    days: int
    series: int
    full_year: bool = Field(description="False when the history is shorter than a year (all of it was used)")
    baseline: str = Field(description="'gebacken' (recorded baked), 'Regel' or 'gemischt'")
    baked_share: float = Field(description="share of planned days whose baseline is the recorded baked quantity")
    markup: float
    markup_source: str
    refit_weeks: int
    lead_days: int
    plan: PolicyResult
    base: PolicyResult
    saved_returns: float
    saved_returns_eur: float
    fewer_soldout_days: int
    extra_profit_eur: float
    demand_source: str
    months: list[MonthYear]
    by_series: list[SeriesYear]
    choices: list[PlanChoice] = Field(default_factory=list, description="the model choices made during the year")
    cpu_seconds: float


def _period(sales: pd.DataFrame, end: date | None, days: int) -> tuple[date, date, bool]:
    """Last `days` days of the history up to `end`, shortened to what the history allows."""
    first, last = sales["date"].min().date(), sales["date"].max().date()
    end = min(end or last, last)
    start = end - timedelta(days=days - 1)
    earliest = first + timedelta(days=MIN_HISTORY_DAYS)
    if earliest > end:
        raise DataError(
            f"Für eine Jahresrechnung reichen die Verkaufsdaten nicht: nötig sind mindestens {MIN_HISTORY_DAYS + 7} Tage."
        )
    return max(start, earliest), end, start >= earliest


def _recorded_baked(sales: pd.DataFrame) -> pd.Series:
    """True where the row records a baked quantity of its own (not just a copy of sold)."""
    if "baked" not in sales:
        return pd.Series(False, index=sales.index)
    baked = pd.to_numeric(sales["baked"], errors="coerce")
    if (baked.fillna(-1) == sales["sold"]).all():
        return pd.Series(False, index=sales.index)
    return baked.notna()


def plan_year_frame(
    sales: pd.DataFrame,
    start: date,
    end: date,
    refit_weeks: int = REFIT_WEEKS,
    config: ModelConfig | None = None,
    reselect_weeks: int | None = RESELECT_WEEKS,
    choices: list[PlanChoice] | None = None,
) -> pd.DataFrame:
    """Per day and series in [start, end]: the plan from earlier data, the rule's base, demand and the baked record.

    With `reselect_weeks` the model variant is chosen every that many weeks on the data up to that week's cutoff
    (appended to `choices`); without it `config` (default: the standard settings) is used throughout."""
    sales = sales.reset_index(drop=True)
    hist, sold, demand, econ = backtest_inputs(sales, start, end)
    weeks = (end - start).days // 7 + 1
    base = config or demand_config()
    sel_econ, default = catalogue_economics(hist)  # what the live choice scores with (tools/production/plan.py)

    def selector(h: pd.DataFrame, cutoff: date) -> ModelConfig:
        choice = select_plan(h, cutoff, sel_econ, default, base, lead_days=LEAD_DAYS)
        if choices is not None:
            choices.append(choice)
        return choice.config(base)

    _, df = run_backtest(
        hist,
        demand,
        econ,
        start,
        weeks,
        base,
        lead_days=LEAD_DAYS,
        refit_every=refit_weeks,
        integer=True,
        rule_history=sold,
        selector=selector if reselect_weeks else None,
        reselect_every=reselect_weeks or 1,
    )
    df = df[df["date"] <= pd.Timestamp(end)].reset_index(drop=True)
    rec = sales.assign(
        series=[series_id(b, p) for b, p in zip(sales["branch"], sales["product"])],
        baked_rec=pd.to_numeric(sales["baked"], errors="coerce") if "baked" in sales else np.nan,
        has_baked=_recorded_baked(sales),
    )[["date", "series", "baked_rec", "has_baked"]]
    rec["date"] = pd.to_datetime(rec["date"])
    return df.merge(rec, on=["date", "series"], how="left")


def _sums(q: np.ndarray, d: np.ndarray, e: pd.DataFrame, loss: np.ndarray) -> dict[str, float]:
    """Returns, their value, sold-out days and profit of baking q against demand d."""
    r = q - np.minimum(q, d)
    return {
        "returned": float(r.sum()),
        "returned_eur": float((r * loss).sum()),
        "soldout": float(((d >= q - 1e-9) & (d > 0)).sum()),
        "profit": float(
            (e["price"].to_numpy() * np.minimum(q, d) + e["salvage"].to_numpy() * r - e["cost"].to_numpy() * q).sum()
        ),
    }


def yearly_value(
    sales: pd.DataFrame, end: date | None = None, days: int = 365, refit_weeks: int = REFIT_WEEKS
) -> YearlyValue:
    """Plan every day of the last `days` days from the data before it and sum the year against the baseline."""
    t0 = time.process_time()
    start, end, full = _period(sales, end, days)
    markup = estimate_markup(sales, start)
    msource = "geschätzt aus Ihren Backmengen vor dem Zeitraum"
    if markup is None:
        markup, msource = DEFAULT_MARKUP, "Standardwert, da keine Backmengen in den Daten"
    choices: list[PlanChoice] = []
    df = plan_year_frame(sales, start, end, refit_weeks, choices=choices)
    ovs = load_overrides()
    econ = {s: product_economics(split_series(s)[1], ovs) for s in df["series"].unique()}
    e = pd.DataFrame([econ[s].model_dump() for s in df["series"]])
    d = df["demand"].to_numpy(dtype=float)
    plan_q = df["plan"].to_numpy(dtype=float)
    has = df["has_baked"].fillna(False).to_numpy(dtype=bool)
    base_q = np.where(
        has, df["baked_rec"].fillna(0).to_numpy(dtype=float), np.round(df["mean3"].to_numpy(dtype=float) * markup)
    )
    loss = (e["cost"] - e["salvage"]).clip(lower=0).to_numpy()
    plan = score_policy("Plan", plan_q, d, e, None, True)
    base = score_policy("gebacken" if has.all() else "Regel", base_q, d, e, None if has.all() else markup, True)
    by_series = _by_series(df, plan_q, base_q, d, e, loss)
    months = _by_month(df, plan_q, base_q, d, e)
    pr, br = plan_q - np.minimum(plan_q, d), base_q - np.minimum(base_q, d)
    return YearlyValue(
        start=start,
        end=end,
        days=int(df["date"].nunique()),
        series=int(df["series"].nunique()),
        full_year=full,
        baseline="gebacken" if has.all() else "Regel" if not has.any() else "gemischt",
        baked_share=float(has.mean()) if len(has) else 0.0,
        markup=markup,
        markup_source=msource,
        refit_weeks=refit_weeks,
        lead_days=LEAD_DAYS,
        plan=plan,
        base=base,
        saved_returns=float(br.sum() - pr.sum()),
        saved_returns_eur=saved_value(pr, br, loss),
        fewer_soldout_days=base.soldout_days - plan.soldout_days,
        extra_profit_eur=round(plan.profit_eur - base.profit_eur, 2),
        demand_source=demand_source(sales),
        months=months,
        by_series=by_series,
        choices=choices,
        cpu_seconds=round(time.process_time() - t0, 1),
    )


def _by_series(
    df: pd.DataFrame, plan_q: np.ndarray, base_q: np.ndarray, d: np.ndarray, e: pd.DataFrame, loss: np.ndarray
) -> list[SeriesYear]:
    out = []
    for s, idx in df.groupby("series").groups.items():
        i = np.asarray(list(idx))
        p, b = _sums(plan_q[i], d[i], e.iloc[i], loss[i]), _sums(base_q[i], d[i], e.iloc[i], loss[i])
        branch, product = split_series(str(s))
        out.append(
            SeriesYear(
                branch=branch,
                product=product,
                plan_returned=p["returned"],
                base_returned=b["returned"],
                plan_returned_eur=round(p["returned_eur"], 2),
                base_returned_eur=round(b["returned_eur"], 2),
                plan_soldout_days=int(p["soldout"]),
                base_soldout_days=int(b["soldout"]),
                plan_profit_eur=round(p["profit"], 2),
                base_profit_eur=round(b["profit"], 2),
            )
        )
    return out


def _by_month(
    df: pd.DataFrame, plan_q: np.ndarray, base_q: np.ndarray, d: np.ndarray, e: pd.DataFrame
) -> list[MonthYear]:
    loss = np.zeros(len(d))
    out = []
    for m, idx in df.groupby(df["date"].dt.to_period("M")).groups.items():
        i = np.asarray(list(idx))
        p, b = _sums(plan_q[i], d[i], e.iloc[i], loss[i]), _sums(base_q[i], d[i], e.iloc[i], loss[i])
        out.append(
            MonthYear(
                month=m.to_timestamp().date(),
                plan_returned=p["returned"],
                base_returned=b["returned"],
                plan_profit_eur=round(p["profit"], 2),
                base_profit_eur=round(b["profit"], 2),
            )
        )
    return out


# ---------------- stored year ----------------
YEARLY_ARTEFACT = json_artefact("production-yearly", YearlyValue, VERSION)


def yearly_inputs(sales: pd.DataFrame, end: date | None = None) -> dict[str, object]:
    """What the year is computed from: the sales' content, the economics, the plan model and the cadence."""
    return {
        "sales": content_hash(sales),
        "end": str(end) if end else None,
        "economics": [o.model_dump() for o in load_overrides()],
        "model": MODEL_VERSION,
        "refit_weeks": REFIT_WEEKS,
        "reselect_weeks": RESELECT_WEEKS,
        "selection": PLAN_SELECTION_VERSION,
    }


def stored_year(sales: pd.DataFrame, end: date | None = None) -> YearlyValue | None:
    """The stored year for exactly these sales, or None when it has not been computed yet."""
    inputs = yearly_inputs(sales, end)
    if not YEARLY_ARTEFACT.stored(inputs):
        return None
    return YEARLY_ARTEFACT.load_or_fit(inputs, lambda: yearly_value(sales, end))


def compute_year(sales: pd.DataFrame, end: date | None = None, refit: bool = False) -> YearlyValue:
    """The stored year, computed and stored when the sales changed (what `synerki daily` runs)."""
    return YEARLY_ARTEFACT.load_or_fit(yearly_inputs(sales, end), lambda: yearly_value(sales, end), refit=refit)
