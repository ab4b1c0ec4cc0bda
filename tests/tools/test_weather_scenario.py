"""A weather what-if moves a cached forecast by the model's own weather coefficients, with values read from
the weather history of the month – checked against the arithmetic done by hand."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from tools.forecast.weather_scenario import (
    ScenarioDay,
    WeatherScenario,
    apply_scenario,
    scenario_days,
    temperature_range,
)


@pytest.fixture
def weather() -> pd.DataFrame:
    days = pd.date_range("2025-11-01", "2025-12-31", freq="D")
    n = len(days)
    return pd.DataFrame(
        {
            "date": days,
            "temp_c": [float(i % 15) for i in range(n)],  # 0..14 °C
            "rain_mm": [0.0 if i % 3 else 2.0 + i % 7 for i in range(n)],
            "cloud_okta": [float(i % 9) for i in range(n)],
        }
    )


def test_rain_is_the_median_rainy_day_of_that_month(weather: pd.DataFrame) -> None:
    nov = weather[weather["date"].dt.month == 11]
    wet = nov.loc[nov["rain_mm"] >= 1.0, "rain_mm"]
    [day] = scenario_days(WeatherScenario(conditions=["rain"]), [date(2026, 11, 28)], weather)
    assert day.rain_mm == round(float(wet.median()), 1)
    assert day.temp_c is None and day.cloud_okta is None  # what was not named keeps the forecast's value
    [heavy] = scenario_days(WeatherScenario(conditions=["heavy_rain"]), [date(2026, 11, 28)], weather)
    assert heavy.rain_mm is not None and heavy.rain_mm > day.rain_mm


def test_snow_is_a_wet_day_on_a_cold_day_of_that_month(weather: pd.DataFrame) -> None:
    nov = weather[weather["date"].dt.month == 11]
    wet = nov.loc[nov["rain_mm"] >= 1.0, "rain_mm"]
    [snow] = scenario_days(WeatherScenario(conditions=["snow"]), [date(2026, 11, 28)], weather)
    assert snow.rain_mm == round(float(wet.median()), 1)
    assert snow.temp_c == round(float(nov["temp_c"].quantile(0.1)), 1)
    [named] = scenario_days(WeatherScenario(conditions=["snow"], temp_c=-3.0), [date(2026, 11, 28)], weather)
    assert named.temp_c == -3.0


def test_a_named_temperature_wins_over_a_kind_of_day(weather: pd.DataFrame) -> None:
    [hot] = scenario_days(WeatherScenario(conditions=["hot"]), [date(2026, 12, 5)], weather)
    dec = weather[weather["date"].dt.month == 12]
    assert hot.temp_c == round(float(dec["temp_c"].quantile(0.9)), 1)
    [named] = scenario_days(WeatherScenario(conditions=["hot"], temp_c=30.0), [date(2026, 12, 5)], weather)
    assert named.temp_c == 30.0
    assert temperature_range(weather, {12}) == (0.0, 14.0)


def test_forecast_moves_by_exp_coefficient_times_change_on_log1p_scale() -> None:
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-28", "2026-11-29"]),
            "forecast": [999.0, 0.0],
            "lower": [899.0, 0.0],
            "upper": [1099.0, 0.0],
            "closed": [False, True],
            "x_temp_c": [4.0, 4.0],
            "x_rain_mm": [1.5, 1.5],
            "x_cloud_okta": [5.0, 5.0],
        }
    )
    coef = {"temp_c": -0.002, "rain_mm": -0.01, "cloud_okta": -0.003}
    assumed = [ScenarioDay(day=date(2026, 11, 28), rain_mm=6.5), ScenarioDay(day=date(2026, 11, 29), rain_mm=6.5)]
    out = apply_scenario(rows, coef, assumed)
    factor = math.exp(-0.01 * (6.5 - 1.5))  # only the rain was named
    assert out["forecast"].iloc[0] == pytest.approx(1000.0 * factor - 1.0)
    assert out["lower"].iloc[0] == pytest.approx(900.0 * factor - 1.0)
    assert out["base_forecast"].iloc[0] == 999.0
    assert out["forecast"].iloc[1] == 0.0  # a closed day stays closed, whatever the weather


def test_the_rainy_day_flag_follows_the_rain_named() -> None:
    """The forecast learns from `rain_day` (rain ≥ 1 mm) beside the millimetres; a scenario sets both."""
    from tools.company.weather import model_weather

    w = model_weather(
        pd.DataFrame(
            {
                "date": pd.to_datetime(["2026-11-01", "2026-11-02"]),
                "temp_c": [3.0, 4.0],
                "rain_mm": [0.4, 2.5],
                "cloud_okta": [3.0, 7.0],
            }
        )
    )
    assert w["rain_day"].tolist() == [0.0, 1.0]
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-28"]),
            "forecast": [99.0],
            "lower": [89.0],
            "upper": [109.0],
            "closed": [False],
            "x_rain_mm": [1.2],
            "x_rain_day": [0.45],  # the climatology: a rainy day in 45 % of the years
        }
    )
    coef = {"rain_mm": -0.006, "rain_day": -0.04}
    dry = apply_scenario(rows, coef, [ScenarioDay(day=date(2026, 11, 28), rain_mm=0.0)])
    wet = apply_scenario(rows, coef, [ScenarioDay(day=date(2026, 11, 28), rain_mm=3.0)])
    assert dry["weather_factor"].iloc[0] == pytest.approx(math.exp(-0.006 * -1.2 - 0.04 * -0.45))
    assert wet["weather_factor"].iloc[0] == pytest.approx(math.exp(-0.006 * 1.8 - 0.04 * 0.55))
