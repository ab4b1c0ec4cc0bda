"""How far the demo forecast was off in the weeks gone by: a rolling back-test of the same model on the series' own
history, for „Wie sicher ist das?“.

For each of FOLDS origins in the last FOLDS × FOLD_DAYS days before the history end, the series' model is fitted on
the days before the origin only (with the weather known then: the days after it get the climatology, as a real
forecast does) and predicts the FOLD_DAYS days after it. Each open day's forecast and 80-% range are compared with
what was really sold there (demand on sold-out days raised, like the model's own history). The result is persisted
per series with a fingerprint of its data.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from tools.artefacts import json_artefact
from tools.forecast.model import MODEL_VERSION, ModelConfig, fit_series, predict_series

FOLDS = 4
FOLD_DAYS = 14  # each origin forecasts two weeks ahead: the horizon of „morgen“ to „nächste Woche“
ACCURACY_VERSION = 1
REGION = "DE-ST"


class BacktestDay(BaseModel):
    """One open day of the back-test: what was forecast (with its range) and what was really sold."""

    day: date
    actual: float
    forecast: float
    lower: float
    upper: float


class Backtest(BaseModel):
    """The back-test days of one series (persisted)."""

    series: str
    days: list[BacktestDay]


class Accuracy(BaseModel):
    """The back-test of one series over some days: typical deviation and how often the range held."""

    series: str
    start: date = Field(description="first day compared")
    end: date = Field(description="last day compared")
    days: int = Field(description="open days compared")
    mean_actual: float = Field(description="mean pieces really sold per open day")
    mean_abs_error: float = Field(description="mean absolute deviation forecast vs. actual, pieces per day")
    rel_error: float = Field(description="sum of absolute deviations / sum of actual pieces (WAPE)")
    within_range: int = Field(description="days whose actual lay inside the 80-% range")
    within_20pct: int = Field(description="days whose actual lay within ±20 % of the forecast")
    bias: float = Field(description="mean (forecast - actual) per day: > 0 the model guessed too high")


# as many as precompute stores ahead (tools/precompute.py: 90 series) and room for those asked on demand
BACKTEST_ARTEFACT = json_artefact("forecast-backtest", Backtest, ACCURACY_VERSION, keep=256)


def fold_origins(hist_end: pd.Timestamp) -> list[pd.Timestamp]:
    """The FOLDS origins, oldest first: each is the first day forecast by a model fitted on the days before it."""
    first = hist_end - pd.Timedelta(days=FOLDS * FOLD_DAYS - 1)
    return [first + pd.Timedelta(days=FOLD_DAYS * k) for k in range(FOLDS)]


def backtest(name: str, series: pd.DataFrame, weather: pd.DataFrame | None) -> Backtest:
    """Every open day with sales in the back-test window of one series (ds, y)."""
    s = series.assign(ds=pd.to_datetime(series["ds"])).sort_values("ds")
    rows: list[BacktestDay] = []
    if s.empty:
        return Backtest(series=name, days=rows)
    hist_end = s["ds"].max()
    for origin in fold_origins(hist_end):
        past = s[s["ds"] < origin]
        if len(past) < 120:  # too little history before this origin to fit the model
            continue
        known = None if weather is None else weather[pd.to_datetime(weather["date"]) < origin]
        fs = fit_series(past, known, REGION, ModelConfig())
        days = pd.date_range(origin, min(origin + pd.Timedelta(days=FOLD_DAYS - 1), hist_end), freq="D")
        pred = predict_series(fs, days)
        truth = s.set_index("ds")["y"].reindex(days).to_numpy()
        for (_, r), y in zip(pred.iterrows(), truth):
            if not r["closed"] and y == y and y > 0:
                rows.append(
                    BacktestDay(
                        day=r["ds"].date(),
                        actual=float(y),
                        forecast=float(r["forecast"]),
                        lower=float(r["lower"]),
                        upper=float(r["upper"]),
                    )
                )
    return Backtest(series=name, days=rows)


def summarize(bt: Backtest, start: date | None = None, end: date | None = None) -> Accuracy | None:
    """The figures of the back-test days in [start, end] (all when not given); None when none lies there."""
    rows = [r for r in bt.days if (start is None or r.day >= start) and (end is None or r.day <= end)]
    if not rows:
        return None
    y = np.array([r.actual for r in rows])
    f = np.array([r.forecast for r in rows])
    err = np.abs(f - y)
    inside = np.array([r.lower <= r.actual <= r.upper for r in rows])
    return Accuracy(
        series=bt.series,
        start=rows[0].day,
        end=rows[-1].day,
        days=len(rows),
        mean_actual=float(y.mean()),
        mean_abs_error=float(err.mean()),
        rel_error=float(err.sum() / max(y.sum(), 1e-9)),
        within_range=int(inside.sum()),
        within_20pct=int((err <= 0.2 * y).sum()),
        bias=float((f - y).mean()),
    )


def backtest_inputs(name: str, data_key: str) -> dict[str, object]:
    """What a stored back-test is fingerprinted on: the series, the data version, the model and the folds."""
    return {"series": name, "data": data_key, "model": MODEL_VERSION, "folds": FOLDS, "days": FOLD_DAYS}


def stored_backtest(name: str, series: pd.DataFrame, weather: pd.DataFrame | None, data_key: str) -> Backtest:
    """The stored back-test of one series for this data (run and saved when missing)."""
    return BACKTEST_ARTEFACT.load_or_fit(backtest_inputs(name, data_key), lambda: backtest(name, series, weather))
