"""Forecast model on synthetic data with known effects: accuracy, intervals, closed days, drivers, fallback."""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pandas as pd
import pytest

from tools.forecast.api import forecast_frame
from tools.forecast.calendar import advent_sundays, closed_days, holiday_table
from tools.forecast.drivers import effects
from tools.forecast.model import fit_series, predict_series

WEEKDAY = np.array([1.0, 0.9, 0.9, 1.0, 1.1, 1.5, 0.6])


def synthetic(
    advent_factor: float, start: str = "2023-01-02", end: str = "2025-11-30", seed: int = 1, sunday_closed: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily demand = 200 x weekday x (1 + 2 %/°C) x Advent-weekend factor x noise; plus its weather."""
    rng = np.random.default_rng(seed)
    ds = pd.date_range(start, end, freq="D")
    doy = ds.day_of_year.to_numpy()
    temp = 10 - 9 * np.cos(2 * np.pi * (doy - 15) / 365.25) + rng.normal(0, 4, len(ds))
    adv = set()
    for y in range(ds[0].year, ds[-1].year + 1):
        for s in advent_sundays(y):
            adv |= {pd.Timestamp(s), pd.Timestamp(s) - pd.Timedelta(days=1)}
    factor = np.array([advent_factor if d in adv else 1.0 for d in ds])
    y = 200 * WEEKDAY[ds.day_of_week] * (1 + 0.02 * (temp - 10)) * factor * rng.lognormal(0, 0.05, len(ds))
    hist = pd.DataFrame({"ds": ds, "y": y})
    if sunday_closed:
        hist = hist[ds.day_of_week != 6]
    return hist, pd.DataFrame({"date": ds, "temp_c": temp})


@pytest.fixture(scope="module")
def fitted_up():
    hist, reg = synthetic(1.3)
    train = hist[hist["ds"] < "2025-06-01"]
    t = time.perf_counter()
    fs = fit_series(train, reg, "DE-ST")
    return fs, hist, time.perf_counter() - t


def test_advent_sundays_and_state_holidays() -> None:
    assert advent_sundays(2026) == [date(2026, 11, 29), date(2026, 12, 6), date(2026, 12, 13), date(2026, 12, 20)]
    assert advent_sundays(2017)[-1] == date(2017, 12, 24)  # 4th Advent can be Christmas Eve
    st = holiday_table("DE-ST", date(2026, 1, 1), date(2026, 12, 31))
    by = holiday_table("DE-BY", date(2026, 1, 1), date(2026, 12, 31))
    assert "Reformationstag" in set(st["holiday"]) and "Reformationstag" not in set(by["holiday"])
    assert "Heilige Drei Könige" in set(st["holiday"])
    assert (st["holiday"] == "Adventswochenende (Sa)").sum() == 4
    assert "Ostermontag (Vortag)" in set(st["holiday"])
    # with observed days only features that were seen at least once remain (closed days drop out)
    seen = set(pd.date_range("2026-01-01", "2026-12-31")) - {pd.Timestamp("2026-04-06")}
    obs = holiday_table("DE-ST", date(2026, 1, 1), date(2026, 12, 31), observed=seen)
    assert "Ostermontag" not in set(obs["holiday"]) and "Ostermontag (Folgetag)" in set(obs["holiday"])


def test_accuracy_interval_and_speed(fitted_up) -> None:
    fs, hist, fit_s = fitted_up
    test = hist[(hist["ds"] >= "2025-06-01") & (hist["ds"] < "2025-07-01")]
    p = predict_series(fs, test["ds"])
    wape = np.abs(p["forecast"].to_numpy() - test["y"].to_numpy()).sum() / test["y"].sum()
    assert wape < 0.08
    assert (p["lower"] <= p["forecast"]).all() and (p["forecast"] <= p["upper"]).all()
    inside = ((test["y"].to_numpy() >= p["lower"]) & (test["y"].to_numpy() <= p["upper"])).mean()
    assert 0.6 <= inside <= 0.98
    assert fit_s < 5.0  # < 2 s on an idle core; margin for the shared test machine


def test_drivers_read_from_data_both_signs(fitted_up) -> None:
    up = effects(fitted_up[0])
    assert up["advent_weekend"]["Samstag"]["pct"] > 15
    temp = next(w for w in up["weather"] if w["kind"] == "temperature")
    assert 1.0 < temp["pct"] < 3.0  # true effect: +2 %/°C
    assert up["weekday"]["Sa"] > up["weekday"]["Di"] + 30
    hist, reg = synthetic(0.7, seed=2)
    down = effects(fit_series(hist, reg, "DE-ST"))
    assert down["advent_weekend"]["Samstag"]["pct"] < -15


def test_closed_sundays_and_holidays_forecast_zero() -> None:
    hist, reg = synthetic(1.0, sunday_closed=True, end="2025-03-31")
    hist = hist[~hist["ds"].isin(pd.to_datetime(["2024-04-01", "2023-04-10"]))]  # Easter Monday closed
    days = pd.date_range("2025-04-14", "2025-04-27")
    flags = closed_days(hist, days, "DE-ST")
    assert flags[pd.Timestamp("2025-04-20")] and flags[pd.Timestamp("2025-04-21")]  # Sunday, Easter Monday
    assert not flags[pd.Timestamp("2025-04-22")]
    p = predict_series(fit_series(hist, reg, "DE-ST"), days)
    assert (p.loc[p["closed"], "forecast"] == 0).all() and (p.loc[~p["closed"], "forecast"] > 50).all()


def test_weather_fallback_uses_climatology(fitted_up) -> None:
    fs = fitted_up[0]
    future = pd.date_range("2026-01-10", "2026-01-12")  # the weather frame ends 2025-11-30
    p = predict_series(fs, future)
    assert p["weather_fallback"].all()
    known = predict_series(fs, pd.date_range("2025-07-01", "2025-07-02"))
    assert not known["weather_fallback"].any()


def test_forecast_frame_many_series() -> None:
    h1, reg = synthetic(1.0, end="2024-12-31", seed=3)
    h2, _ = synthetic(1.0, end="2024-12-31", seed=4)
    history = pd.concat([h1.assign(series="a", value=h1["y"]), h2.assign(series="b", value=2 * h2["y"])])
    history = history.rename(columns={"ds": "date"})[["date", "series", "value"]]
    out = forecast_frame(history, date(2025, 1, 6), date(2025, 1, 12), regressors=reg)
    assert list(out.columns) == ["date", "series", "forecast", "lower", "upper"]
    assert len(out) == 14 and set(out["series"]) == {"a", "b"}
    ratio = out[out["series"] == "b"]["forecast"].sum() / out[out["series"] == "a"]["forecast"].sum()
    assert 1.7 < ratio < 2.3


def test_the_demo_forecast_names_unknown_ids_and_a_reversed_span_in_german() -> None:
    """`synerki forecast demo --branch Mond` ended in a pandas traceback, `--end` before `--start` in an empty table
    (hostile test 22)."""
    from tools.errors import RequestError
    from tools.forecast.api import forecast_demo

    day = date(2026, 12, 1)
    with pytest.raises(RequestError, match="Unbekannte Filiale: mond. Bekannt: .*stendal_markt"):
        forecast_demo(day, day, branches=["mond"])
    with pytest.raises(RequestError, match="Unbekannte Artikel: kaviar"):
        forecast_demo(day, day, products=["kaviar", "schrippe"])
    with pytest.raises(
        RequestError, match=r"Der letzte Tag \(Di, 01.12.2026\) liegt vor dem ersten \(Sa, 05.12.2026\)"
    ):
        forecast_demo(date(2026, 12, 5), day)
