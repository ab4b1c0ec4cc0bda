"""Weather what-if on a cached forecast: "what if it rains on Saturday?" answered by the fitted weather effects.

The forecast uses the climatology of the calendar days when no weather forecast exists. A scenario replaces
those values by the weather a user names (a temperature, or a kind of day whose values are read from the
weather history of that calendar month) and moves each day by the model's own per-unit coefficients
(log scale: factor exp(coef × change)). Nothing is refitted.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from tools.company.weather import MODEL_WEATHER_COLUMNS, RAIN_DAY_MM

Condition = Literal["rain", "heavy_rain", "snow", "dry", "hot", "cold", "sunny", "cloudy"]


class WeatherScenario(BaseModel):
    """What the user said about the weather: kinds of day and/or a temperature in °C."""

    conditions: list[Condition] = Field(default_factory=list)
    temp_c: float | None = None

    def is_empty(self) -> bool:
        return not self.conditions and self.temp_c is None


class ScenarioDay(BaseModel):
    """The weather assumed on one day of the scenario (None: the forecast's own value stays)."""

    day: date
    temp_c: float | None = None
    rain_mm: float | None = None
    cloud_okta: float | None = None


def _month_stats(weather: pd.DataFrame, month: int) -> dict[str, float]:
    """Typical values of a calendar month in the weather history (quantiles, rounded as a forecast would be)."""
    w = weather[pd.to_datetime(weather["date"]).dt.month == month]
    wet = w.loc[w["rain_mm"] >= RAIN_DAY_MM, "rain_mm"]
    return {
        "rain": round(float(wet.median()), 1) if len(wet) else RAIN_DAY_MM,
        "heavy_rain": round(float(wet.quantile(0.9)), 1) if len(wet) else RAIN_DAY_MM,
        "hot": round(float(w["temp_c"].quantile(0.9)), 1),
        "cold": round(float(w["temp_c"].quantile(0.1)), 1),
        "sunny": round(float(w["cloud_okta"].quantile(0.1)), 1),
        "cloudy": round(float(w["cloud_okta"].quantile(0.9)), 1),
    }


def temperature_range(weather: pd.DataFrame, months: set[int]) -> tuple[float, float]:
    """Lowest and highest daily temperature of these calendar months in the weather history (°C)."""
    w = weather[pd.to_datetime(weather["date"]).dt.month.isin(months)]
    return float(w["temp_c"].min()), float(w["temp_c"].max())


def scenario_days(scenario: WeatherScenario, days: list[date], weather: pd.DataFrame) -> list[ScenarioDay]:
    """The assumed weather per day: named kinds of day take the values of that month's history."""
    out: list[ScenarioDay] = []
    stats: dict[int, dict[str, float]] = {}
    for d in days:
        s = stats.setdefault(d.month, _month_stats(weather, d.month))
        day = ScenarioDay(day=d, temp_c=scenario.temp_c)
        for c in scenario.conditions:
            if c in ("rain", "heavy_rain"):
                day.rain_mm = s[c]
            elif c == "snow":  # snow: a wet day's precipitation on a cold day of that month
                day.rain_mm = s["rain"]
            elif c in ("dry", "sunny"):
                day.rain_mm = 0.0
            if c in ("hot", "cold", "snow") and scenario.temp_c is None:
                day.temp_c = s["cold" if c == "snow" else c]
            if c in ("sunny", "cloudy"):
                day.cloud_okta = s[c]
        out.append(day)
    return out


def apply_scenario(rows: pd.DataFrame, coef: dict[str, float], assumed: list[ScenarioDay]) -> pd.DataFrame:
    """Rows of one series' cached forecast (date, forecast, lower, upper, closed, x_<column>) moved to the
    assumed weather; adds `base_forecast` (the forecast before) and `weather_factor`. Log-scale model."""
    by_day = {a.day: a for a in assumed}
    out = rows.copy()
    delta = np.zeros(len(out))
    for col in MODEL_WEATHER_COLUMNS:
        if col not in coef or f"x_{col}" not in out:
            continue
        new = np.array([_value(by_day.get(pd.Timestamp(d).date()), col) for d in out["date"]], dtype=float)
        used = out[f"x_{col}"].to_numpy(float)
        delta += np.where(np.isnan(new), 0.0, coef[col] * (new - used))
    factor = np.exp(delta)
    out["base_forecast"] = out["forecast"]
    out["weather_factor"] = factor
    for c in ("forecast", "lower", "upper"):
        moved = np.clip((out[c].to_numpy(float) + 1.0) * factor - 1.0, 0.0, None)  # the model is on log1p(y)
        out[c] = np.where(out["closed"].to_numpy(bool), 0.0, moved)
    return out


def _value(day: ScenarioDay | None, col: str) -> float:
    if col == "rain_day":  # derived from the rain named, as in tools.company.weather.model_weather
        mm = _value(day, "rain_mm")
        return float("nan") if np.isnan(mm) else float(mm >= RAIN_DAY_MM)
    v = getattr(day, col) if day is not None else None
    return float("nan") if v is None else float(v)
