"""Returns as they happened: baked minus sold per branch, product or month, with their value.

The value of a returned piece is its production cost minus its leftover value (the same money the plan's
backtest counts), so the ranking shows where unsold goods cost the most, not only where most pieces are left.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import pandas as pd
from pydantic import BaseModel

from tools.company.data import load_sales
from tools.errors import RequestError
from tools.production.demo import load_overrides, product_economics

By = Literal["branch", "product", "month"]


class ReturnsRow(BaseModel):
    """Baked, sold and returned pieces of one branch, product or month (key: id or 'YYYY-MM')."""

    key: str
    baked: float
    sold: float
    returned: float
    rate: float  # returned / baked
    value_eur: float  # returned pieces × (cost − leftover value)
    days: int


class ReturnsReport(BaseModel):
    """Returns in [start, end] by one dimension; rows by value (months in calendar order) and the total."""

    start: date
    end: date
    by: By
    rows: list[ReturnsRow]
    total: ReturnsRow


def _row(key: str, g: pd.DataFrame) -> ReturnsRow:
    baked, sold = float(g["baked"].sum()), float(g["sold"].sum())
    returned = float(g["returned"].sum())
    return ReturnsRow(
        key=key,
        baked=baked,
        sold=sold,
        returned=returned,
        rate=returned / baked if baked > 0 else 0.0,
        value_eur=float(g["value"].sum()),
        days=int(g["date"].nunique()),
    )


def returns_report(
    start: date, end: date, by: By, branches: list[str] | None = None, products: list[str] | None = None
) -> ReturnsReport:
    """Actual returns per `by` from the sales data (needs a baked quantity); German error when there is none."""
    s = load_sales()
    s = s[(s["date"] >= pd.Timestamp(start)) & (s["date"] <= pd.Timestamp(end))]
    if branches:
        s = s[s["branch"].isin(branches)]
    if products:
        s = s[s["product"].isin(products)]
    # an export without baked quantities is loaded with baked = sold: that is no information about returns
    if "baked" not in s.columns or s["baked"].notna().sum() == 0 or bool((s["baked"] == s["sold"]).all()):
        raise RequestError(
            "In diesem Zeitraum sind keine Backmengen erfasst – Retouren lassen sich nur aus gebacken minus verkauft "
            "berechnen."
        )
    s = s[s["baked"].notna()].copy()
    ovs = load_overrides()
    loss = {p: product_economics(p, ovs) for p in s["product"].unique()}
    s["returned"] = (s["baked"].astype(float) - s["sold"].astype(float)).clip(lower=0)
    s["value"] = s["returned"] * s["product"].map({p: e.cost - e.salvage for p, e in loss.items()})
    s["key"] = s["date"].dt.strftime("%Y-%m") if by == "month" else s[by]
    rows = [_row(str(k), g) for k, g in s.groupby("key")]
    rows.sort(key=(lambda r: r.key) if by == "month" else (lambda r: -r.value_eur))
    return ReturnsReport(start=start, end=end, by=by, rows=rows, total=_row("gesamt", s))
