"""Actual sales of a past period per branch, product or group, against the same weekdays a year before."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tools.company import sales_review as sr
from tools.errors import RequestError


def _sales() -> pd.DataFrame:
    rows = [
        # date, branch, product, sold, price
        ("2025-11-03", "stendal_markt", "schrippe", 100, 0.5),  # Monday, 364 days before 2026-11-02
        ("2026-11-02", "stendal_markt", "schrippe", 120, 0.5),
        ("2026-11-02", "stendal_markt", "landbrot", 10, 4.0),
        ("2026-11-03", "osterburg", "schrippe", 40, 0.5),
    ]
    df = pd.DataFrame(rows, columns=["date", "branch", "product", "sold", "price_eur"])
    df["date"] = pd.to_datetime(df["date"])
    return df


@pytest.fixture
def sales(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sr, "load_sales", _sales)


def test_branches_by_revenue_with_the_year_before(sales: None) -> None:
    rep = sr.sales_review(date(2026, 11, 1), date(2026, 11, 30), "branch")
    assert [r.key for r in rep.rows] == ["stendal_markt", "osterburg"]
    stendal = rep.rows[0]
    assert stendal.sold == 130 and stendal.revenue_eur == pytest.approx(120 * 0.5 + 10 * 4.0)
    assert stendal.prev_sold == 100 and rep.rows[1].prev_sold is None  # Osterburg had no sales a year before
    assert rep.end == date(2026, 11, 3)  # cut at the last day with data
    assert rep.total.sold == 170


def test_groups_and_a_product_filter(sales: None) -> None:
    rep = sr.sales_review(date(2026, 11, 1), date(2026, 11, 30), "group", products=["landbrot"])
    assert [(r.key, r.sold) for r in rep.rows] == [("brot", 10)]


def test_a_period_after_the_data_is_told_in_german(sales: None) -> None:
    with pytest.raises(RequestError, match="nur bis 03.11.2026"):
        sr.sales_review(date(2026, 11, 10), date(2026, 11, 12), "branch")
