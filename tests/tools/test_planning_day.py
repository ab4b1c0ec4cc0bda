"""`tools.planning.day`: the quantities ovens and tours are planned for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tools.errors import RequestError


def test_a_day_beyond_the_forecast_is_refused_in_german() -> None:
    """Hostile test 23: tours for 24.12.2099 were planned from the baked pieces of a week in 2026."""
    from tools.planning.day import demand_for_day

    with pytest.raises(RequestError, match="höchstens bis zum .*näheren Tag"):
        demand_for_day(date(2099, 12, 24), source="same_day")


def test_a_day_beyond_the_plan_gets_the_forecast_the_plan_shows() -> None:
    """Trial 30: tours for 23.12. in November were refused while the plan answered from the forecast; the day's
    quantities are now the chain's group forecast (the plan's stand-in), split over branches and goods."""
    from collections import Counter

    from tools.company.catalog import PRODUCT_BY_ID
    from tools.forecast.api import forecast_demo_series
    from tools.planning.day import demand_for_day, plan_reach

    last = plan_reach()
    assert demand_for_day(last, source="sales").source == "sales"  # the last day within reach is planned
    day = last + timedelta(days=8)
    demand = demand_for_day(day)
    assert demand.source == "forecast" and "Absatzprognose" in demand.source_text
    per_group: Counter[str] = Counter()
    for item in demand.items:
        per_group[PRODUCT_BY_ID[item.product].group] += item.quantity
    groups = sorted({p.group for p in PRODUCT_BY_ID.values()})
    rows = forecast_demo_series(day, day, [f"alle/gruppe:{g}" for g in groups])
    expected = {str(r.product).split(":", 1)[1]: round(float(r.forecast)) for r in rows.itertuples()}
    assert {g: n for g, n in per_group.items()} == {g: n for g, n in expected.items() if n > 0}
    assert len({i.branch for i in demand.items}) > 1  # spread over the branches, not one lump
    one = demand_for_day(day, branches=["gardelegen"], products=["landbrot"])
    assert {(i.branch, i.product) for i in one.items} == {("gardelegen", "landbrot")}
