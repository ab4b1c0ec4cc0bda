"""Weekly rolling backtest: the newsvendor plan against the baker's rules at markups 0.8–2.0."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.production.model import DemandModel, ModelConfig
from tools.production.newsvendor import Economics, decide, demand_samples

RULES = {
    "last_week": "gleicher Wochentag Vorwoche × Aufschlag",
    "mean3": "Mittel der letzten 3 gleichen Wochentage × Aufschlag",
}
MARKUPS = [round(0.8 + 0.05 * i, 2) for i in range(25)]
COVER_LEVELS = [0.1, 0.5, 0.8, 0.9]


class PolicyResult(BaseModel):
    """Totals of one policy over the backtest."""

    policy: str
    markup: float | None = None
    baked: float
    sold: float
    returned: float
    demand: float
    returns_rate: float
    fill_rate: float
    soldout_days: int
    profit_eur: float


class BacktestResult(BaseModel):
    """Plan vs. rules, the interpolated return ratio and quantile coverage."""

    start: date
    end: date
    series: int
    days: int
    plan: PolicyResult
    rules: list[PolicyResult]
    ratio_vs_best_rule: float | None
    best_rule_at_same_fill: str | None
    best_rule_profit_eur: float
    coverage: dict[str, float]
    pinball: dict[str, float]
    seconds_per_week: float
    max_seconds_week: float = 0.0


def score_policy(
    name: str, q: np.ndarray, d: np.ndarray, econ: pd.DataFrame, markup: float | None, integer: bool
) -> PolicyResult:
    """Returns, sell-outs, fill rate and profit of baking `q` against demand `d` (rounded up when `integer`)."""
    s = np.minimum(q, d)
    r = q - s
    so = int(((d >= q - 1e-9) & (d > 0)).sum()) if integer else int(((d > q) & (d > 0)).sum())
    profit = float((econ["price"] * s + econ["salvage"] * r - econ["cost"] * q).sum())
    return PolicyResult(
        policy=name,
        markup=markup,
        baked=float(q.sum()),
        sold=float(s.sum()),
        returned=float(r.sum()),
        demand=float(d.sum()),
        returns_rate=float(r.sum() / max(q.sum(), 1e-9)),
        fill_rate=float(s.sum() / max(d.sum(), 1e-9)),
        soldout_days=so,
        profit_eur=profit,
    )


def rule_base(hist: pd.DataFrame, targets: pd.DataFrame, cutoff: pd.Timestamp | None = None) -> pd.DataFrame:
    """Baker's bases known at the cutoff: same weekday of the last available week and mean of the last 3.

    Without a cutoff each target uses the data up to the day before it."""
    wide = hist.pivot_table(index="date", columns="series", values="value", aggfunc="sum")
    dates = pd.to_datetime(targets["date"])
    idx = pd.date_range(wide.index.min() if len(wide) else dates.min(), dates.max(), freq="D")
    series = sorted(set(wide.columns) | set(targets["series"]))
    y = wide.reindex(index=idx, columns=series).to_numpy(dtype=float)
    col = pd.Categorical(targets["series"], categories=series).codes
    pos = (dates - idx[0]).dt.days.to_numpy()
    h = (dates - cutoff).dt.days.to_numpy() if cutoff is not None else np.ones(len(dates), int)
    l1 = 7 * np.ceil(h / 7).astype(int)
    vals = []
    for k in range(3):
        p = pos - l1 - 7 * k
        v = np.full(len(p), np.nan)
        ok = p >= 0
        v[ok] = y[p[ok], col[ok]]
        vals.append(v)
    m = np.vstack(vals)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean3 = np.nan_to_num(np.nanmean(m, axis=0), nan=0.0)
    last = np.where(np.isnan(m[0]), mean3, m[0])
    out = targets[["date", "series"]].copy()
    out["last_week"] = last
    out["mean3"] = mean3
    return out


def run_backtest(
    history: pd.DataFrame,
    demand: pd.DataFrame,
    econ: dict[str, Economics],
    first_week: date,
    weeks: int,
    config: ModelConfig | None = None,
    lead_days: int = 2,
    refit_every: int = 4,
    integer: bool = False,
    extra: pd.DataFrame | None = None,
    rule_history: pd.DataFrame | None = None,
    selector: Callable[[pd.DataFrame, date], ModelConfig] | None = None,
    reselect_every: int = 13,
    prior: pd.DataFrame | None = None,
) -> tuple[BacktestResult, pd.DataFrame]:
    """Plan each week from data up to `lead_days` before it; history = what the planner sees, demand = truth,
    rule_history = what the baker's rule averages (default: history). With `selector` the model settings
    are chosen again every `reselect_every` weeks from the history up to that week's cutoff only. `prior`: an
    outside forecast stream (tools/production/prior.py) the model blends with when config.gbm_weight < 1."""
    config = config or ModelConfig()
    history = history.assign(date=pd.to_datetime(history["date"]), series=history["series"].astype(str))
    rule_history = (
        history
        if rule_history is None
        else rule_history.assign(date=pd.to_datetime(rule_history["date"]), series=rule_history["series"].astype(str))
    )
    demand = demand.assign(date=pd.to_datetime(demand["date"]), series=demand["series"].astype(str))
    model: DemandModel | None = None
    rows, timings = [], []
    for w in range(weeks):
        ws = pd.Timestamp(first_week) + pd.Timedelta(weeks=w)
        cutoff = ws - pd.Timedelta(days=lead_days)
        hist = history[history["date"] <= cutoff]
        targets = demand[(demand["date"] >= ws) & (demand["date"] < ws + pd.Timedelta(days=7))][
            ["date", "series", "demand"]
        ]
        targets = targets[targets["series"].isin(hist["series"].unique())].reset_index(drop=True)
        if targets.empty:
            continue
        if selector is not None and w % reselect_every == 0:  # once a quarter, stored in use: not in the week's time
            config = selector(hist, cutoff.date())
            model = None
        t0 = time.perf_counter()
        if model is None or w % refit_every == 0:
            model = DemandModel(config=config, extra=extra, prior=prior).fit(
                hist, hmin=lead_days, hmax=lead_days + 6, anchor=ws.date()
            )
        else:
            model.update(hist)
        pred = model.predict(targets)
        qs: list[float] = []
        qlev: dict[float, list[float]] = {lv: [] for lv in COVER_LEVELS}
        for _, p in pred.iterrows():
            e = econ[p["series"]]
            d = demand_samples(p["log_forecast"], model.residuals(p["series"], p["date"].weekday()))
            qs.append(decide(d, e, integer=integer).quantity)
            for lv, qv in zip(COVER_LEVELS, np.quantile(d, COVER_LEVELS)):
                qlev[lv].append(float(qv))
        timings.append(time.perf_counter() - t0)
        base = rule_base(rule_history[rule_history["date"] <= cutoff], targets, cutoff)
        frame = targets.copy()
        frame["forecast"] = pred["forecast"].to_numpy()
        frame["plan"] = qs
        for lv in COVER_LEVELS:
            frame[f"q{int(lv * 100)}"] = qlev[lv]
        frame["last_week"] = base["last_week"].to_numpy()
        frame["mean3"] = base["mean3"].to_numpy()
        rows.append(frame)
    df = pd.concat(rows, ignore_index=True)
    res = summarize(df, econ, integer, float(np.mean(timings)) if timings else 0.0)
    res.max_seconds_week = float(max(timings)) if timings else 0.0
    return res, df


def summarize(df: pd.DataFrame, econ: dict[str, Economics], integer: bool, sec_week: float) -> BacktestResult:
    """Scores of plan and rules, interpolated return ratio at equal fill rate, coverage and pinball loss."""
    e = pd.DataFrame([econ[s].model_dump() for s in df["series"]])
    d = df["demand"].to_numpy(dtype=float)
    plan = score_policy("plan", df["plan"].to_numpy(dtype=float), d, e, None, integer)
    rules = []
    for rule in RULES:
        for m in MARKUPS:
            q = df[rule].to_numpy(dtype=float) * m
            q = np.round(q) if integer else q
            rules.append(score_policy(rule, q, d, e, m, integer))
    best_ratio, best_name = None, None
    for rule in RULES:
        rr = sorted([r for r in rules if r.policy == rule], key=lambda r: r.fill_rate)
        fills = [r.fill_rate for r in rr]
        if fills[0] <= plan.fill_rate <= fills[-1]:
            ret = float(np.interp(plan.fill_rate, fills, [r.returned for r in rr]))
            ratio = plan.returned / ret if ret > 0 else None
            if ratio is not None and (best_ratio is None or ratio > best_ratio):
                best_ratio, best_name = ratio, rule
    cov, pin = {}, {}
    for lv in COVER_LEVELS:
        q = df[f"q{int(lv * 100)}"].to_numpy(dtype=float)
        cov[f"q{int(lv * 100)}"] = float((d <= q).mean())
        diff = d - q
        pin[f"q{int(lv * 100)}"] = float(np.mean(np.maximum(lv * diff, (lv - 1) * diff)))
    return BacktestResult(
        start=df["date"].min().date(),
        end=df["date"].max().date(),
        series=df["series"].nunique(),
        days=df["date"].nunique(),
        plan=plan,
        rules=rules,
        ratio_vs_best_rule=best_ratio,
        best_rule_at_same_fill=best_name,
        best_rule_profit_eur=max(r.profit_eur for r in rules),
        coverage=cov,
        pinball=pin,
        seconds_per_week=sec_week,
    )
