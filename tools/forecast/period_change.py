"""Per goods group: the forecast sales per selling day of a coming period against the demand per selling day of
the last four weeks of data (sold, raised on sold-out days: what the forecast learns from) – what to bake less or
more of („Was sollen wir im Januar weniger produzieren?“). One rule counts the days on both sides: a selling day is a
day on which the group sells (or is forecast to sell) at least half a piece in the whole chain, so a seasonal group
that only began selling two weeks ago is divided by those two weeks, not by four."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
from pydantic import BaseModel

from tools.company.catalog import GROUP_NAMES, PRODUCT_BY_ID

RECENT_DAYS = 28
SELLING_MIN = 0.5  # pieces a day, chain-wide, from which a day counts as a selling day of a group


class GroupChange(BaseModel):
    """One goods group: pieces per selling day ahead (forecast) and now (sales), and the change as a share."""

    group: str
    name: str
    ahead_per_day: float
    recent_per_day: float
    change: float  # ahead / recent − 1


def group_changes(start: date, end: date) -> tuple[list[GroupChange], date]:
    """Every goods group's change, largest fall first, and the last day of the sales data compared with."""
    from tools.forecast.api import demo_inputs, forecast_demo_series

    groups = sorted({p.group for p in PRODUCT_BY_ID.values()})
    rows = forecast_demo_series(start, end, [f"alle/gruppe:{g}" for g in groups])
    hist, _, _ = demo_inputs()  # the demand the forecast learns from: sold, raised on sold-out days
    last = hist["date"].max()
    recent = hist[hist["date"] > last - timedelta(days=RECENT_DAYS)]
    out = []
    for g in groups:
        ahead = rows[rows["product"] == f"gruppe:{g}"]["forecast"]
        per_day = _per_selling_day(ahead)
        now = _per_selling_day(recent[recent["group"] == g].groupby("date")["value"].sum())
        if per_day is None or now is None:
            continue
        out.append(
            GroupChange(
                group=g, name=GROUP_NAMES.get(g, g), ahead_per_day=per_day, recent_per_day=now, change=per_day / now - 1
            )
        )
    return sorted(out, key=lambda c: c.change), last.date()


def _per_selling_day(per_day: pd.Series) -> float | None:
    """The mean of a group's pieces over its selling days (None when it has none)."""
    selling = per_day[per_day > SELLING_MIN]
    return float(selling.sum()) / len(selling) if len(selling) else None
