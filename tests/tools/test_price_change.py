"""The price what-if: money at today's volume, the break-even volume, and the customers' reaction measured by a
difference in differences – recovered on synthetic sales whose true price reaction is known."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tools.company.price_change import price_change, price_steps
from tools.errors import RequestError

TRUE_ELASTICITY = -0.8  # each 1 % of price costs 0.8 % of sales in the synthetic data


def _sales(elasticity: float = TRUE_ELASTICITY, seed: int = 0) -> pd.DataFrame:
    """Three years of daily sales of 12 products in two branches: a season, a trend, noise, and +10 % price rises
    on 2 January – in 2024 for every second product, in 2025 for every third (so some rise in one year and not
    in the other, as real price lists do) – after which demand moves by the elasticity."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2023-01-01", "2025-11-30", freq="D")
    rows = []
    for k in range(12):
        base = 200 + 30 * k
        season = 1 + 0.3 * np.sin(2 * np.pi * (days.day_of_year + 40 * k) / 365.25)
        trend = 1 + 0.05 * (days.year - 2023) * (1 if k % 3 else -1)
        steps = ((days.year >= 2024) & (k % 2 == 0)).astype(int) + ((days.year >= 2025) & (k % 3 == 0)).astype(int)
        price = 1.0 * 1.1**steps
        price = np.where((days.month == 1) & (days.day == 1), np.nan, price)  # closed on New Year's Day
        demand = base * season * trend * (1.1**steps) ** elasticity * rng.lognormal(0, 0.05, len(days))
        for branch in ("a", "b"):
            rows.append(
                pd.DataFrame(
                    {
                        "date": days,
                        "branch": branch,
                        "product": f"p{k}",
                        "sold": np.round(demand / 2),
                        "price_eur": np.round(price, 2),
                    }
                )
            )
    out = pd.concat(rows, ignore_index=True)
    return out[out["price_eur"].notna()]


def test_the_measured_reaction_recovers_the_true_elasticity() -> None:
    res = price_change(_sales(), ["p0"], date(2025, 12, 1), delta_pct=10)
    assert res.measured_steps == 6  # products 0 and 6 rise by the same step in both years: nothing to learn
    assert res.elasticity == pytest.approx(TRUE_ELASTICITY, abs=0.15)
    lo, hi = res.elasticity_range or (0, 0)
    assert lo < TRUE_ELASTICITY < hi < 0  # the 80 % range holds the truth and excludes "no reaction"


def test_no_reaction_is_measured_as_none() -> None:
    res = price_change(_sales(elasticity=0.0), ["p1"], date(2025, 12, 1), delta_eur=0.05)
    assert res.elasticity == pytest.approx(0.0, abs=0.1)
    lo, hi = res.elasticity_range or (1, 1)
    assert lo < 0 < hi


def test_money_and_break_even_at_todays_volume() -> None:
    sales = _sales()
    res = price_change(sales, ["p1"], date(2025, 12, 1), target_eur=1.20)
    [row] = res.rows
    recent = sales[(sales["product"] == "p1") & (sales["date"] >= pd.Timestamp(res.since))]
    per_day = recent.groupby("date")["sold"].sum().mean()
    assert row.price == 1.0 and row.new_price == 1.2
    assert row.pieces_per_month == pytest.approx(per_day * 365.25 / 12)
    assert row.extra_revenue_per_month == pytest.approx(row.pieces_per_month * 0.2)
    # p1 is no catalogue product: cost 0, so the volume may fall to 1.0 / 1.2 of today
    assert row.break_even_volume == pytest.approx(1.0 / 1.2 - 1)


def test_steps_are_read_from_the_shelf_prices() -> None:
    steps = price_steps(_sales(), date(2025, 12, 1))
    assert [(s.day, s.old_price, s.new_price) for s in steps if s.product == "p0"] == [
        (date(2024, 1, 2), 1.0, 1.1),
        (date(2025, 1, 2), 1.1, 1.21),
    ]
    assert [s.day for s in steps if s.product == "p3"] == [date(2025, 1, 2)]


def test_exactly_one_change_must_be_named() -> None:
    with pytest.raises(RequestError, match="genau eine Preisänderung"):
        price_change(_sales(), ["p0"], date(2025, 12, 1))
    with pytest.raises(RequestError, match="genau eine Preisänderung"):
        price_change(_sales(), ["p0"], date(2025, 12, 1), delta_eur=0.1, delta_pct=5)


def _stollen(days: pd.DatetimeIndex, year_factor: float) -> pd.DataFrame:
    """A seasonal good: sold from 15 November to 24 December, rising towards Christmas, `year_factor` more in 2025."""
    in_season = [d for d in days if (d.month == 11 and d.day >= 15) or (d.month == 12 and d.day <= 24)]
    rows = []
    for d in in_season:
        start = pd.Timestamp(d.year, 11, 15)
        sold = (10 + (d - start).days * 2) * (year_factor if d.year == 2025 else 1.0)
        rows.append({"date": d, "branch": "a", "product": "stollen_x", "sold": round(sold), "price_eur": 15.0})
    return pd.DataFrame(rows)


def test_a_good_whose_season_starts_is_priced_on_the_coming_weeks() -> None:
    """Lead's held-out set 8: the Stollen's price change on 25 November counted the four weeks before (season just
    begun) as its month; its month ahead is the same weeks a year ago, scaled by this year's change."""
    sales = _sales()
    days = pd.date_range("2023-01-01", "2025-11-24", freq="D")
    both = pd.concat([sales[sales["date"] <= days[-1]], _stollen(days, year_factor=1.2)], ignore_index=True)
    res = price_change(both, ["stollen_x", "p1"], date(2025, 11, 25), delta_eur=0.5)
    stollen, ordinary = res.rows
    assert stollen.seasonal and not ordinary.seasonal
    truth = sum(10 + k * 2 for k in range(11, 39)) / 28 * 1.2 * 365.25 / 12  # last year's coming weeks, +20 %
    # within a fifth of the truth: a year back on the same weekdays shifts the season's first day by one
    assert stollen.pieces_per_month == pytest.approx(truth, rel=0.2)
    recent_rate = sum(round((10 + k * 2) * 1.2) for k in range(10)) / 28 * 365.25 / 12
    assert stollen.pieces_per_month > 3 * recent_rate  # far more than the last four weeks' rate


def test_no_reaction_is_expected_for_a_step_far_beyond_the_measured_ones() -> None:
    """hostile28: „den Brötchenpreis um 10.000 % erhöhen“ got „Damit erwartet: Absatz +1,0 %, Rohertrag +7.641.252 €“ –
    a reaction measured on steps of a few percent applied to a hundredfold price. Past steps here are +10 %: up to
    twice that the measured reaction is applied, beyond it no expectation is given (the money at today's volume is)."""
    sales = _sales()
    far = price_change(sales, ["p1"], date(2025, 12, 1), delta_pct=10_000)
    [row] = far.rows
    assert row.expected_change is None and row.expected_margin_change_per_month is None
    assert row.extra_revenue_per_month > 0 and far.elasticity is not None
    near = price_change(sales, ["p1"], date(2025, 12, 1), delta_pct=15)
    assert near.measured_reach == pytest.approx(0.1, abs=0.01) and near.rows[0].expected_change is not None
