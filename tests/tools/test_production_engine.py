"""Newsvendor, demand model, calibration, rules and backtest on synthetic series (fast, no shared data)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tools.production.backtest import rule_base, run_backtest
from tools.production.model import DemandModel, ModelConfig
from tools.production.newsvendor import Economics, decide, demand_samples, evaluate


def synthetic(n_days: int = 700, seed: int = 1, series: tuple[str, ...] = ("a", "b")) -> pd.DataFrame:
    """Weekly pattern × yearly wave × market day (1st of the month, ×1.8) × Poisson noise per series."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2022-01-03", periods=n_days, freq="D")
    rows = []
    for k, s in enumerate(series):
        base = 80.0 * (k + 1)
        wd = np.array([1.0, 0.9, 0.9, 1.0, 1.2, 1.6, 0.5])[days.day_of_week]
        yr = 1 + 0.3 * np.sin(2 * np.pi * days.day_of_year / 365.25)
        market = np.where(days.day == 1, 1.8, 1.0)
        rows.append(
            pd.DataFrame({"date": days, "series": s, "value": rng.poisson(base * wd * yr * market).astype(float)})
        )
    return pd.concat(rows, ignore_index=True)


def test_critical_ratio_and_quantile() -> None:
    econ = Economics(price=1.0, cost=0.3, salvage=0.1)
    assert econ.critical_ratio() == pytest.approx(0.7 / 0.9)
    d = np.arange(1, 101, dtype=float)
    dec = decide(d, econ, integer=False)
    assert dec.quantity == pytest.approx(np.quantile(d, 0.7 / 0.9))
    assert 0.2 < dec.sellout_prob < 0.3


def test_newsvendor_beats_every_other_integer_quantity() -> None:
    rng = np.random.default_rng(0)
    d = rng.gamma(5, 10, size=400)
    econ = Economics(price=4.5, cost=1.55, salvage=0.6)
    best = decide(d, econ, integer=True)
    profits = [evaluate(q, d, econ)[4] for q in range(0, 150)]
    assert best.expected_profit == pytest.approx(max(profits), rel=1e-9)
    # a higher margin means baking more
    assert decide(d, Economics(price=4.5, cost=0.5)).quantity > decide(d, Economics(price=4.5, cost=3.0)).quantity


def test_demand_samples_never_negative() -> None:
    s = demand_samples(np.log1p(3.0), np.array([-5.0, 0.0, 1.0]))
    assert (s >= 0).all() and s[1] == pytest.approx(3.0)


@pytest.fixture(scope="module")
def fitted() -> tuple[DemandModel, pd.DataFrame]:
    data = synthetic()
    hist = data[data["date"] < "2023-10-01"]
    model = DemandModel(ModelConfig(region=None, max_iter=120)).fit(hist, hmin=2, hmax=8)
    return model, data


def test_forecast_beats_weekday_rule(fitted) -> None:
    model, data = fitted
    err_model, err_rule = [], []
    for k in range(5):  # five weekly plans, each from the data up to the Saturday before
        cutoff = pd.Timestamp("2023-09-30") + pd.Timedelta(weeks=k)
        hist = data[data["date"] <= cutoff]
        fut = data[(data["date"] > cutoff + pd.Timedelta(days=1)) & (data["date"] <= cutoff + pd.Timedelta(days=8))]
        fut = fut.reset_index(drop=True)
        m = DemandModel(
            config=model.config, _model=model._model, _resid=model._resid, _cols=model._cols, series=model.series
        ).update(hist)
        err_model += list(np.abs(m.predict(fut)["forecast"].to_numpy() - fut["value"].to_numpy()))
        base = rule_base(hist, fut, cutoff)
        err_rule += list(np.abs(base["mean3"].to_numpy() - fut["value"].to_numpy()))
    assert np.mean(err_model) < 0.85 * np.mean(err_rule)


