"""Seeded simulation of daily demand, baking and sales per branch and product.

Demand = base_daily × branch.size × weekday profile × weather × Advent weekend × holiday eve
× season × trend × negative-binomial noise. Baked follows the bakery's rule: mean of the last
3 same-weekday sales × a markup of about 1.17 (special days: the planner's expectation).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

from tools.company.catalog import BRANCHES, HOLIDAY_SUBDIV, PRODUCTS, Branch, Product
from tools.company.weather import START, day_rng

NB_SIZE = 90.0  # negative-binomial size: var = mu + mu²/90
MARKUP = 1.17
PRICE_INFLATION = 1.045  # catalog prices are 2026 prices; earlier years scaled down per year
TOURIST_BRANCHES = {"tangermuende", "havelberg"}

# weekday profile Mon..Sun per product group
WEEKDAY: dict[str, tuple[float, ...]] = {
    "brot": (1.0, 0.95, 0.95, 1.0, 1.15, 1.25, 0.35),
    "broetchen": (0.9, 0.88, 0.88, 0.9, 1.0, 1.45, 1.25),
    "feingebaeck": (0.95, 0.92, 0.93, 0.97, 1.05, 1.3, 1.1),
    "konditorei": (0.85, 0.85, 0.9, 0.95, 1.05, 1.35, 1.55),
    "kuchen": (0.85, 0.85, 0.9, 0.95, 1.05, 1.35, 1.55),
    "saison": (1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 1.0),
}
# temperature slope per °C above 12 °C (warm: less bread, more cake)
TEMP_SLOPE: dict[str, float] = {
    "brot": -0.007,
    "broetchen": -0.003,
    "feingebaeck": 0.0,
    "konditorei": 0.009,
    "kuchen": 0.008,
    "saison": -0.01,
}
TREND: dict[str, float] = {
    "brot": -0.01,
    "broetchen": 0.015,
    "feingebaeck": 0.04,
    "konditorei": 0.02,
    "kuchen": 0.02,
    "saison": 0.03,
}


@lru_cache(maxsize=8)
def state_holidays(year: int) -> dict[date, str]:
    """Public holidays of Sachsen-Anhalt in `year` (closed days)."""
    return dict(holidays.Germany(subdiv=HOLIDAY_SUBDIV, years=year))


def is_closed(branch: Branch, day: date) -> bool:
    """Closed on public holidays (incl. Dec 25/26) and on Sundays without Sunday hours."""
    if day in state_holidays(day.year) or (day.month == 12 and day.day in (25, 26)):
        return True
    return day.weekday() == 6 and branch.opening.sunday is None


def opening_window(branch: Branch, day: date) -> tuple[time, time] | None:
    """Opening hours that day; Dec 24 and Dec 31 close at 12:00."""
    if is_closed(branch, day):
        return None
    wd = day.weekday()
    hours = branch.opening.weekday if wd < 5 else branch.opening.saturday if wd == 5 else branch.opening.sunday
    if hours is None:
        return None
    if day.month == 12 and day.day in (24, 31):
        return hours[0], min(hours[1], time(12, 0))
    return hours


def advent_sundays(year: int) -> list[date]:
    """The four Advent Sundays of `year`."""
    dec24 = date(year, 12, 24)
    fourth = dec24 - timedelta(days=(dec24.weekday() + 1) % 7)
    return [fourth - timedelta(days=7 * (3 - k)) for k in range(4)]


def is_advent_weekend(day: date) -> bool:
    """Saturday or Sunday of one of the four Advent weekends."""
    return any(day in (s, s - timedelta(days=1)) for s in advent_sundays(day.year))


def easter(year: int) -> date:
    """Easter Sunday (Gregorian, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(year, month, (h + l_ - 7 * m + 114) % 31 + 1)


def season_factor(product: Product, day: date) -> float:
    """0 when the product is not sold that day, else its seasonal multiplier."""
    if product.seasonal == "advent":
        start, xmas = date(day.year, 11, 15), date(day.year, 12, 24)
        in_season = start <= day <= xmas
        ramp = 0.5 + 1.0 * (day - start).days / (xmas - start).days if in_season else 0.0
        if product.id == "baumkuchen":
            return max(ramp, 0.25)
        return ramp
    if product.seasonal == "silvester":
        if day.month == 12 and 27 <= day.day <= 31:
            return 8.0 if day.day == 31 else 1.0
        if day.month == 1 and day.day == 2:
            return 0.6
        if day.month == 11 and day.day == 11:
            return 2.0
        rose_monday = easter(day.year) - timedelta(days=48)
        offset = (day - rose_monday).days
        return {-4: 1.5, -3: 1.5, -2: 2.0, -1: 1.5, 0: 3.0, 1: 4.0}.get(offset, 0.0)
    return 1.0


def special_factor(product: Product, day: date) -> float:
    """Holiday-eve and Christmas/New Year's Eve effects (people stock up before closed days)."""
    nxt = day + timedelta(days=1)
    group = product.group
    if day.month == 12 and day.day == 24:
        return {"brot": 1.3, "broetchen": 1.8, "saison": 1.4}.get(group, 0.6)
    if day.month == 12 and day.day == 31:
        return {"brot": 1.2, "broetchen": 1.4, "saison": 1.0}.get(group, 0.8)
    if nxt in state_holidays(nxt.year):
        return 1.35 if group in ("brot", "broetchen") else 1.1
    return 1.0


def weather_factor(product: Product, temp_c: float, rain_mm: float) -> float:
    """Warm days: less bread, more cake; rain: fewer customers."""
    temp = 1.0 + TEMP_SLOPE[product.group] * (temp_c - 12.0)
    rain = 1.0 - (0.04 + 0.006 * min(rain_mm, 20.0)) if rain_mm >= 1.0 else 1.0
    return max(temp, 0.6) * rain


def trend_factor(product: Product, branch: Branch, day: date) -> float:
    """Slow yearly trend per group plus summer tourism in the tourist towns."""
    years = (day - START).days / 365.25
    factor = (1.02 + TREND[product.group]) ** years
    if branch.id in TOURIST_BRANCHES and day.month in (6, 7, 8):
        factor *= 1.15
    return factor


def price_on(product: Product, day: date) -> float:
    """Shelf price on `day`: catalog price scaled back by yearly price rises, rounded to 5 ct."""
    return round(product.price_eur / PRICE_INFLATION ** (2026 - day.year) * 20) / 20


def _clock(start: time, end: time, frac: float) -> str:
    t0 = datetime.combine(date(2000, 1, 1), start)
    span = (datetime.combine(date(2000, 1, 1), end) - t0).total_seconds()
    return (t0 + timedelta(seconds=span * frac)).strftime("%H:%M")


def simulate_sales(weather: pd.DataFrame, end: date) -> pd.DataFrame:
    """Simulate every open branch × sold product from START to `end`; closed days have no rows."""
    combos = [(b, p) for b in BRANCHES for p in PRODUCTS]
    n = len(combos)
    base = np.array([p.base_daily * b.size for b, p in combos])
    is_broetchen = np.array([p.group == "broetchen" for _, p in combos])
    hist = np.full((7, n, 3), np.nan)  # last 3 same-weekday sales per combo
    wx = weather.set_index(weather["date"].dt.date)
    out: list[pd.DataFrame] = []
    day = START
    while day <= end:
        rng = day_rng(1, day)
        temp, rain = float(wx.at[day, "temp_c"]), float(wx.at[day, "rain_mm"])
        wd = day.weekday()
        advent = is_advent_weekend(day)
        mu = np.empty(n)
        avail = np.zeros(n, bool)
        special = np.zeros(n, bool)
        windows: list[tuple[time, time] | None] = []
        for i, (b, p) in enumerate(combos):
            win = opening_window(b, day)
            windows.append(win)
            season = season_factor(p, day)
            sf = special_factor(p, day)
            avail[i] = win is not None and season > 0
            special[i] = p.seasonal is not None or sf != 1.0
            mu[i] = (
                base[i]
                * WEEKDAY[p.group][wd]
                * weather_factor(p, temp, rain)
                * (1.2 if advent and p.sweet else 1.0)
                * sf
                * season
                * trend_factor(p, b, day)
            )
        demand = rng.negative_binomial(NB_SIZE, NB_SIZE / (NB_SIZE + np.maximum(mu, 1e-9)))
        markup = MARKUP + rng.normal(0.0, 0.02, n)
        past = hist[wd]
        have = np.isfinite(past).all(axis=1)
        plan = np.where(have & ~special, past.mean(axis=1), mu)
        baked = np.maximum(np.round(plan * markup), 1).astype(int)
        sold = np.minimum(demand, baked)
        idx = np.flatnonzero(avail)
        if idx.size:
            hist[wd, idx] = np.concatenate([hist[wd, idx, 1:], sold[idx, None]], axis=1)
            times: list[str | None] = []
            for i in idx.tolist():
                if demand[i] > baked[i]:
                    frac = (baked[i] / demand[i]) ** (1 / 0.6 if is_broetchen[i] else 1.0)
                    window = windows[i]
                    assert window is not None  # idx holds only combos with an opening window (avail)
                    start, stop = window
                    times.append(_clock(start, stop, frac))
                else:
                    times.append(None)
            out.append(
                pd.DataFrame(
                    {
                        "date": day,
                        "branch": [combos[i][0].id for i in idx],
                        "product": [combos[i][1].id for i in idx],
                        "demand": demand[idx],
                        "baked": baked[idx],
                        "sold": sold[idx],
                        "sold_out": demand[idx] > baked[idx],
                        "sold_out_time": times,
                        "price_eur": [price_on(combos[i][1], day) for i in idx],
                    }
                )
            )
        day += timedelta(days=1)
    df = pd.concat(out, ignore_index=True)
    df["date"] = pd.to_datetime(df["date"])
    return df
