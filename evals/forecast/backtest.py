"""Rolling-origin backtests of the tuned model, plain Prophet and two seasonal-naive baselines."""

from __future__ import annotations

import resource
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from tools.forecast.model import fit_series, predict_series

MODELS = ("synerki", "prophet_plain", "lag7", "lag364")


def naive_lag7(hist: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """Same weekday last week, i.e. the latest observed same weekday before the origin."""
    obs = hist.dropna()
    out = []
    for d in days:
        prev = obs[(obs.index < days[0]) & (obs.index.day_of_week == d.day_of_week)]
        out.append(prev.iloc[-1] if len(prev) else np.nan)
    return np.array(out, dtype=float)


def naive_lag364(hist: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """Same weekday last year (lag 364), falling back to lag 371 / 357 when that day is missing."""
    out = []
    for d in days:
        v = np.nan
        for lag in (364, 371, 357):
            v = hist.get(d - pd.Timedelta(days=lag), np.nan)
            if not np.isnan(v):
                break
        out.append(v)
    return np.array(out, dtype=float)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the cmdstan optimiser runs as a child)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _one(
    series: str, hist: pd.DataFrame, test: pd.DataFrame, regressors: pd.DataFrame | None, region: str | None
) -> tuple[list[pd.DataFrame], list[tuple[float, float]]]:
    """Forecast the test days of one series with every model; returns frames and fit times."""
    days = pd.DatetimeIndex(test["ds"])
    truth = test["y_true"] if "y_true" in test else test["y"]
    base = pd.DataFrame({"series": series, "ds": days, "y": truth.to_numpy()})
    frames, fit_times = [], []
    for name, plain in (("synerki", False), ("prophet_plain", True)):
        t, c = time.perf_counter(), cpu_seconds()
        fs = fit_series(hist, regressors, region, plain=plain)
        if not plain:
            fit_times.append((time.perf_counter() - t, cpu_seconds() - c))
        p = predict_series(fs, days)
        frames.append(
            base.assign(model=name, f=p["forecast"].to_numpy(), lo=p["lower"].to_numpy(), hi=p["upper"].to_numpy())
        )
    s = hist.set_index("ds")["y"]
    frames.append(base.assign(model="lag7", f=naive_lag7(s, days), lo=np.nan, hi=np.nan))
    frames.append(base.assign(model="lag364", f=naive_lag364(s, days), lo=np.nan, hi=np.nan))
    return frames, fit_times


def rolling_origin(
    data: pd.DataFrame,
    origins: list[date],
    horizon: int,
    regressors: pd.DataFrame | None,
    region: str | None,
    n_jobs: int = 2,
    min_train: int = 120,
) -> tuple[pd.DataFrame, list[tuple[float, float]]]:
    """Backtest every series of `data` (series, ds, y[, y_true]) from each origin over `horizon` days;
    models learn from y, errors are measured against y_true where given (e.g. true demand)."""
    tasks = []
    for o in origins:
        o_ts = pd.Timestamp(o)
        end = o_ts + pd.Timedelta(days=horizon - 1)
        for s, g in data.groupby("series"):
            hist = g[g["ds"] < o_ts][["ds", "y"]]
            cols = ["ds", "y", "y_true"] if "y_true" in g else ["ds", "y"]
            test = g[(g["ds"] >= o_ts) & (g["ds"] <= end)][cols].dropna()
            if len(hist.dropna()) >= min_train and len(test):
                tasks.append(delayed(_one)(s, hist, test, regressors, region))
    results = Parallel(n_jobs=n_jobs)(tasks)
    frames = [f.assign(origin=i) for i, (fr, _) in enumerate(results) for f in fr]
    times = [t for _, ts in results for t in ts]
    return pd.concat(frames, ignore_index=True), times


def metrics(df: pd.DataFrame) -> pd.DataFrame:
    """WAPE, MAPE, bias and 80 % interval coverage per model and series, plus an 'ALLE' row per model."""
    d = df.dropna(subset=["f"]).copy()
    d = d[d["y"] > 0]

    def agg(g: pd.DataFrame) -> pd.Series:
        err = g["f"] - g["y"]
        cov = ((g["y"] >= g["lo"]) & (g["y"] <= g["hi"])).mean() if g["lo"].notna().any() else np.nan
        return pd.Series(
            {
                "n": len(g),
                "WAPE": err.abs().sum() / g["y"].sum(),
                "MAPE": (err.abs() / g["y"]).mean(),
                "Bias": err.sum() / g["y"].sum(),
                "Abdeckung80": cov,
            }
        )

    per = d.groupby(["model", "series"]).apply(agg, include_groups=False).reset_index()
    tot = d.groupby("model").apply(agg, include_groups=False).reset_index().assign(series="ALLE")
    return pd.concat([per, tot], ignore_index=True)


def origins_between(first: date, last: date, n: int) -> list[date]:
    """`n` origins spread evenly from `first` to `last`."""
    if n <= 1:
        return [first]
    step = (last - first).days / (n - 1)
    return [first + timedelta(days=round(i * step)) for i in range(n)]
