"""Per goods group: the forecast sales per selling day of a coming period against the demand per selling day of
the last four weeks of data (sold, raised on sold-out days: what the forecast learns from) – what to bake less or more of („Was sollen wir im Januar weniger produzieren?“)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel

from tools.company.catalog import GROUP_NAMES, PRODUCT_BY_ID

RECENT_DAYS = 28


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
    open_days = recent.groupby("date")["value"].sum()
    n_recent = max(int((open_days > 0).sum()), 1)
    out = []
    for g in groups:
        ahead = rows[rows["product"] == f"gruppe:{g}"]
        selling = ahead[ahead["forecast"] > 0.5]
        if selling.empty:
            continue
        per_day = float(selling["forecast"].sum()) / len(selling)
        now = float(recent.loc[recent["group"] == g, "value"].sum()) / n_recent
        if now <= 0:
            continue
        out.append(
            GroupChange(
                group=g, name=GROUP_NAMES.get(g, g), ahead_per_day=per_day, recent_per_day=now, change=per_day / now - 1
            )
        )
    return sorted(out, key=lambda c: c.change), last.date()
