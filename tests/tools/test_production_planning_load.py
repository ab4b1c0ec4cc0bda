"""The planning work counted from sales data: selling days, branches and amounts set per day."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tools.production.planning_load import planning_load


def _sales(days: int, closed_weekday: int | None) -> pd.DataFrame:
    rows = []
    for d in pd.date_range("2025-01-01", periods=days, freq="D"):
        open_ = d.weekday() != closed_weekday
        for branch in ("a", "b"):
            for product in ("brot", "schrippe", "kuchen"):
                baked = 10 if open_ and not (branch == "b" and product == "kuchen") else 0
                rows.append({"date": d, "branch": branch, "product": product, "baked": baked, "sold": baked // 2})
    return pd.DataFrame(rows)


def test_a_closed_sunday_leaves_six_selling_days_a_week_and_unbaked_goods_are_no_amount() -> None:
    load = planning_load(_sales(400, closed_weekday=6))
    assert load.branches == 2
    assert 6.9 * 52 > load.selling_days > 6 * 52 - 2 and round(load.days_per_week) == 6
    assert load.amounts_per_day == 5.0  # branch b bakes no Kuchen
    assert load.last == date(2026, 2, 4)


def test_every_day_open() -> None:
    load = planning_load(_sales(365, closed_weekday=None))
    assert load.selling_days == 365 and load.days_per_week == 7.0
