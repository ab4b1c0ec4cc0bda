"""German sentences for a forecast under the weather a user names: the lead, the assumption and its effect."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from tools.forecast.weather_scenario import ScenarioDay, WeatherScenario
from tools.format_de import MONTHS, integer, num, percent, pieces

if TYPE_CHECKING:  # the forecast API (Prophet) is imported only when a forecast runs
    from tools.forecast.api import WhatIf

_UNIT = {  # in the order they are named
    "rain_day": ("Regentag (ab 1 mm)", "gegenüber einem trockenen Tag"),
    "rain_mm": ("Regen", "je mm zusätzlich"),
    "temp_c": ("Temperatur", "je °C wärmer"),
    "cloud_okta": ("Bewölkung", "je Achtel"),
}


def assumption(scenario: WeatherScenario, first: ScenarioDay, months: set[int]) -> str:
    """„Regen (3,1 mm, ein mittlerer Regentag im November)“: the weather assumed, with the first day's values."""
    month = f"im {MONTHS[first.day.month - 1]}" if len(months) == 1 else "des Monats"
    kinds = scenario.conditions
    parts: list[str] = []
    if "heavy_rain" in kinds:
        parts.append(f"Starkregen ({num(first.rain_mm or 0, trim=True)} mm, einer der nassesten Regentage {month})")
    elif "rain" in kinds:
        parts.append(f"Regen ({num(first.rain_mm or 0, trim=True)} mm, ein mittlerer Regentag {month})")
    elif "snow" in kinds:  # the model knows mm of precipitation and °C, not snow itself
        parts.append(
            f"Schnee ({num(first.rain_mm or 0, trim=True)} mm Niederschlag wie an einem mittleren Regentag {month})"
        )
    if "sunny" in kinds:
        clear = num(first.cloud_okta or 0, trim=True)
        parts.append(f"Sonnenschein (kein Regen, {clear} Achtel Bewölkung wie an den klarsten Tagen {month})")
    elif "dry" in kinds:
        parts.append("trockenem Wetter (kein Regen)")
    if "cloudy" in kinds:
        parts.append(f"bedecktem Himmel ({num(first.cloud_okta or 0, trim=True)} Achtel Bewölkung)")
    if first.temp_c is not None:
        cold = f" (ein kalter Tag {month})"
        how = {"hot": f" (ein warmer Tag {month})", "cold": cold, "snow": cold}
        said = next((how[k] for k in ("hot", "cold", "snow") if k in kinds and scenario.temp_c is None), "")
        parts.append(f"{num(first.temp_c, trim=True)} °C{said}")
    return " und ".join(parts)


def range_warning(wi: WhatIf) -> str:
    """A warning when the temperature assumed lies beyond what the history of these months has seen."""
    low, high = wi.temp_range
    temps = [a.temp_c for a in wi.assumed if a.temp_c is not None]
    if not temps or low <= min(temps) and max(temps) <= high:
        return ""
    return (
        f" Achtung: {num(temps[0], trim=True)} °C gab es in diesen Monaten in Ihren Wetterdaten nie (dort "
        f"{num(low, trim=True)} bis {num(high, trim=True)} °C) – die Zahl rechnet die gemessene Wirkung über "
        "diesen Bereich hinaus und ist unsicher."
    )


def lead(wi: WhatIf, scenario: WeatherScenario, opening: str, subject: str = "") -> str:
    """„Bei Regen (…) verkaufen Sie am Samstag, 28.11. voraussichtlich 2.050 Stück – 74 Stück (3,5 %) weniger
    als bei üblichem Wetter (2.124 Stück).“ (`opening`: „am Samstag, 28.11.“ or „vom 01.12. bis 07.12.“;
    `subject`: „ Brötchen in Osterburg“ after „Stück“)."""
    # whole pieces per day, added up: the same figures as the rows and sums of the table below
    base, moved = (float(sum(pieces(float(x)) for x in wi.rows[c])) for c in ("base_forecast", "forecast"))
    said = assumption(scenario, wi.assumed[0], {a.day.month for a in wi.assumed})
    if base <= 0:
        return f"Bei dieser Annahme ({said}) wird {opening} nichts verkauft – die Filiale ist geschlossen."
    change = moved - base
    how = "mehr" if change > 0 else "weniger"
    if abs(change) < 0.5:
        return (
            f"Bei {said} verkaufen Sie {opening} voraussichtlich {integer(moved)} Stück{subject} – so viel wie bei "
            "üblichem Wetter: das Modell misst hier keinen nennenswerten Wettereinfluss."
        ) + range_warning(wi)
    return (
        f"Bei {said} verkaufen Sie {opening} voraussichtlich {integer(moved)} Stück{subject} – {integer(abs(change))} Stück "
        f"({percent(abs(change) / base * 100)}) {how} als bei üblichem Wetter ({integer(base)} Stück)."
        + range_warning(wi)
    )


def effect_note(wi: WhatIf) -> str:
    """How the model weighs the weather, per unit, for the first series (the others are alike in kind)."""
    coef = next(iter(wi.coef.values()), {})
    said = [
        f"{_UNIT[c][0]} {percent(100 * (math.exp(v) - 1), signed=True)} {_UNIT[c][1]}"
        for c, v in sorted(coef.items(), key=lambda cv: list(_UNIT).index(cv[0]) if cv[0] in _UNIT else 9)
        if c in _UNIT
    ]
    more = " (erste gezeigte Reihe)" if len(wi.coef) > 1 else ""
    return (
        "\nWetter: Statt des Klimamittels habe ich Ihre Annahme eingesetzt. Die Wirkung hat das Modell an Ihren "
        f"Verkaufstagen gemessen{more}: " + ", ".join(said) + "."
        if said
        else "\nWetter: Für diese Reihe misst das Modell keinen Wettereinfluss."
    )
