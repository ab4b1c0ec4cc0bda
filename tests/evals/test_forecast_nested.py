"""The nested forecast evaluation's level bound (how much of the error is day-to-day noise)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evals.forecast.nested import level_bound


def _frame(f_factor: np.ndarray, noise: np.ndarray) -> pd.DataFrame:
    ds = pd.date_range("2017-08-01", periods=len(noise), freq="D")
    y = 100 + noise
    return pd.DataFrame({"origin": "2017-08-01", "series": "1", "ds": ds, "y": y, "f": y * f_factor})


def test_a_pure_level_error_per_month_vanishes() -> None:
    months = pd.date_range("2017-08-01", periods=90, freq="D").month.to_numpy()
    factor = np.where(months == 8, 1.2, np.where(months == 9, 0.8, 1.1))  # wrong level, right days
    g = _frame(factor, np.random.default_rng(0).normal(0, 10, 90))
    assert level_bound(g) < 1e-9


def test_day_noise_remains_and_is_below_the_raw_error() -> None:
    rng = np.random.default_rng(1)
    g = _frame(np.full(90, 1.15), rng.normal(0, 10, 90))
    g["f"] = 115.0  # flat forecast, 15 % too high: the level is wrong and the days are noisy
    raw = float((g["f"] - g["y"]).abs().sum() / g["y"].sum())
    assert 0.03 < level_bound(g) < raw
