"""Expected pieces per day, branch and product for staffing: the one swappable demand source.

Default: sales of the same weekday a year earlier × recent trend; `source="forecast"` uses forecast_demo.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import pandas as pd

from tools.company.catalog import BRANCH_BY_ID, PRODUCT_BY_ID

FIXED_DATES = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}
TREND_WEEKS = 8
Source = Literal["auto", "forecast", "history"]


def _load_sales() -> pd.DataFrame:
    from tools.company.data import load_sales

    df = load_sales()
    df = df.copy()
    df["date"] = pd.to_datetime(df["date"]).dt.date
    return df


def _year_before(day: date) -> date:
    if (day.month, day.day) in FIXED_DATES:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # pragma: no cover - Feb 29 is no fixed date
            pass
    return day - timedelta(days=364)


def trend_factor(sales: pd.DataFrame, today: date) -> float:
    """Sold pieces of the last 8 weeks divided by the same 8 weeks one year earlier."""
    recent_start = today - timedelta(weeks=TREND_WEEKS)
    recent = sales[(sales["date"] >= recent_start) & (sales["date"] < today)]["sold"].sum()
    before = sales[
        (sales["date"] >= recent_start - timedelta(days=364)) & (sales["date"] < today - timedelta(days=364))
    ]["sold"].sum()
    if before <= 0 or recent <= 0:
        return 1.0
    return float(recent / before)


def history_pieces(start: date, end: date, today: date) -> pd.DataFrame:
    """Pieces to bake and to sell per day/branch/product from last year's same weekday × trend."""
    sales = _load_sales()
    trend = trend_factor(sales, today)
    produce_col = "baked" if "baked" in sales.columns else "sold"
    by_day = {d: g for d, g in sales.groupby("date")}
    frames: list[pd.DataFrame] = []
    day = start
    while day <= end:
        src: date | None = day if day < today and day in by_day else _year_before(day)
        g = by_day.get(src)
        if g is None:  # no history that far back: last week's same weekday
            src = max((d for d in by_day if d.weekday() == day.weekday() and d < today), default=None)
            g = by_day.get(src) if src else None
        if g is not None:
            scale = 1.0 if src == day else trend
            frames.append(
                pd.DataFrame(
                    {
                        "date": day,
                        "branch": g["branch"].to_numpy(),
                        "product": g["product"].to_numpy(),
                        "produce": g[produce_col].to_numpy() * scale,
                        "sell": g["sold"].to_numpy() * scale,
                    }
                )
            )
        day += timedelta(days=1)
    if not frames:
        return pd.DataFrame(columns=["date", "branch", "product", "produce", "sell"])
    return pd.concat(frames, ignore_index=True)


def forecast_pieces(start: date, end: date) -> pd.DataFrame:
    """Pieces from the sales forecast (`tools.forecast.api.forecast_demo`)."""
    from tools.forecast.api import forecast_demo

    fc = forecast_demo(start, end)
    return pd.DataFrame(
        {
            "date": pd.to_datetime(fc["date"]).dt.date,
            "branch": fc["branch"],
            "product": fc["product"],
            "produce": fc["forecast"],
            "sell": fc["forecast"],
        }
    )


def expected_pieces(start: date, end: date, today: date, source: Source = "auto") -> tuple[pd.DataFrame, str]:
    """DataFrame[date, branch, product, produce, sell] (known ids only) and a German source label."""
    # "auto" = the fast history rule; switch it to the forecast here once forecast_demo is cached
    df, label = None, "Vorjahresabsatz gleicher Wochentag × Trend"
    if source == "forecast":
        try:
            df, label = forecast_pieces(start, end), "Absatzprognose"
        except ImportError:
            df = None
    if df is None:
        df = history_pieces(start, end, today)
    known = df["product"].isin(list(PRODUCT_BY_ID)) & df["branch"].isin(list(BRANCH_BY_ID))
    return df[known].reset_index(drop=True), label
