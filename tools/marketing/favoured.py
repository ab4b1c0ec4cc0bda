"""Which product the weather and the calendar favour on a day: the forecast model's components (log scale)
for the company-wide series of each candidate product, summed over weather, weekday, season and holidays."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.weather import MODEL_WEATHER_COLUMNS
from tools.forecast.drivers import AGGREGATE_COMPONENTS, pct_effect
from tools.marketing.models import Driver, Favoured

# forecast components that are calendar effects, with their German names (holiday columns are named themselves)
CALENDAR = {
    "weekly_rest": "Wochentag",
    "weekly_summer": "Wochentag",
    "weekly_december": "Wochentag",
    "yearly": "Jahreszeit",
    "weihnachtszeit": "Weihnachtszeit",
    "zwischen_den_jahren": "Zwischen den Jahren",
}
MIN_EFFECT = 0.02  # log effects below this are not named as a driver


def drivers_of(row: pd.Series) -> tuple[float, list[Driver], bool]:
    """(total log effect, named drivers largest first, weather known) of one forecast row."""
    effects: dict[str, float] = {}
    for col, val in row.items():
        if not isinstance(col, str) or not col.startswith("c_") or pd.isna(val):
            continue
        name = col[2:]
        if name in AGGREGATE_COMPONENTS:
            continue
        label = "Wetter" if name in MODEL_WEATHER_COLUMNS else CALENDAR.get(name, name)
        effects[label] = effects.get(label, 0.0) + float(val)
    total = sum(effects.values())
    named = [Driver(name=k, pct=pct_effect(v)) for k, v in effects.items() if abs(v) >= MIN_EFFECT]
    named.sort(key=lambda d: -abs(d.pct))
    return total, named, not bool(row.get("weather_fallback", True))


def favoured_product(day: date, products: list[str]) -> Favoured | None:
    """The candidate with the largest weather + calendar uplift that day (None without candidates)."""
    from tools.forecast.api import forecast_demo_series

    if not products:
        return None
    df = forecast_demo_series(day, day, [f"alle/{p}" for p in products])
    best: Favoured | None = None
    best_total = -math.inf
    for _, row in df.iterrows():
        total, named, known = drivers_of(row)
        if total > best_total:
            pid = str(row["product"])
            best_total = total
            best = Favoured(
                product=pid,
                name=PRODUCT_BY_ID[pid].name if pid in PRODUCT_BY_ID else pid,
                uplift_pct=pct_effect(total),
                drivers=named,
                weather_known=known,
            )
    return best
