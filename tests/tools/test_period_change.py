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
    for c in changes:
        rows = forecast_demo_series(start, end, [f"alle/gruppe:{c.group}"])
        selling = rows[rows["forecast"] > 0.5]
        assert c.ahead_per_day == pytest.approx(selling["forecast"].sum() / len(selling))
        daily = recent[recent["group"] == c.group].groupby("date")["value"].sum()
        sold = daily[daily > 0.5]  # the same rule on both sides: the group's own selling days
        assert c.recent_per_day == pytest.approx(sold.sum() / len(sold))
        assert c.change == pytest.approx(c.ahead_per_day / c.recent_per_day - 1)
    assert last == hist["date"].max().date()


def test_a_group_selling_on_fewer_days_is_divided_by_its_own_days() -> None:
    """Stollen that sold on 10 of the last 28 days: its demand per selling day is over those 10 days (the chain's
    open days would make it look a third as large and the season's end a rise)."""
    import pandas as pd

    from tools.forecast.period_change import _per_selling_day

    days = pd.Series([0.0] * 18 + [30.0] * 10)
    assert _per_selling_day(days) == pytest.approx(30.0)
    assert _per_selling_day(pd.Series([0.0, 0.2])) is None
