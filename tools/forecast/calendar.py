"""Calendar features: state holidays with windows, Advent weekends, Christmas season, closed days."""
from __future__ import annotations

from datetime import date, timedelta

import holidays as hol
import numpy as np
import pandas as pd

# names used in the holiday table (German, shown to users by demand_drivers)
ADVENT_WEEKEND = "Adventswochenende"
CHRISTMAS_EVE = "Heiligabend"
NEW_YEARS_EVE = "Silvester"


def advent_sundays(year: int) -> list[date]:
    """The four Advent Sundays of `year` (4th Advent = last Sunday before Dec 25)."""
    xmas = date(year, 12, 25)
    fourth = xmas - timedelta(days=(xmas.weekday() + 1) % 7 or 7)
    return [fourth - timedelta(weeks=3 - i) for i in range(4)]


def _parse_region(region: str | None) -> tuple[str, str | None] | None:
    """'DE-ST' -> ('DE', 'ST'); 'DE' -> ('DE', None); None/'' -> None."""
    if not region:
        return None
    parts = region.upper().split("-", 1)
    return parts[0], (parts[1] if len(parts) > 1 else None)


def holiday_table(region: str | None, start: date, end: date) -> pd.DataFrame:
    """Prophet holiday frame (holiday, ds, lower_window, upper_window) for the years of [start, end]."""
    rows: list[dict] = []
    years = range(start.year, end.year + 1)
    parsed = _parse_region(region)
    if parsed:
        country, subdiv = parsed
        cal = hol.country_holidays(country, subdiv=subdiv, years=list(years), language="de")
        for d, name in sorted(cal.items()):
            # Dec 24 and Dec 31 have their own entries below, so 25 Dec / 1 Jan start on the day
            lower = 0 if (d.month, d.day) in {(12, 25), (1, 1)} else -1
            rows.append({"holiday": str(name).split(";")[0].strip(), "ds": pd.Timestamp(d),
                         "lower_window": lower, "upper_window": 1})
    for y in years:
        for s in advent_sundays(y):
            rows.append({"holiday": ADVENT_WEEKEND, "ds": pd.Timestamp(s - timedelta(days=1)),
                         "lower_window": 0, "upper_window": 1})
        rows.append({"holiday": CHRISTMAS_EVE, "ds": pd.Timestamp(date(y, 12, 24)),
                     "lower_window": -1, "upper_window": 0})
        rows.append({"holiday": NEW_YEARS_EVE, "ds": pd.Timestamp(date(y, 12, 31)),
                     "lower_window": -1, "upper_window": 0})
    df = pd.DataFrame(rows, columns=["holiday", "ds", "lower_window", "upper_window"])
    return df.drop_duplicates(["holiday", "ds"]).reset_index(drop=True)


def season_features(ds: pd.Series) -> pd.DataFrame:
    """Deterministic season regressors: Christmas season (1st Advent–23 Dec) and 'between the years'."""
    d = pd.to_datetime(ds)
    first_advent = {y: pd.Timestamp(advent_sundays(y)[0]) for y in d.dt.year.unique()}
    start = d.dt.year.map(first_advent)
    xmas_season = ((d >= start) & (d.dt.month == 12) & (d.dt.day <= 23)) | ((d >= start) & (d.dt.month == 11))
    between = (d.dt.month == 12) & (d.dt.day >= 27) & (d.dt.day <= 30)
    return pd.DataFrame({"weihnachtszeit": xmas_season.astype(float).to_numpy(),
                         "zwischen_den_jahren": between.astype(float).to_numpy()}, index=ds.index)


def closed_days(history: pd.DataFrame, future: pd.DatetimeIndex, region: str | None = None) -> pd.Series:
    """True for future days on which the series is closed: a weekday with (almost) no sales in the
    last 8 weeks, a calendar day (e.g. 25 Dec) without sales in every earlier year of the history,
    or a public holiday of `region` (e.g. Easter Monday) that had no sales at any earlier occurrence."""
    h = history.dropna(subset=["y"])
    open_days = h.loc[h["y"] > 0, "ds"]
    if open_days.empty:
        return pd.Series(True, index=future)
    last = open_days.max()
    # weekday closure, judged on the last 8 weeks in which the series sold anything at all
    # (so a seasonal product that just started is not taken for closed)
    weeks = open_days.dt.to_period("W")
    active = sorted(weeks.unique())[-8:]
    open_set = set(open_days)
    recent_open = open_days[weeks.isin(active)]
    wd_open = {wd: (recent_open.dt.day_of_week == wd).sum() / len(active) for wd in range(7)}
    first = open_days.min()
    md_closed: dict[tuple[int, int], bool] = {}
    for m, dd in {(x.month, x.day) for x in future}:
        years = [y for y in range(first.year, last.year + 1)
                 if _valid(y, m, dd) and first <= pd.Timestamp(y, m, dd) <= last]
        md_closed[(m, dd)] = bool(years) and all(pd.Timestamp(y, m, dd) not in open_set for y in years)
    hol_closed: set[pd.Timestamp] = set()
    if region and len(future):
        table = holiday_table(region, first.date(), future.max().date())
        table = table[~table["holiday"].isin([ADVENT_WEEKEND, CHRISTMAS_EVE, NEW_YEARS_EVE])]
        for _, g in table.groupby("holiday"):
            past = g[(g["ds"] >= first) & (g["ds"] <= last)]["ds"]
            if len(past) and not any(x in open_set for x in past):
                hol_closed |= set(g[g["ds"] > last]["ds"])
    out = [wd_open[x.weekday()] < 0.15 or md_closed[(x.month, x.day)] or x in hol_closed for x in future]
    return pd.Series(out, index=future)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True
