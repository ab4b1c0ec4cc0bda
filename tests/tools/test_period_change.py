"""`tools.forecast.period_change`: per goods group, the forecast per selling day against the demand now."""

from __future__ import annotations

from datetime import date, timedelta

import pytest


def test_the_changes_come_from_the_forecast_and_the_recent_demand() -> None:
    from tools.forecast.api import demo_inputs, forecast_demo_series
    from tools.forecast.period_change import RECENT_DAYS, group_changes

    start, end = date(2027, 1, 1), date(2027, 1, 31)
    changes, last = group_changes(start, end)
    assert [c.change for c in changes] == sorted(c.change for c in changes)  # largest fall first
    hist, _, _ = demo_inputs()
    recent = hist[hist["date"] > hist["date"].max() - timedelta(days=RECENT_DAYS)]
    days = int((recent.groupby("date")["value"].sum() > 0).sum())
    for c in changes:
        rows = forecast_demo_series(start, end, [f"alle/gruppe:{c.group}"])
        selling = rows[rows["forecast"] > 0.5]
        assert c.ahead_per_day == pytest.approx(selling["forecast"].sum() / len(selling))
        assert c.recent_per_day == pytest.approx(recent.loc[recent["group"] == c.group, "value"].sum() / days)
        assert c.change == pytest.approx(c.ahead_per_day / c.recent_per_day - 1)
    assert last == hist["date"].max().date()
