"""What was really sold in a past period, per branch, product or product group, against the year before.

The year before is the same weekdays 52 weeks earlier (364 days), so a Saturday is compared with a Saturday.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pandas as pd
from pydantic import BaseModel

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.data import load_sales
from tools.errors import RequestError

ReviewBy = Literal["branch", "product", "group", "month"]
YEAR = timedelta(days=364)


class ReviewRow(BaseModel):
    """Sold pieces and revenue of one branch, product, group or month ('2026-10'); the year before where there
    was data."""

    key: str
    sold: float
    revenue_eur: float
    prev_sold: float | None
    prev_revenue_eur: float | None


class SalesReview(BaseModel):
    """Actual sales in [start, end] by one dimension, rows by revenue (highest first), and the total."""

    start: date
    end: date
    by: ReviewBy
    rows: list[ReviewRow]
    total: ReviewRow
    data_until: date


def _sums(s: pd.DataFrame) -> tuple[float, float]:
    return float(s["sold"].sum()), float((s["sold"] * s["price_eur"]).sum())


def _row(key: str, now: pd.DataFrame, before: pd.DataFrame) -> ReviewRow:
    sold, revenue = _sums(now)
    prev = _sums(before) if not before.empty else None
    return ReviewRow(
        key=key,
        sold=sold,
        revenue_eur=revenue,
        prev_sold=prev[0] if prev else None,
        prev_revenue_eur=prev[1] if prev else None,
    )


def sales_review(
    start: date,
    end: date,
    by: ReviewBy,
    branches: list[str] | None = None,
    products: list[str] | None = None,
) -> SalesReview:
    """Sold pieces and revenue per `by` in [start, end] (cut at the last day with data) and a year before."""
    s = load_sales()
    data_until = s["date"].max().date()
    end = min(end, data_until)
    if end < start:
        raise RequestError(f"Verkaufsdaten gibt es nur bis {data_until:%d.%m.%Y}.")
    if branches:
        s = s[s["branch"].isin(branches)]
    if products:
        s = s[s["product"].isin(products)]
    s = s.assign(group=s["product"].map(lambda p: PRODUCT_BY_ID[p].group if p in PRODUCT_BY_ID else "sonstige"))
    now = s[(s["date"] >= pd.Timestamp(start)) & (s["date"] <= pd.Timestamp(end))]
    if now.empty:
        first = s["date"].min().date() if not s.empty else data_until
        raise RequestError(
            "Für diese Auswahl gibt es in diesem Zeitraum keine Verkaufsdaten "
            f"(Ihre Verkaufsdaten reichen vom {first:%d.%m.%Y} bis {data_until:%d.%m.%Y})."
        )
    before = s[(s["date"] >= pd.Timestamp(start - YEAR)) & (s["date"] <= pd.Timestamp(end - YEAR))]
    now = now.assign(month=now["date"].dt.strftime("%Y-%m"))
    before = before.assign(month=(before["date"] + YEAR).dt.strftime("%Y-%m"))  # a month against its year before
    rows = [_row(str(k), g, before[before[by] == k]) for k, g in now.groupby(by)]
    rows.sort(key=lambda r: -r.revenue_eur)
    return SalesReview(start=start, end=end, by=by, rows=rows, total=_row("gesamt", now, before), data_until=data_until)
