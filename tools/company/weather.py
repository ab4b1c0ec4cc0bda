"""Seeded daily weather for the Altmark (temperature, rain, cloud cover), one RNG per day."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

SEED = 20230101
START = date(2023, 1, 1)

WEATHER_COLUMNS = ("temp_c", "rain_mm", "cloud_okta")  # the demo weather: °C, mm of rain, eighths of cloud
RAIN_DAY_MM = 1.0  # a day with at least this much rain is a rainy day (customers react to rain at all, then to mm)
MODEL_WEATHER_COLUMNS = (*WEATHER_COLUMNS, "rain_day")  # what the forecast learns from: + a rainy-day flag


def model_weather(weather: pd.DataFrame) -> pd.DataFrame:
    """The weather columns the forecast learns from: the stored ones plus `rain_day` (1.0 from RAIN_DAY_MM on)."""
    out = weather[["date", *WEATHER_COLUMNS]].copy()
    out["rain_day"] = (out["rain_mm"] >= RAIN_DAY_MM).astype(float).where(out["rain_mm"].notna())
    return out


def day_rng(stream: int, day: date) -> np.random.Generator:
    """An RNG that depends only on the stream and the day, so history never changes."""
    return np.random.default_rng([SEED, stream, day.toordinal()])


def normal_temp(day: date) -> float:
    """Climatological daily mean temperature (°C) of the Altmark: ~0.5 °C in January, ~18.5 °C in July."""
    doy = day.timetuple().tm_yday
    return 9.5 - 9.0 * math.cos(2 * math.pi * (doy - 20) / 365.25)


def generate_weather(end: date) -> pd.DataFrame:
    """Daily weather from START to `end` (inclusive): AR(1) temperature anomaly, Markov rain days."""
    rows = []
    anomaly, wet = 0.0, False
    day = START
    while day <= end:
        rng = day_rng(0, day)
        z, u_rain, amount, u_cloud = rng.normal(), rng.random(), rng.gamma(0.75, 1.0), rng.random()
        anomaly = 0.72 * anomaly + 2.1 * z
        summer = 1.0 + 0.4 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 110) / 365.25)
        wet = u_rain < (0.58 if wet else 0.33)
        rain = round(amount * 4.6 * summer, 1) if wet else 0.0
        if wet:
            cloud = 5 + int(u_cloud * 4)  # 5..8 okta
        else:
            cloud = int(u_cloud * 8)  # 0..7 okta
        rows.append((day, round(normal_temp(day) + anomaly, 1), rain, min(cloud, 8)))
        day += timedelta(days=1)
    df = pd.DataFrame(rows, columns=["date", *WEATHER_COLUMNS])
    df["date"] = pd.to_datetime(df["date"])
    return df
