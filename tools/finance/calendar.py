"""Trading-day weights: how much revenue a day or a month can carry (weekday mix, closed days)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tools.company.sales import state_holidays


def weekday_weights(sales: pd.DataFrame) -> dict[int, float]:
    """Mean revenue per weekday (0 = Monday) relative to the overall mean, from the sales history."""
    rev = (sales["sold"] * sales["price_eur"].fillna(0)).groupby(sales["date"]).sum()
    rev = rev[rev.index >= rev.index.max() - pd.Timedelta(days=365)]
    by_wd = rev.groupby(rev.index.day_of_week).mean()
    by_wd = by_wd / by_wd.mean()
    return {wd: float(by_wd.get(wd, 0.0)) for wd in range(7)}


def is_closed_day(day: date) -> bool:
    """Public holiday of Sachsen-Anhalt or Christmas: all branches closed."""
    return day in state_holidays(day.year) or (day.month == 12 and day.day in (25, 26))


def day_weight(day: date, weights: dict[int, float]) -> float:
    """Revenue weight of one day (0 on closed days)."""
    return 0.0 if is_closed_day(day) else weights[day.weekday()]


def month_weight(month: pd.Timestamp, weights: dict[int, float]) -> float:
    """Sum of the day weights of a month (trading-day index)."""
    days = pd.date_range(month, month + pd.offsets.MonthEnd(0))
    return sum(day_weight(d.date(), weights) for d in days)
