"""The stored oven plan: the same batches and ovens read the solved plan; other inputs or code solve afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.test_ovens_planning import _ovens, _small_instance
from tools.planning.ovens import OvenPlan, solve_ovens
from tools.planning.ovens import stored as stored_module
from tools.planning.ovens.stored import stored_solve


def _count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> OvenPlan:
        calls.append(1)
        return solve_ovens(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stored_module, "solve_ovens", counted)
    return calls


def test_same_day_is_read_not_solved_and_equals_a_fresh_solve(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count(monkeypatch)
    first = stored_solve(_small_instance(), _ovens(), deterministic_limit=2)
    again = stored_solve(_small_instance(), _ovens(), deterministic_limit=2)
    assert calls == [1]
    fresh = solve_ovens(_small_instance(), _ovens(), deterministic_limit=2)
    assert (
        again.model_dump(exclude={"solve_time_s"})
        == fresh.model_dump(exclude={"solve_time_s"})
        == first.model_dump(exclude={"solve_time_s"})
    )


def test_other_batches_limits_or_code_solve_afresh(fresh_var: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count(monkeypatch)
    stored_solve(_small_instance(), _ovens(), deterministic_limit=2)
    later = stored_solve(_small_instance(deadline=120), _ovens(), deterministic_limit=2)  # the tours leave earlier
    assert later.total_late_min > 0
    stored_solve(_small_instance(), _ovens(), deterministic_limit=1)
    monkeypatch.setattr(stored_module, "solver_source", lambda: "changed solver")
    stored_solve(_small_instance(), _ovens(), deterministic_limit=2)
    assert calls == [1, 1, 1, 1]


def test_a_solve_cut_short_by_the_wall_clock_is_answered_but_not_stored(
    fresh_var: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def under_load(*args: object, **kwargs: object) -> OvenPlan:
        calls.append(1)
        plan = solve_ovens(*args, **kwargs)  # type: ignore[arg-type]
        return plan.model_copy(update={"status": "feasible", "solve_time_s": 19.5})  # the 20-s limit reached

    monkeypatch.setattr(stored_module, "solve_ovens", under_load)
    first = stored_solve(_small_instance(), _ovens(), deterministic_limit=2)
    stored_solve(_small_instance(), _ovens(), deterministic_limit=2)
    assert first.solve_time_s == 19.5 and calls == [1, 1]
    assert not list(stored_module.OVEN_PLAN_ARTEFACT.folder().glob("oven-plan-*.json"))
