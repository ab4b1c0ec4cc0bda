"""Raw materials for the production plans of one or more days against the stock on hand.

The need is the sum of the daily plans' recipe quantities; the stock is today's list (deliveries still to come
are not known), so a shortage over several days means: order before it runs out.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

from tools.production.plan import plan_day

MAX_DAYS = 14


class MaterialNeed(BaseModel):
    """Need over the period, stock on hand, and what is missing (0 when enough)."""

    name: str
    needed_kg: float
    stock_kg: float
    shortage_kg: float
    first_short_day: date | None = None  # the day on which the running need first exceeds the stock


class MaterialsReport(BaseModel):
    """Raw materials for the plans of [start, end] (at most MAX_DAYS days)."""

    start: date
    end: date
    materials: list[MaterialNeed]

    def shortages(self) -> list[MaterialNeed]:
        """Materials that run short within the period."""
        return [m for m in self.materials if m.shortage_kg > 0]


def materials_need(
    start: date, end: date, branches: list[str] | None = None, products: list[str] | None = None
) -> MaterialsReport:
    """Sum the plans' raw materials day by day and compare with the stock; the period is cut to MAX_DAYS."""
    end = min(end, start + timedelta(days=MAX_DAYS - 1))
    need: dict[str, float] = {}
    stock: dict[str, float] = {}
    first_short: dict[str, date] = {}
    day = start
    while day <= end:
        for m in plan_day(day, branches, products).materials:
            need[m.name] = need.get(m.name, 0.0) + m.needed_kg
            stock[m.name] = m.stock_kg
            if need[m.name] > m.stock_kg and m.name not in first_short:
                first_short[m.name] = day
        day += timedelta(days=1)
    mats = [
        MaterialNeed(
            name=n,
            needed_kg=round(kg, 2),
            stock_kg=round(stock[n], 2),
            shortage_kg=round(max(0.0, kg - stock[n]), 2),
            first_short_day=first_short.get(n),
        )
        for n, kg in sorted(need.items())
    ]
    return MaterialsReport(start=start, end=end, materials=mats)
