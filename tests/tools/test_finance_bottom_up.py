"""Bottom-up monthly revenue from daily forecasts: aggregation, no look-ahead, seasonal series, Kiel goal."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tools.finance.backtest import backtest_kiel_bottom_up, kiel_monthly, load_kiel_daily
from tools.finance.bottom_up import (
    blank_weather,
    daily_to_monthly,
    forecast_bottom_up,
    forecast_monthly_bottom_up,
    monthly_actuals,
    seasonal_mask,
)

ORIGIN = date(2025, 8, 1)


def _synthetic() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three years of daily sales: a year-round series with weekday, season and temperature effects,
    and a Christmas series sold only in November/December."""
    rng = np.random.default_rng(1)
    days = pd.date_range("2022-08-01", "2026-07-31", freq="D")
    doy = days.day_of_year.to_numpy()
    temp = 10 + 8 * np.sin(2 * np.pi * (doy - 110) / 365.25) + rng.normal(0, 2, len(days))
    week = np.where(days.day_of_week >= 5, 1.3, 1.0)
    bread = 500 * week * (1 + 0.15 * np.cos(2 * np.pi * (doy - 200) / 365.25)) * (1 + 0.01 * (temp - 10))
    bread = bread * rng.lognormal(0, 0.03, len(days))
    xmas = days.month.isin([11, 12])
    rows = [
        pd.DataFrame({"date": days, "series": "brot", "value": bread}),
        pd.DataFrame({"date": days[xmas], "series": "stollen", "value": 80.0 * week[xmas]}),
    ]
    return pd.concat(rows, ignore_index=True), pd.DataFrame(
        {"date": days, "temp": temp, "markt": (days.day == 1).astype(float)}
    )


@pytest.fixture(scope="module")
def synthetic() -> tuple[pd.DataFrame, pd.DataFrame]:
    return _synthetic()


@pytest.fixture(scope="module")
def unknown_weather(synthetic) -> pd.Series:
    hist, reg = synthetic
    return forecast_bottom_up(hist, ORIGIN, 12, regressors=reg, events=["markt"], holidays_region=None)


def test_daily_to_monthly_counts_missing_days_at_the_month_mean() -> None:
    days = pd.date_range("2024-02-01", "2024-03-31", freq="D")
    daily = pd.Series(100.0, index=days)
    daily = daily.drop(pd.Timestamp("2024-02-10"))  # a missing day
    daily[pd.Timestamp("2024-03-31")] = 0.0  # a closed day
    daily[pd.Timestamp("2024-03-01")] = 400.0
    out = daily_to_monthly(daily)
    assert out[pd.Timestamp("2024-02-01")] == pytest.approx(100.0 * 29)
    assert out[pd.Timestamp("2024-03-01")] == pytest.approx((400 + 29 * 100) / 30 * 31)


def test_blank_weather_keeps_planned_events(synthetic) -> None:
    _, reg = synthetic
    out = blank_weather(reg, ORIGIN, keep=["markt"])
    after = out["date"] >= pd.Timestamp(ORIGIN)
    assert out.loc[after, "temp"].isna().all() and out.loc[~after, "temp"].notna().all()
    assert out.loc[after, "markt"].sum() == reg.loc[after.to_numpy(), "markt"].sum() > 0


def test_seasonal_series_only_in_its_months(synthetic) -> None:
    hist, _ = synthetic
    hist = hist[hist["date"] < pd.Timestamp(ORIGIN)]
    fc = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-08-03", "2025-12-03", "2026-12-10", "2026-07-01"]),
            "series": ["stollen", "stollen", "stollen", "brot"],
        }
    )
    assert seasonal_mask(fc, hist).tolist() == [False, True, True, True]


def test_bottom_up_is_accurate_and_sees_nothing_after_the_origin(synthetic, unknown_weather) -> None:
    hist, reg = synthetic
    truth = monthly_actuals(hist).loc[unknown_weather.index]
    err = np.abs(unknown_weather / truth - 1)
    assert err.mean() < 0.03 and err.max() < 0.05  # December without the Stollen series would be ~17 % low
    # changing everything after the origin (sales and weather) must not change the forecast
    after = hist["date"] >= pd.Timestamp(ORIGIN)
    hist2 = hist.assign(value=hist["value"].where(~after, hist["value"] * 3))
    reg2 = reg.assign(temp=reg["temp"].where(reg["date"] < pd.Timestamp(ORIGIN), 35.0))
    same = forecast_bottom_up(hist2, ORIGIN, 12, regressors=reg2, events=["markt"], holidays_region=None)
    np.testing.assert_allclose(same.to_numpy(), unknown_weather.to_numpy(), rtol=1e-6)
    known = forecast_bottom_up(
        hist2, ORIGIN, 12, regressors=reg2, events=["markt"], holidays_region=None, known_weather=True
    )
    assert (known / unknown_weather).mean() > 1.05  # +25 °C at 1 %/°C on the bread series


def test_monthly_bottom_up_band_and_short_history(synthetic) -> None:
    hist, reg = synthetic
    fc = forecast_monthly_bottom_up(hist, ORIGIN, 3, regressors=reg, events=["markt"], holidays_region=None)
    assert len(fc) == 3 and (fc["lower"] < fc["yhat"]).all() and (fc["yhat"] < fc["upper"]).all()
    assert "Klimamittel" in fc["method"].iloc[0]
    short = hist[hist["date"] >= pd.Timestamp("2024-01-01")]
    fc2 = forecast_monthly_bottom_up(short, ORIGIN, 2, regressors=reg, holidays_region=None)
    assert fc2["method"].iloc[0].endswith("ohne Validierung") and fc2["lower"].isna().all()


def test_kiel_bottom_up_meets_the_goal(shared_data) -> None:
    folder = shared_data / "kiel_bakery"
    if not (folder / "wetter.csv").is_file():
        pytest.skip("Kiel-Daten fehlen")
    hist, _ = load_kiel_daily(folder)
    pd.testing.assert_series_equal(
        monthly_actuals(hist), kiel_monthly(folder / "umsatz.csv"), check_names=False, check_freq=False
    )
    r = backtest_kiel_bottom_up(folder)
    assert r.months == 12 and "Klimamittel" in r.method
    assert r.gain_vs_last_year >= 0.2 and r.gain_vs_mean >= 0.2


def test_bottom_up_with_model_choice_is_chosen_on_the_past_only(
    synthetic, unknown_weather, fresh_var, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opt-in `select`: each series' model is chosen by inner CV on days before the origin, and still adds up."""
    import tools.forecast.api as api
    import tools.forecast.selection as sel

    monkeypatch.setattr(sel, "BASES", {"tuned": (False, {}), sel.PLAIN: (True, {"plain_holidays": True})})
    monkeypatch.setattr(sel, "TUNED", ["tuned"])
    seen: list[pd.Timestamp] = []
    real = api.stored_selection

    def spy(history: pd.DataFrame, *a, **k):
        seen.append(pd.Timestamp(history["ds"].max()))
        return real(history, *a, **k)

    monkeypatch.setattr(api, "stored_selection", spy)
    hist, reg = synthetic
    fc = forecast_bottom_up(hist, ORIGIN, 3, regressors=reg, events=["markt"], holidays_region=None, select=True)
    assert seen and max(seen) < pd.Timestamp(ORIGIN)
    assert np.abs(fc / unknown_weather.iloc[:3] - 1).max() < 0.05