def test_predictions_ignore_data_after_cutoff(fitted) -> None:
    model, data = fitted
    fut = data[(data["date"] >= "2023-10-03") & (data["date"] < "2023-10-06")]
    before = model.predict(fut)["forecast"].to_numpy()
    # the model only knows the history passed to fit/update; future values cannot leak in
    assert model.cutoff == date(2023, 9, 30)
    spoiled = fut.assign(value=fut["value"] * 10)
    assert np.allclose(model.predict(spoiled)["forecast"].to_numpy(), before)


def test_residual_cells_are_per_weekday(fitted) -> None:
    model, _ = fitted
    sat, tue = model.residuals("a", 5), model.residuals("a", 1)
    assert len(sat) >= model.config.min_cell and len(tue) >= model.config.min_cell
    assert not np.array_equal(sat, tue)


def test_blend_with_outside_forecast_mixes_points_and_residuals(fitted) -> None:
    model, data = fitted
    # an outside forecast that is exact for series "a" and absent for "b"
    a = data[data["series"] == "a"]
    prior = pd.DataFrame({"date": a["date"], "series": "a", "prior": np.log1p(a["value"])})
    cfg = ModelConfig(region=None, max_iter=120, gbm_weight=0.5)
    m = DemandModel(cfg, prior=prior).fit(data[data["date"] < "2023-10-01"], hmin=2, hmax=8)
    fut = data[(data["date"] >= "2023-10-02") & (data["date"] < "2023-10-09")].reset_index(drop=True)
    p = m.predict(fut)
    is_a = (p["series"] == "a").to_numpy()
    exact = np.log1p(fut["value"].to_numpy())
    assert np.allclose(p["log_forecast"][is_a], 0.5 * p["log_gbm"][is_a] + 0.5 * exact[is_a])
    assert np.allclose(p["log_forecast"][~is_a], p["log_gbm"][~is_a])  # no outside forecast: the GBM alone
    blended = m.residuals("a", 5)
    m.config.gbm_weight = 1.0
    assert np.allclose(blended, 0.5 * m.residuals("a", 5))  # the exact forecast adds no error of its own
    m.config.gbm_weight = 0.0
    assert np.allclose(m.residuals("a", 5), 0.0) and not np.allclose(m.residuals("b", 5), 0.0)
    # "auto" picks, from the out-of-fold residuals before the cutoff, the weight that fits best: the exact one
    m.config.gbm_weight = -1.0
    assert m.weight() == 0.0


def test_rule_base_uses_last_available_same_weekdays() -> None:
    days = pd.date_range("2024-01-01", periods=28, freq="D")
    hist = pd.DataFrame({"date": days, "series": "x", "value": np.arange(28, dtype=float)})
    cutoff = pd.Timestamp("2024-01-28")  # a Sunday
    tg = pd.DataFrame({"date": [pd.Timestamp("2024-01-30"), pd.Timestamp("2024-02-04")], "series": "x"})
    out = rule_base(hist, tg, cutoff)
    # Tue 30 Jan: last week's Tuesday is 23 Jan (value 22); mean of 23, 16, 9 Jan = (22+15+8)/3
    assert out["last_week"].iloc[0] == 22 and out["mean3"].iloc[0] == pytest.approx(15.0)
    # Sun 4 Feb: Sunday 28 Jan (value 27) is known at the cutoff
    assert out["last_week"].iloc[1] == 27


def test_backtest_plan_beats_rules_with_calibrated_quantiles() -> None:
    data = synthetic(n_days=820, seed=3)
    econ = {s: Economics(price=1.0, cost=0.3) for s in ("a", "b")}
    res, frame = run_backtest(
        data,
        data.rename(columns={"value": "demand"}),
        econ,
        date(2024, 1, 1),
        10,
        ModelConfig(region=None, max_iter=120),
        integer=True,
    )
    assert res.days == 70 and res.series == 2 and len(frame) == 140
    assert res.plan.profit_eur > res.best_rule_profit_eur
    assert res.ratio_vs_best_rule is not None and res.ratio_vs_best_rule < 1.0
    assert 0.35 < res.coverage["q50"] < 0.65 and res.coverage["q90"] > 0.75


