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


def test_oven_plans_are_stored_ahead_from_tomorrow_to_the_end_of_the_plan_window() -> None:
    from datetime import timedelta

    from tools.chain.pieces import plan_window
    from tools.precompute import oven_days
    from tools.settings import get_settings

    days = oven_days()
    first, last = plan_window()
    assert days[0] == max(get_settings().today() + timedelta(days=1), first) and days[-1] == last
    assert all(b - a == timedelta(days=1) for a, b in zip(days, days[1:]))


def test_the_stored_back_tests_are_the_ones_wie_sicher_reads(monkeypatch) -> None:
    """The precompute step stores what „Wie sicher ist das?“ reads: the answer then fits nothing."""
    import tools.forecast.accuracy as accuracy
    import tools.precompute as precompute
    from tools.forecast.api import demo_accuracy

    monkeypatch.setattr(precompute, "forecast_names", lambda: ["alle/gruppe:brot"])
    precompute.STEPS["backtests"]()
    monkeypatch.setattr(accuracy, "backtest", lambda *a, **k: (_ for _ in ()).throw(AssertionError("fitted again")))
    assert demo_accuracy(["alle/gruppe:brot"])["alle/gruppe:brot"].days > 0


def test_every_back_test_stored_ahead_stays_on_disk() -> None:
    """The artefact keeps only its newest files: room for all series stored ahead and some asked on demand."""
    from tools.forecast.accuracy import BACKTEST_ARTEFACT

    assert len(forecast_names()) + 32 <= BACKTEST_ARTEFACT.keep
