"""How a period's sales compare with the year („Warum so wenig im Januar?“): the mean daily sales of the same
calendar days one year earlier against the mean day of the twelve months before today, from the sales data."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel

from tools.company.catalog import PRODUCTS
from tools.company.data import load_sales

MIN_DAYS = 7  # a shorter period is a day or two: its weekdays explain it, not the season


class PeriodLevel(BaseModel):
    """Mean pieces per selling day in the period a year ago and in the last twelve months."""

    start: date
    end: date
    period_mean: float
    year_mean: float
    pct: float
    selling_days: int


def _selected(sales: pd.DataFrame, branch: str, item: str) -> pd.DataFrame:
    """Rows of one branch ('alle' = every branch) and one item (product id, 'gruppe:x' or 'alle')."""
    rows = sales if branch == "alle" else sales[sales["branch"] == branch]
    if item.startswith("gruppe:"):
        ids = [p.id for p in PRODUCTS if p.group == item.split(":", 1)[1]]
        return rows[rows["product"].isin(ids)]
    return rows if item == "alle" else rows[rows["product"] == item]


def _shifted(d: date) -> date:
    """The same calendar day one year earlier (29 Feb → 28 Feb)."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def period_level(branch: str, item: str, start: date, end: date, today: date) -> PeriodLevel | None:
    """The period's level a year earlier against the last twelve months; None for a short period or one without
    sales a year earlier."""
    if (end - start).days + 1 < MIN_DAYS:
        return None
    then_start, then_end = _shifted(start), _shifted(end)
    if then_end >= today:
        return None
    rows = _selected(load_sales(), branch, item)
    daily = rows.groupby("date")["sold"].sum()
    daily = daily[daily > 0]  # selling days only (closed days sell nothing)
    days = pd.to_datetime(daily.index)
    then = daily[(days >= pd.Timestamp(then_start)) & (days <= pd.Timestamp(then_end))]
    year = daily[(days >= pd.Timestamp(today - timedelta(days=365))) & (days < pd.Timestamp(today))]
    if then.empty or year.empty:
        return None
    period_mean, year_mean = float(then.mean()), float(year.mean())
    return PeriodLevel(
        start=then_start,
        end=then_end,
        period_mean=round(period_mean, 1),
        year_mean=round(year_mean, 1),
        pct=round((period_mean / year_mean - 1) * 100, 1),
        selling_days=len(then),
    )
