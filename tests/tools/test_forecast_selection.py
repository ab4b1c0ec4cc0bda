"""Model choice by inner rolling-origin CV: past only, picks the right config, stored and reused (issue 21.2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tools.forecast.selection as sel
from tools.production.newsvendor import Economics
from tools.production.selection import select_plan

WEEKDAY = np.array([1.0, 0.9, 0.9, 1.0, 1.1, 1.5, 0.6])
ORIGIN = date(2024, 6, 3)


def temperature_series(seed: int = 0, end: str = "2024-09-30") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Demand that depends strongly and multiplicatively on the daily temperature; plus a 0/1 event column."""
    rng = np.random.default_rng(seed)
    ds = pd.date_range("2022-01-03", end, freq="D")
    temp = 10 + rng.normal(0, 6, len(ds))
    event = (rng.random(len(ds)) < 0.03).astype(float)
    y = 150 * WEEKDAY[ds.day_of_week] * np.exp(0.05 * (temp - 10)) * rng.lognormal(0, 0.03, len(ds))
    hist = pd.DataFrame({"series": "a", "ds": ds, "y": y})
    return hist, pd.DataFrame({"date": ds, "temp": temp, "event": event})


@pytest.fixture()
def small_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two tuned bases (with and without the weather column) and plain Prophet: fast and clearly separable."""
    bases = {
        "tuned": (False, {"train_years": 2.0}),
        "tuned_events": (False, {"train_years": 2.0, "regressor_set": "events"}),
        sel.PLAIN: (True, {"train_years": 2.0}),
    }
    monkeypatch.setattr(sel, "BASES", bases)
    monkeypatch.setattr(sel, "TUNED", ["tuned", "tuned_events"])


@pytest.mark.usefixtures("small_grid")
def test_selection_never_looks_after_the_origin() -> None:
    hist, reg = temperature_series()
    poisoned = hist.copy()
    after = poisoned["ds"] >= pd.Timestamp(ORIGIN)
    poisoned.loc[after, "y"] = 1e6 * (1 + np.arange(after.sum()) % 3)
    a = sel.select(hist, reg, "DE-ST", 28, origin=ORIGIN, n_jobs=1)
    b = sel.select(poisoned, reg, "DE-ST", 28, origin=ORIGIN, n_jobs=1)
    assert a.model_dump() == b.model_dump()
    assert max(a.folds) < ORIGIN and a.origin == ORIGIN
    # and a series truncated at the origin gives the same choice (the folds end before it)
    c = sel.select(hist[~after], reg, "DE-ST", 28, n_jobs=1)
    assert c.scores == a.scores


@pytest.mark.usefixtures("small_grid")
def test_selection_picks_the_model_with_the_weather_that_drives_demand() -> None:
    hist, reg = temperature_series(seed=1)
    s = sel.select(hist, reg, "DE-ST", 28, origin=ORIGIN, n_jobs=1)
    ch = s.choices["a"]
    assert ch.candidate.base == "tuned" and ch.scope == "series"
    scores = s.scores["a"]
    assert scores[ch.candidate.label()] < 0.7 * scores["tuned_events×1"]
    assert scores[ch.candidate.label()] < scores[sel.PLAIN]
    assert ch.resid_q[9] < 0 < ch.resid_q[89]  # 10 % and 90 % quantiles of the out-of-sample errors


def test_thin_series_take_the_group_choice() -> None:
    ds = pd.date_range("2023-01-01", "2024-05-31", freq="D")
    rich = pd.DataFrame({"series": "r", "ds": ds, "y": 100.0})
    thin = pd.DataFrame({"series": "t", "ds": ds[ds.month == 12], "y": 10.0})
    o = pd.Timestamp("2024-06-01")
    assert not sel.is_thin(rich, o) and sel.is_thin(thin, o)


def test_selection_artefact_is_reused_while_inputs_are_unchanged(
    fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hist, reg = temperature_series(end="2023-03-31")
    calls: list[int] = []

    def fake_select(history: pd.DataFrame, regressors: pd.DataFrame | None, region: str | None, horizon: int, **kw):
        calls.append(len(history))
        return sel.Selection(origin=ORIGIN, horizon=28, region=region, folds=[], choices={}, scores={})

    monkeypatch.setattr(sel, "select", fake_select)
    sel.stored_selection(hist, reg, "DE-ST", 7)
    sel.stored_selection(hist.copy(), reg.copy(), "DE-ST", 20)  # same inputs, same horizon bucket (28)
    assert len(calls) == 1
    sel.stored_selection(hist.iloc[:-1], reg, "DE-ST", 7)  # one day less: new selection
    sel.stored_selection(hist, reg, "DE-ST", 200)  # other horizon bucket
    assert len(calls) == 3
    assert len(list((fresh_var / "var").rglob("forecast-selection-*.json"))) == 3


def test_plan_selection_never_looks_after_the_cutoff() -> None:
    rng = np.random.default_rng(2)
    ds = pd.date_range("2023-01-02", "2024-08-31", freq="D")
    frames = [
        pd.DataFrame(
            {"date": ds, "series": s, "value": 80 * k * WEEKDAY[ds.day_of_week] * rng.lognormal(0, 0.2, len(ds))}
        )
        for s, k in (("x", 1.0), ("y", 2.0))
    ]
    hist = pd.concat(frames, ignore_index=True)
    cutoff = date(2024, 5, 4)
    poisoned = hist.copy()
    poisoned.loc[poisoned["date"] > pd.Timestamp(cutoff), "value"] = 1e5
    econ = Economics(price=1.0, cost=0.35)
    from tools.production.model import ModelConfig

    base = ModelConfig(region=None, max_iter=60)
    a = select_plan(hist, cutoff, {}, econ, base, weeks=4)
    b = select_plan(poisoned, cutoff, {}, econ, base, weeks=4)
    assert a.model_dump() == b.model_dump()
    assert len(a.profit) == 24 and a.profit[
        f"{a.point}|s{a.resid_scale:g}|{'wt' if a.weekday_cells else 'reihe'}"
    ] == max(a.profit.values())


def test_plan_choice_is_stored_and_reused(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.production.selection as psel
    from tools.production.model import ModelConfig

    calls: list[date] = []

    def fake(history: pd.DataFrame, cutoff: date, *a: object, **kw: object) -> psel.PlanChoice:
        calls.append(cutoff)
        return psel.PlanChoice(cutoff=cutoff, point="kurz", resid_scale=1.25, weekday_cells=False, weeks=12, profit={})

    monkeypatch.setattr(psel, "select_plan", fake)
    ds = pd.date_range("2024-01-01", "2024-03-31", freq="D")
    hist = pd.DataFrame({"date": ds, "series": "x", "value": 10.0})
    econ = Economics(price=1.0, cost=0.35)
    a = psel.stored_plan_choice(hist, {}, econ, ModelConfig(region=None))
    b = psel.stored_plan_choice(hist.copy(), {}, econ, ModelConfig(region=None))
    assert a == b and calls == [date(2024, 3, 31)]
    cfg = a.config(ModelConfig(region=None))
    assert cfg.train_days == 730 and cfg.resid_scale == 1.25 and not cfg.weekday_cells
    psel.stored_plan_choice(hist, {}, Economics(price=1.0, cost=0.6), ModelConfig(region=None))  # other economics
    assert len(calls) == 2


@pytest.mark.usefixtures("small_grid")
def test_forecast_frame_uses_the_stored_choice(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.forecast.api import forecast_frame

    full, reg = temperature_series(seed=3)  # the weather of the forecast days is known
    hist = full[full["ds"] < "2024-06-01"]
    history = hist.rename(columns={"ds": "date", "y": "value"})
    out = forecast_frame(history, date(2024, 6, 1), date(2024, 6, 14), regressors=reg, select=True)
    assert len(out) == 14 and (out["lower"] <= out["forecast"]).all() and (out["forecast"] <= out["upper"]).all()
    truth = full.set_index("ds")["y"].reindex(pd.to_datetime(out["date"])).to_numpy()
    assert np.abs(out["forecast"].to_numpy() - truth).sum() / truth.sum() < 0.08
    monkeypatch.setattr(sel, "select", lambda *a, **k: pytest.fail("selection must be read from the artefact"))
    again = forecast_frame(history, date(2024, 6, 1), date(2024, 6, 20), regressors=reg, select=True)
    assert np.allclose(again["forecast"].to_numpy()[:14], out["forecast"].to_numpy())


def test_plan_calibration_knobs_scale_and_pool_the_residuals() -> None:
    from tools.production.model import DemandModel, ModelConfig

    rng = np.random.default_rng(4)
    ds = pd.date_range("2023-01-02", "2024-06-30", freq="D")
    hist = pd.DataFrame(
        {"date": ds, "series": "x", "value": 50 * WEEKDAY[ds.day_of_week] * rng.lognormal(0, 0.2, len(ds))}
    )
    m = DemandModel(ModelConfig(region=None, max_iter=40, min_cell=5)).fit(hist, hmin=2, hmax=8)
    base = m.residuals("x", 0)
    m.config.resid_scale = 0.5
    assert np.allclose(m.residuals("x", 0), 0.5 * base)
    m.config.resid_scale, m.config.weekday_cells = 1.0, False
    assert len(m.residuals("x", 0)) > 5 * len(base) / 2  # all weekdays of the series


def test_a_candidate_must_win_every_fold_to_replace_the_default() -> None:
    """The fold-wise guard: 10 % lower overall but worse in one fold is luck, the default stays."""
    y = np.full(30, 100.0)
    fold = np.repeat([1, 2, 3], 10)
    default = sel.DEFAULT.label()
    lucky = sel._Scored(y=y, f={default: np.where(fold == 1, 100.0, 120.0), "knapp": np.full(30, 109.0)}, fold=fold)
    assert sel._best(lucky) == default
    steady = sel._Scored(y=y, f={default: np.full(30, 120.0), "besser": np.full(30, 105.0)}, fold=fold)
    assert sel._best(steady) == "besser"


def test_with_two_folds_every_series_keeps_the_default() -> None:
    """Two folds (the 365-day horizon) and many candidates: a steady winner of both folds may be luck."""
    y = np.full(20, 100.0)
    fold = np.repeat([1, 2], 10)
    default = sel.DEFAULT.label()
    steady = sel._Scored(y=y, f={default: np.full(20, 120.0), "besser": np.full(20, 105.0)}, fold=fold)
    assert sel.MIN_FOLDS_TO_DEVIATE == 3 and sel._best(steady) == default


def test_an_exploding_trend_is_capped_at_twice_the_history_maximum() -> None:
    from tools.forecast.model import CAP_FACTOR, ModelConfig, fit_series, predict_series

    ds = pd.date_range("2024-01-01", periods=120, freq="D")
    y = np.exp(np.linspace(np.log(10), np.log(400), 120))  # steep growth: the trend runs away when extrapolated
    fs = fit_series(pd.DataFrame({"ds": ds, "y": y}), None, None, ModelConfig())
    p = predict_series(fs, pd.date_range("2024-05-01", periods=365, freq="D"))
    assert p["forecast"].max() <= CAP_FACTOR * y.max() + 1e-6 and p["upper"].max() <= CAP_FACTOR * y.max() + 1e-6
    assert p["forecast"].iloc[0] > 0.5 * y.max()  # the near future still follows the data


def december_series(seed: int = 5) -> pd.DataFrame:
    """Demand whose weekly profile flips in December (Saturdays +80 %, Mondays -40 %): only a separate December
    profile (ModelConfig.weekly_split="seasons") can learn it."""
    rng = np.random.default_rng(seed)
    ds = pd.date_range("2021-01-04", "2024-03-31", freq="D")
    wd = WEEKDAY[ds.day_of_week] * np.where(ds.month == 12, np.array([0.6, 1, 1, 1, 1, 1.8, 1])[ds.day_of_week], 1.0)
    return pd.DataFrame({"series": "d", "ds": ds, "y": 120 * wd * rng.lognormal(0, 0.04, len(ds))})


def test_seasons_split_learns_a_december_weekly_profile_and_needs_a_december() -> None:
    from tools.forecast.model import ModelConfig, fit_series, predict_series

    hist = december_series()[["ds", "y"]]
    train, test = hist[hist["ds"] < "2023-12-01"], hist[hist["ds"].between("2023-12-01", "2023-12-21")]
    wape = {}
    for split in ("summer", "seasons"):
        p = predict_series(fit_series(train, None, None, ModelConfig(weekly_split=split)), test["ds"])
        wape[split] = np.abs(p["forecast"].to_numpy() - test["y"].to_numpy()).sum() / test["y"].sum()
    assert wape["seasons"] < 0.6 * wape["summer"]
    # without a December in the history there is nothing to learn: the preset split, December still has a profile
    no_dec = train[(train["ds"] >= "2023-01-01")]
    fs = fit_series(no_dec, None, None, ModelConfig(weekly_split="seasons"))
    assert fs.config.weekly_split == "summer"
    p = predict_series(fs, pd.date_range("2023-12-04", periods=7))
    assert p["forecast"].iloc[5] > 1.3 * p["forecast"].iloc[6]  # Saturday above Sunday as in the rest of the year


@pytest.mark.usefixtures("small_grid")
def test_selection_chooses_the_weekly_split_by_inner_cv_and_fits_with_it() -> None:
    hist = december_series()
    s = sel.select(hist, None, None, 91, origin=date(2024, 1, 29), n_jobs=1)
    assert s.weekly_split == "seasons" and s.split_scores["seasons"] < s.split_scores["summer"]
    ch = s.choices["d"]
    assert ch.weekly_split == "seasons"
    fits = sel.fit_selected(hist[hist["ds"] < "2024-01-29"][["ds", "y"]], None, None, ch).fits
    assert all(fs.config.weekly_split == "seasons" for b, fs in fits.items() if b != sel.PLAIN)
    # nothing scored (no fold with test days): the preset
    assert sel._choose_split({"summer": [], "seasons": []}) == ("summer", {})
