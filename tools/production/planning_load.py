"""What the daily planning covers in the firm's own sales data (selling days, branches, amounts to set per day),
so an answer about planning time rests on the data and the owner's own minutes, never on an assumed saving."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel, Field

RECENT_DAYS = 28  # the amounts set per day: mean over the last four weeks (the current range of goods)


class PlanningLoad(BaseModel):
    """The planning work the data shows: one baking amount per branch × product and selling day."""

    first: date = Field(description="first day of the year looked at")
    last: date = Field(description="last day with sales")
    selling_days: int = Field(description="days with any sales in the last 365 days of data")
    days_per_week: float = Field(description="selling days per week over that year")
    branches: int
    amounts_per_day: float = Field(description="branch × product pairs baked per selling day, last four weeks")


def planning_load(sales: pd.DataFrame) -> PlanningLoad:
    """Count the selling days of the last year of data and the amounts the bake plan sets on each."""
    dates = pd.to_datetime(sales["date"])
    last = dates.max()
    year = sales[dates > last - timedelta(days=365)]
    year_dates = pd.to_datetime(year["date"])
    selling = year[year["sold"] > 0]
    days = int(pd.to_datetime(selling["date"]).dt.normalize().nunique())
    span_days = (last - year_dates.min()).days + 1
    recent = sales[(dates > last - timedelta(days=RECENT_DAYS)) & (sales["baked"] > 0)]
    per_day = recent.groupby("date").size()
    return PlanningLoad(
        first=year_dates.min().date(),
        last=last.date(),
        selling_days=days,
        days_per_week=round(days / span_days * 7, 2),
        branches=int(year["branch"].nunique()),
        amounts_per_day=round(float(per_day.mean()) if len(per_day) else 0.0, 1),
    )
