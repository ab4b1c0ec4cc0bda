"""Actual returns (baked minus sold) per branch, product or month, valued at cost minus leftover value."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tools.errors import RequestError
from tools.production import returns_report as rr
from tools.production.demo import product_economics


def _sales() -> pd.DataFrame:
    rows = [
        # date, branch, product, baked, sold
        ("2026-10-30", "stendal_markt", "schrippe", 100, 90),
        ("2026-10-31", "stendal_markt", "schrippe", 100, 100),
        ("2026-11-02", "stendal_markt", "landbrot", 20, 10),
        ("2026-11-02", "osterburg", "schrippe", 50, 20),
        ("2026-11-03", "osterburg", "schrippe", 50, 55),  # sold out with more demand: no negative return
        ("2026-11-03", "osterburg", "landbrot", None, 5),  # no baked quantity recorded: left out
    ]
    df = pd.DataFrame(rows, columns=["date", "branch", "product", "baked", "sold"])
    df["date"] = pd.to_datetime(df["date"])
    return df


@pytest.fixture
def sales(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rr, "load_sales", _sales)


def _loss(product: str) -> float:
    e = product_economics(product)
    return e.cost - e.salvage


def test_branches_are_ranked_by_the_money_their_returns_cost(sales: None) -> None:
    rep = rr.returns_report(date(2026, 10, 1), date(2026, 11, 30), "branch")
    by_key = {r.key: r for r in rep.rows}
    assert by_key["osterburg"].returned == 30 and by_key["stendal_markt"].returned == 20
    assert by_key["stendal_markt"].value_eur == pytest.approx(10 * _loss("schrippe") + 10 * _loss("landbrot"))
    assert [r.value_eur for r in rep.rows] == sorted((r.value_eur for r in rep.rows), reverse=True)
    assert rep.total.returned == 50 and rep.total.baked == 320
    assert rep.total.rate == pytest.approx(50 / 320)


def test_months_come_in_calendar_order_and_filters_apply(sales: None) -> None:
    rep = rr.returns_report(date(2026, 10, 1), date(2026, 11, 30), "month", products=["schrippe"])
    assert [r.key for r in rep.rows] == ["2026-10", "2026-11"]
    assert [r.returned for r in rep.rows] == [10, 30]


def test_a_period_without_baked_quantities_is_told_in_german(sales: None) -> None:
    with pytest.raises(RequestError, match="keine Backmengen"):
        rr.returns_report(date(2025, 1, 1), date(2025, 1, 31), "branch")
