"""How well the weather what-if matches the demo generator's true weather effect (`--what-if`).

The demo company's demand is generated with a known weather factor (tools/company/sales.py): rain of r mm on
a rainy day lowers demand by 4 % + 0.6 % per mm, and each °C moves it by a slope per product group. The
what-if moves a forecast by the fitted Prophet coefficients instead; here both are compared per series for a
typical rainy day (the median rainy day of November in the demo weather) against a dry one, and for a day
10 °C warmer.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.sales import TEMP_SLOPE
from tools.forecast.api import demo_entries, demo_inputs, demo_pairs
from tools.forecast.weather_scenario import ScenarioDay, WeatherScenario, scenario_days

WARMER = 10.0


def _rainy_day(weather: pd.DataFrame) -> float:
    [day] = scenario_days(WeatherScenario(conditions=["rain"]), [date(2026, 11, 28)], weather)
    assert isinstance(day, ScenarioDay) and day.rain_mm is not None
    return day.rain_mm


def run_what_if(quick: bool) -> None:
    """Print true vs. modelled weather effects per product group and the mean absolute gap."""
    _, weather, _ = demo_inputs()
    rain = _rainy_day(weather)
    pairs = sorted(demo_pairs())
    pairs = pairs[:: 8 if quick else 2]
    entries = demo_entries([f"{b}/{p}" for b, p in pairs])
    rows = []
    for (_branch, product), entry in zip(pairs, entries.values()):
        coef, group = entry.get("weather_coef", {}), PRODUCT_BY_ID[product].group
        rows.append(
            {
                "group": group,
                "rain_true": -(0.04 + 0.006 * min(rain, 20.0)) * 100,
                "rain_model": (math.exp(coef.get("rain_day", 0.0) + coef.get("rain_mm", 0.0) * rain) - 1) * 100,
                "warm_true": TEMP_SLOPE[group] * WARMER * 100,
                "warm_model": (math.exp(coef.get("temp_c", 0.0) * WARMER) - 1) * 100,
            }
        )
    df = pd.DataFrame(rows)
    by = df.groupby("group").mean().round(1)
    print(f"\nWetter-Was-wäre-wenn gegen die wahre Wetterwirkung des Generators ({len(df)} Reihen)")
    print(f"Regentag {rain:.1f} mm gegen trocken, {WARMER:.0f} °C wärmer; Änderung der Nachfrage in %:")
    print(by.to_string())
    for what in ("rain", "warm"):
        gap = (df[f"{what}_model"] - df[f"{what}_true"]).abs()
        same = ((df[f"{what}_model"] < 0) == (df[f"{what}_true"] < 0)) | (df[f"{what}_true"] == 0)
        print(
            f"{'Regen' if what == 'rain' else 'Wärme'}: mittlere Abweichung {gap.mean():.1f} Prozentpunkte, "
            f"Richtung richtig in {same.mean():.0%} der Reihen"
        )
