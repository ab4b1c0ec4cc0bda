"""The live plain-Prophet stream (issue 21): a fixed refit grid and stored single fits make weekly plans cheap."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tools.production import prior as prior_mod


def _history(last: str) -> pd.DataFrame:
    """Two series, two years up to `last`; values grow by day so a fit's input shows in its forecast."""
    days = pd.date_range("2016-06-01", last, freq="D")
    frames = [
        pd.DataFrame({"date": days, "series": s, "value": k * np.arange(len(days), dtype=float)})
        for s, k in (("Brot", 1.0), ("Kuchen", 2.0))
    ]
    return pd.concat(frames, ignore_index=True)


def _counting_fit(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, pd.Timestamp]]:
    """Replace the Prophet fit by one that forecasts the mean of the rows it was given; record each call."""
    calls: list[tuple[str, pd.Timestamp]] = []

    def fake(g: pd.DataFrame, reg: object, region: object, days: pd.DatetimeIndex) -> np.ndarray:
        calls.append((str(g["series"].iloc[0]), pd.Timestamp(g["date"].max())))
        return np.full(len(days), float(g["value"].mean()) + (g["date"].max() - pd.Timestamp("2000-01-01")).days)

    monkeypatch.setattr(prior_mod, "_fit_predict", fake)
    return calls


def test_consecutive_weeks_share_the_refit_grid() -> None:
    lead = 2
    week1 = prior_mod.fit_cutoffs(prior_mod.GRID_EPOCH, date(2017, 1, 1), date(2018, 7, 29), lead_days=lead)
    week2 = prior_mod.fit_cutoffs(prior_mod.GRID_EPOCH, date(2017, 1, 8), date(2018, 8, 5), lead_days=lead)
    assert set(week1[1:-1]) <= set(week2)  # the same cutoffs, only the ends may move
    assert all((c - date(2000, 1, 1)).days % 28 == 0 for c in week1 + week2)  # Saturdays on the epoch's phase


def test_next_week_refits_only_changed_cutoffs_and_values_use_no_future_data(
    tmp_path: Path, fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting_fit(monkeypatch)
    lead = 2
    h1 = _history("2018-07-14")  # a Saturday: plan 2018-07-16..22
    s1 = prior_mod.live_prophet_prior(h1, None, "DE-SH", date(2018, 7, 22), lead)
    first = len(calls)
    assert first >= 20 and first % 2 == 0  # every cutoff with a year of data, per series
    # next week, with one more week of data; the grid steps on 2018-07-21, so one new fit per series
    h2 = _history("2018-07-21")
    calls.clear()
    s2 = prior_mod.live_prophet_prior(h2, None, "DE-SH", date(2018, 7, 29), lead)
    assert sorted(calls) == [("Brot", pd.Timestamp("2018-07-21")), ("Kuchen", pd.Timestamp("2018-07-21"))]
    # the week after: no grid step, nothing fitted at all
    calls.clear()
    prior_mod.live_prophet_prior(_history("2018-07-28"), None, "DE-SH", date(2018, 8, 5), lead)
    assert calls == []
    # a plan reaching beyond the stored window extends only the fits that serve those days (the newest)
    far = prior_mod.live_prophet_prior(_history("2018-07-28"), None, "DE-SH", date(2018, 12, 30), lead)
    assert sorted(calls) == [("Brot", pd.Timestamp("2018-07-21")), ("Kuchen", pd.Timestamp("2018-07-21"))]
    assert far["date"].max() == pd.Timestamp("2018-12-30") and far["forecast"].notna().all()
    # shared days have the same values in both weeks' streams
    both = s1.merge(s2, on=["date", "series"], suffixes=("_1", "_2"))
    assert len(both) > 300 and np.allclose(both["forecast_1"], both["forecast_2"])
    # every day's value is that of the fit on the data up to the latest grid cutoff >= lead days before its Monday
    for _, row in s2.sample(40, random_state=0).iterrows():
        d = pd.Timestamp(row["date"])
        monday_cut = d - timedelta(days=d.weekday() + lead)
        cut = pd.Timestamp(prior_mod.GRID_EPOCH) - timedelta(days=lead)
        cut += timedelta(days=28 * ((monday_cut - cut).days // 28))
        g = h2[(h2["series"] == row["series"]) & (h2["date"] <= cut)]
        expected = g["value"].mean() + (cut - pd.Timestamp("2000-01-01")).days
        assert cut <= monday_cut and row["forecast"] == pytest.approx(expected)


def test_grid_cutoff_changes_only_when_the_refit_grid_steps() -> None:
    lead = 2
    days = [date(2018, 7, 14) + timedelta(days=k) for k in range(60)]
    cuts = [prior_mod.grid_cutoff(d, lead) for d in days]
    assert all(c <= d and (d - c).days < prior_mod.STREAM_STEP_DAYS for c, d in zip(cuts, days))
    assert all((c - date(2000, 1, 1)).days % prior_mod.STREAM_STEP_DAYS == 0 for c in cuts)
    assert len(set(cuts)) == 3  # 60 days cross the 28-day grid twice


def test_stream_fits_see_only_the_last_training_years(
    tmp_path: Path, fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[pd.Timestamp] = []

    def fake(g: pd.DataFrame, reg: object, region: object, days: pd.DatetimeIndex) -> np.ndarray:
        seen.append(pd.Timestamp(g["date"].max()) - pd.Timestamp(g["date"].min()))
        return np.ones(len(days))

    monkeypatch.setattr(prior_mod, "_fit_predict", fake)
    h = _history("2018-07-14")
    cuts = [date(2018, 5, 26), date(2018, 6, 23)]
    prior_mod.prophet_stream(h, None, "DE-SH", cuts, date(2018, 7, 22), train_years=1.5)
    assert seen and all(span <= pd.Timedelta(days=round(365.25 * 1.5)) for span in seen)
    seen.clear()
    prior_mod.prophet_stream(h, None, "DE-SH", cuts, date(2018, 7, 22))
    assert all(span > pd.Timedelta(days=700) for span in seen)  # without: the whole history since 2016-06


def test_point_only_fit_forecasts_the_same_as_the_full_fit() -> None:
    from tools.forecast.model import ModelConfig, fit_series, predict_series

    days = pd.date_range("2016-01-01", "2017-12-31", freq="D")
    rng = np.random.default_rng(5)
    y = 50 + 10 * (days.day_of_week == 5) + rng.normal(0, 3, len(days))
    h = pd.DataFrame({"ds": days, "y": y})
    cfg = ModelConfig(plain_holidays=True)
    ahead = pd.date_range("2018-01-01", periods=14)
    full = predict_series(fit_series(h, None, "DE-SH", cfg, plain=True), ahead)["forecast"]
    lean = predict_series(fit_series(h, None, "DE-SH", cfg, plain=True, in_sample=False), ahead)["forecast"]
    assert np.allclose(full, lean)
