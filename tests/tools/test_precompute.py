"""What `synerki data generate` pre-fits for the first questions."""

from __future__ import annotations

from tools.company.catalog import PRODUCTS
from tools.forecast.api import demo_pairs
from tools.precompute import forecast_names


def test_forecast_names_cover_the_chain_totals_and_bread_but_not_every_pair() -> None:
    names = forecast_names()
    assert {f"alle/{p.id}" for p in PRODUCTS} <= set(names)  # the overview's chain totals
    assert "alle/gruppe:brot" in names and "gardelegen/roggenbrot" in names
    # with every branch × product pair fitted the budget would switch to its bottom-up method: keep it monthly
    pairs = {f"{b}/{p}" for b, p in demo_pairs()}
    assert not pairs <= set(names)
