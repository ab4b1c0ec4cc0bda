"""The forecast's rolling back-test: each origin's model sees only the days before it; the figures are counted
from the days compared."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from tools.forecast.accuracy import FOLD_DAYS, FOLDS, Backtest, BacktestDay, backtest, fold_origins, summarize


def _series(days: int = 500, jump_after: date | None = None) -> pd.DataFrame:
    ds = pd.date_range("2025-07-01", periods=days, freq="D")
    rng = np.random.default_rng(3)
    y = 100 + 30 * (ds.dayofweek >= 5) + rng.normal(0, 5, len(ds))
    if jump_after is not None:
        y = np.where(ds > pd.Timestamp(jump_after), y * 3, y)
    return pd.DataFrame({"ds": ds, "y": y.round()})


def test_folds_cover_the_last_weeks_before_the_history_end() -> None:
    origins = fold_origins(pd.Timestamp("2026-11-24"))
    assert len(origins) == FOLDS
    assert origins[0] == pd.Timestamp("2026-11-24") - pd.Timedelta(days=FOLDS * FOLD_DAYS - 1)
    assert all(b - a == pd.Timedelta(days=FOLD_DAYS) for a, b in zip(origins, origins[1:]))


def test_each_fold_is_forecast_from_the_days_before_it_only() -> None:
    plain = _series()
    end = plain["ds"].max().date()
    first = fold_origins(pd.Timestamp(end))[0].date()
    # sales triple after the first fold: its forecasts must not change, the later folds' must see the jump
    jumped = _series(jump_after=first + timedelta(days=FOLD_DAYS - 1))
    a, b = backtest("x", plain, None), backtest("x", jumped, None)
    first_a = [r.forecast for r in a.days if r.day < first + timedelta(days=FOLD_DAYS)]
    first_b = [r.forecast for r in b.days if r.day < first + timedelta(days=FOLD_DAYS)]
    assert first_a and first_a == first_b
    acc = summarize(a)
    assert acc is not None and acc.days == len(a.days) and acc.rel_error < 0.15  # a regular series is learnt
    worse = summarize(b)
    assert worse is not None and worse.rel_error > acc.rel_error  # the jump is an error the back-test shows


def test_summary_counts_the_days_in_range() -> None:
    d0 = date(2026, 11, 1)
    rows = [
        BacktestDay(day=d0, actual=100, forecast=110, lower=90, upper=120),  # inside, 10 % off
        BacktestDay(day=d0 + timedelta(days=1), actual=100, forecast=150, lower=130, upper=170),  # outside
        BacktestDay(day=d0 + timedelta(days=2), actual=50, forecast=50, lower=40, upper=60),
    ]
    acc = summarize(Backtest(series="s", days=rows))
    assert acc is not None
    assert acc.days == 3 and acc.within_range == 2 and acc.within_20pct == 2
    assert acc.mean_abs_error == 20 and round(acc.rel_error, 3) == 0.24 and round(acc.bias, 2) == 20
    only_first = summarize(Backtest(series="s", days=rows), d0, d0)
    assert only_first is not None and only_first.days == 1
    assert summarize(Backtest(series="s", days=rows), d0 - timedelta(days=9), d0 - timedelta(days=5)) is None
