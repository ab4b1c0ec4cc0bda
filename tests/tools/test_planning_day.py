"""`tools.planning.day`: the quantities ovens and tours are planned for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tools.errors import RequestError


def test_a_day_beyond_the_production_plans_reach_is_refused_in_german() -> None:
    """Hostile test 23: tours for 24.12.2099 were planned from the baked pieces of a week in 2026."""
    from tools.company.data import load_sales
    from tools.planning.day import demand_for_day
    from tools.production.plan import MAX_AHEAD_DAYS

    last = load_sales()["date"].max().date() + timedelta(days=MAX_AHEAD_DAYS)
    with pytest.raises(RequestError, match="höchstens bis zum"):
        demand_for_day(date(2099, 12, 24), source="same_day")
    with pytest.raises(RequestError, match=f"{last:%d.%m.%Y}"):
        demand_for_day(last + timedelta(days=1), source="same_day")
    assert demand_for_day(last, source="same_day").day == last  # the last day within reach is planned
