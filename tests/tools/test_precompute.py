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


def test_deferred_steps_run_in_order_in_the_worker_and_are_taken_off_the_list(monkeypatch, tmp_path) -> None:
    """`data generate --defer` leaves the steps to the server's worker; each is struck off once stored."""
    import os

    import tools.precompute as precompute

    monkeypatch.setattr(precompute, "_pending_path", lambda: tmp_path / precompute.PENDING_FILE)
    seen: list[tuple[str, list[str], bool]] = []

    def step(name: str):
        return lambda: seen.append((name, precompute.pending_steps(), precompute.preparing(name))) or name

    for name in precompute.DEFERRED:
        monkeypatch.setitem(precompute.STEPS, name, step(name))
    precompute.mark_pending(precompute.DEFERRED)
    assert precompute.pending_steps() == list(precompute.DEFERRED)
    assert not precompute.preparing("yearly")  # noted, but no worker runs it: not "being prepared"
    precompute.run_pending(lambda line: None)
    assert [s[0] for s in seen] == list(precompute.DEFERRED)
    assert all(s[1][0] == s[0] and s[2] for s in seen)  # still listed while it runs, by this live process
    assert precompute.pending_steps() == [] and not (tmp_path / precompute.PENDING_FILE).exists()
    precompute._write_pending(["yearly"], os.getpid())
    assert precompute.preparing("yearly") and not precompute.preparing("ovens")


def test_a_worker_that_died_is_not_reported_as_preparing(monkeypatch, tmp_path) -> None:
    import subprocess
    import sys

    import tools.precompute as precompute

    monkeypatch.setattr(precompute, "_pending_path", lambda: tmp_path / precompute.PENDING_FILE)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    precompute._write_pending(["yearly"], int(gone.stdout))
    assert precompute.pending_steps() == ["yearly"] and not precompute.preparing("yearly")


def test_every_step_has_a_german_title_for_the_start_message() -> None:
    """The server's start message named the deferred steps by their ids („ovens, backtests, yearly“)."""
    from tools.precompute import STEP_TITLES, STEPS

    assert set(STEP_TITLES) == set(STEPS)
    assert all(title[0].isupper() and "_" not in title for title in STEP_TITLES.values())
