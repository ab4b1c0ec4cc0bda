"""Calendar features for the demand model: weekday, season, holidays, Advent and Christmas distance."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as hol
import numpy as np
import pandas as pd


@lru_cache(maxsize=16)
def _holiday_set(region: str | None, y0: int, y1: int) -> frozenset[date]:
    """Public holidays of `region` ('DE-ST', 'DE-SH', 'DE' or None) for the years y0..y1."""
    if not region:
        return frozenset()
    country, _, subdiv = region.upper().partition("-")
    cal = hol.country_holidays(country, subdiv=subdiv or None, years=list(range(y0, y1 + 1)))
    return frozenset(cal.keys())


def _first_advent(year: int) -> date:
    xmas = date(year, 12, 25)
    fourth = xmas - timedelta(days=(xmas.weekday() + 1) % 7 or 7)
    return fourth - timedelta(weeks=3)


def calendar_features(days: pd.Series, region: str | None) -> pd.DataFrame:
    """One row of calendar features per entry of `days` (datetime64)."""
    d = pd.to_datetime(days).reset_index(drop=True)
    hs = _holiday_set(region, int(d.dt.year.min()) - 1, int(d.dt.year.max()) + 1)
    pyd = [x.date() for x in d]
    hol_now = np.array([x in hs for x in pyd], dtype=float)
    hol_next = np.array([(x + timedelta(days=1)) in hs for x in pyd], dtype=float)
    hol_prev = np.array([(x - timedelta(days=1)) in hs for x in pyd], dtype=float)
    to_xmas = np.array([(date(x.year, 12, 24) - x).days for x in pyd], dtype=float)
    to_xmas[(to_xmas < -8) | (to_xmas > 45)] = 60.0
    adv = np.array([(x - _first_advent(x.year)).days for x in pyd], dtype=float)
    adv[(adv < -7) | (adv > 30)] = -30.0
    return pd.DataFrame(
        {
            "wd": d.dt.day_of_week.to_numpy(),
            "doy": d.dt.day_of_year.to_numpy(),
            "month": d.dt.month.to_numpy(),
            "dom": d.dt.day.to_numpy(),
            "hol": hol_now,
            "hol_next": hol_next,
            "hol_prev": hol_prev,
            "to_xmas": to_xmas,
            "since_advent": adv,
        }
    )