def test_owner_overrides_product_over_group_over_catalog() -> None:
    from tools.production.demo import EconomicsOverride, product_economics

    assert product_economics("roggenbrot", []) == Economics(price=4.50, cost=1.55, salvage=0.60)
    ovs = [EconomicsOverride(key="roggenbrot", price=5.0), EconomicsOverride(key="brot", price=4.0, salvage=0.0)]
    e = product_economics("roggenbrot", ovs)
    assert (e.price, e.cost, e.salvage) == (5.0, 1.55, 0.0)
    # no leftover value lowers the critical ratio, so fewer pieces are baked
    d = np.random.default_rng(2).gamma(8, 2.5, size=300)
    assert decide(d, e).quantity < decide(d, Economics(price=5.0, cost=1.55, salvage=0.6)).quantity


def test_a_blend_choice_is_named_in_german_and_sets_the_weight() -> None:
    from tools.production.selection import PlanChoice, describe_choice

    ch = PlanChoice(
        cutoff=date(2026, 11, 21), point="mix50", resid_scale=0.8, weekday_cells=True, weeks=12, profit={"x": 1.0}
    )
    assert ch.config(ModelConfig(region=None)).gbm_weight == 0.5
    text = describe_choice(ch)
    assert "zur Hälfte mit einfachem Prophet gemittelt" in text and "×0,8 (schmaler)" in text


def test_naive_blend_is_the_bakers_base_known_at_the_cutoff(fitted) -> None:
    _, data = fitted
    cutoff = pd.Timestamp("2023-09-30")  # a Saturday: the plan week runs Monday to Sunday
    hist = data[data["date"] <= cutoff]
    cfg = ModelConfig(region=None, max_iter=120, naive="mean3", gbm_weight=-1.0)
    m = DemandModel(cfg).fit(hist, hmin=2, hmax=8, anchor=date(2023, 10, 2))
    fut = data[(data["date"] >= "2023-10-02") & (data["date"] < "2023-10-09")].reset_index(drop=True)
    p = m.predict(fut)
    base = rule_base(hist, fut, cutoff)
    # the outside forecast is the mean of the last three same weekdays known two days before the week
    assert np.allclose(p["prior"], np.log1p(base["mean3"].to_numpy()))
    w = m.weight()
    assert w in (1.0, 0.75, 0.5, 0.25, 0.0)
    assert np.allclose(p["log_forecast"], w * p["log_gbm"] + (1 - w) * p["prior"])
    # the weight is the one whose out-of-fold residuals spread least (GBM beats the plain mean on this data)
    assert w >= 0.5
    spoiled = fut.assign(value=fut["value"] * 10)
    assert np.allclose(m.predict(spoiled)["log_forecast"], p["log_forecast"])


def test_residual_window_keeps_only_the_last_weeks(fitted) -> None:
    model, _ = fitted
    full = model.residuals("a", 5)
    model.config.resid_weeks = 13
    try:
        short = model.residuals("a", 5)
        # 13 Saturdays are fewer than min_cell: the series' pooled residuals of those 13 weeks are used
        res = model._resid
        assert 13 * 6 <= len(short) <= 13 * 7 < (res["series"] == "a").sum()
        last = res[(res["series"] == "a") & (res["date"] > res["date"].max() - pd.Timedelta(weeks=13))]
        assert np.allclose(np.sort(short), np.sort(last["r"].to_numpy()))
    finally:
        model.config.resid_weeks = 0
    assert np.array_equal(model.residuals("a", 5), full)


def test_a_residual_window_choice_round_trips() -> None:
    from tools.production.selection import STANDARD, PlanChoice

    ch = PlanChoice(
        cutoff=date(2026, 11, 21),
        point="standard",
        resid_scale=1.0,
        weekday_cells=True,
        weeks=12,
        profit={"x": 1.0},
        resid_weeks=13,
    )
    assert ch.config(ModelConfig(region=None)).resid_weeks == 13
    assert ch.label() == STANDARD + "|n13" and not ch.is_standard()
