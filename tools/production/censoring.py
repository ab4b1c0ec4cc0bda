"""Uncensor sold-out days: sales then only show a lower bound of demand.

Treatment: on a sold-out day with a recorded sell-out time, demand is estimated as
sold / (share of the opening hours elapsed), i.e. we assume the sales rate of that day would
have stayed constant until closing; the uplift is capped at `MAX_UPLIFT`. Without a time the
sold figure is kept (a lower bound), so the plan then errs on the low side.
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache

import numpy as np
import pandas as pd

from tools.company.catalog import BRANCH_BY_ID

MAX_UPLIFT = 2.0


@lru_cache(maxsize=65536)
def opening_hours_on(branch: str, day: date) -> tuple[time, time] | None:
    """A branch's opening and closing time on `day`; None when it is closed (or unknown)."""
    b = BRANCH_BY_ID.get(branch)
    if b is None:
        return None
    try:  # the generator's own rule (holiday short days) when available
        from tools.company.sales import opening_window

        return opening_window(b, day)
    except Exception:  # noqa: BLE001 - fall back to the catalog hours
        wd = day.weekday()
        return b.opening.weekday if wd < 5 else b.opening.saturday if wd == 5 else b.opening.sunday


def elapsed_share(branch: str, day: date, clock: str) -> float | None:
    """Share of the day's opening hours that had passed at `clock` ('HH:MM'), or None if unknown."""
    win = opening_hours_on(branch, day)
    if win is None or not clock:
        return None
    try:
        hh, mm = str(clock).split(":")
        now = int(hh) * 60 + int(mm)
    except ValueError:
        return None
    open_min = win[0].hour * 60 + win[0].minute
    span = win[1].hour * 60 + win[1].minute - open_min
    done = now - open_min
    return float(min(max(done / span, 0.0), 1.0)) if span > 0 else None


def uncensored_demand(sales: pd.DataFrame) -> pd.Series:
    """Estimated demand per row of sales[date, branch, sold, sold_out, sold_out_time]."""
    est = sales["sold"].astype(float).to_numpy().copy()
    if "sold_out_time" not in sales:
        return pd.Series(est, index=sales.index)
    mask = sales["sold_out"].astype(bool).to_numpy() & sales["sold_out_time"].notna().to_numpy()
    sub = sales.loc[mask, ["branch", "date", "sold_out_time"]]
    shares = [
        elapsed_share(b, pd.Timestamp(d).date(), t) for b, d, t in zip(sub["branch"], sub["date"], sub["sold_out_time"])
    ]
    sh = np.array([np.nan if x is None else x for x in shares], dtype=float)
    upl = np.where(np.isnan(sh), 1.0, 1.0 / np.maximum(sh, 1.0 / MAX_UPLIFT))
    est[mask] = est[mask] * upl
    return pd.Series(np.round(est, 2), index=sales.index)
