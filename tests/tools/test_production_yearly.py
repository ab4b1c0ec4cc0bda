"""The plan's last year against what was baked: no look-ahead, consistent sums, stored with the sales' fingerprint."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from tools.production.selection import PlanChoice
from tools.production.yearly import YearlyValue, compute_year, plan_year_frame, stored_year, yearly_value

DAYS = 28


@pytest.fixture(scope="module")
def small_sales() -> pd.DataFrame:
    """One branch, three products, the last ~15 months of the demo sales (fast fits)."""
    from tools.company.data import load_sales

    s = load_sales()
    branch = sorted(s["branch"].unique())[0]
    products = sorted(s[s["branch"] == branch]["product"].unique())[:3]
    last = s["date"].max()
    keep = (s["branch"] == branch) & s["product"].isin(products) & (s["date"] > last - pd.Timedelta(days=450))
    return s[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def year(small_sales: pd.DataFrame) -> YearlyValue:
    return yearly_value(small_sales, days=DAYS, refit_weeks=2)


def test_each_day_is_planned_from_earlier_data_only(small_sales: pd.DataFrame) -> None:
    end = small_sales["date"].max().date()
    start = end - timedelta(days=DAYS - 1)
    poison_from = start + timedelta(days=10)
    poisoned = small_sales.copy()
    later = poisoned["date"] >= pd.Timestamp(poison_from)
    for col in ("demand", "baked", "sold"):
        poisoned.loc[later, col] = poisoned.loc[later, col] * 20
    # the model variant is chosen in week 0 on the data before it (select_plan), then every 12 weeks
    clean_choices: list[PlanChoice] = []
    dirty_choices: list[PlanChoice] = []
    clean = plan_year_frame(small_sales, start, end, refit_weeks=2, choices=clean_choices)
    dirty = plan_year_frame(poisoned, start, end, refit_weeks=2, choices=dirty_choices)
    before = clean["date"] < pd.Timestamp(poison_from)
    assert before.sum() > 0 and len(clean) == len(dirty)
    for col in ("plan", "mean3", "last_week", "forecast"):
        assert clean.loc[before, col].tolist() == dirty.loc[before, col].tolist(), col
    assert [c.cutoff for c in clean_choices] == [start - timedelta(days=2)] and clean_choices[0].profit
    assert clean_choices == dirty_choices  # a choice that read later sales would score other profits
    # the weeks planned after the poison did see it: the check above could fail
    after = clean["date"] >= pd.Timestamp(start + timedelta(days=14))
    assert (dirty.loc[after, "plan"].to_numpy() > 3 * clean.loc[after, "plan"].to_numpy()).mean() > 0.5


def test_year_sums_fit_together(year: YearlyValue, small_sales: pd.DataFrame) -> None:
    assert year.end == small_sales["date"].max().date()
    assert (year.end - year.start).days == DAYS - 1 and year.series == 3
    assert year.baseline == "gebacken" and year.baked_share == 1.0  # the demo data records what was baked
    assert year.saved_returns == pytest.approx(year.base.returned - year.plan.returned)
    assert year.extra_profit_eur == pytest.approx(year.plan.profit_eur - year.base.profit_eur, abs=0.01)
    assert sum(r.plan_returned for r in year.by_series) == pytest.approx(year.plan.returned)
    assert sum(r.base_soldout_days for r in year.by_series) == year.base.soldout_days
    assert sum(m.plan_returned for m in year.months) == pytest.approx(year.plan.returned)
    # the baseline is the recorded baked quantity of those days
    window = small_sales[small_sales["date"] >= pd.Timestamp(year.start)]
    assert year.base.baked == pytest.approx(float(window["baked"].sum()))
    # one model choice (every 12 weeks), made on the data up to two days before the first planned week
    assert [c.cutoff for c in year.choices] == [year.start - timedelta(days=2)] and year.choices[0].weeks == 12


def test_year_is_stored_with_the_sales_fingerprint(fresh_var: Path, small_sales: pd.DataFrame) -> None:
    short = small_sales[small_sales["date"] <= small_sales["date"].max() - pd.Timedelta(days=300)]
    short = short.reset_index(drop=True)
    assert stored_year(short) is None
    first = compute_year(short)
    again = stored_year(short)
    assert again is not None and again.model_dump() == first.model_dump()
    assert not first.full_year  # ~150 days of history: all of it after the first weeks, not a full year
    changed = short.copy()
    changed.loc[0, "sold"] += 1
    assert stored_year(changed) is None  # other sales, other fingerprint
