"""The day's oven schedule, stored: CP-SAT with fixed workers, seed and a deterministic-time limit gives the same
plan for the same batches and ovens, so a solved plan is kept as an artefact (fingerprint: batches, ovens, limits
and the solver's source) and a second question about the same day reads it instead of solving again (~4 CPU-s).
A solve cut short by the wall-clock limit (a machine under load) is not reproducible: it is answered, not stored."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from tools.artefacts import json_artefact
from tools.company.models import Oven
from tools.planning.ovens.models import Batch, OvenPlan
from tools.planning.ovens.staging import solve_ovens

OVEN_PLAN_ARTEFACT = json_artefact("oven-plan", OvenPlan, version=1, keep=32)
WALL_SHARE = 0.9  # a solve that used this share of its wall-clock limit may have been cut short by it


class _CutShort(Exception):
    """The solve reached its wall-clock limit: its plan depends on the machine's load."""

    def __init__(self, plan: OvenPlan) -> None:
        super().__init__("oven plan cut short by the wall-clock limit")
        self.plan = plan


_HERE = Path(__file__).resolve().parent
_TOOLS = _HERE.parents[1]
# the code a plan depends on besides this package: times, status names, the products' names and groups
_ALSO = (_TOOLS / "planning" / "common.py", _TOOLS / "planning" / "status.py", _TOOLS / "company" / "catalog.py")


def solver_source() -> str:
    """sha256 of the oven model's code and the CP-SAT version: a change of either solves afresh."""
    digest = hashlib.sha256(version("ortools").encode())
    for path in [*sorted(_HERE.glob("*.py")), *_ALSO]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_solve(
    batches: list[Batch], ovens: list[Oven], time_limit_s: float = 20.0, deterministic_limit: float = 3.0
) -> OvenPlan:
    """`solve_ovens` of these inputs, read from the stored plan when one was solved for exactly them."""
    inputs = {
        "batches": [b.model_dump(mode="json") for b in batches],
        "ovens": [o.model_dump(mode="json") for o in ovens],
        "time_limit_s": time_limit_s,
        "deterministic_limit": deterministic_limit,
        "code": solver_source(),
    }

    def solve() -> OvenPlan:
        plan = solve_ovens(batches, ovens, time_limit_s=time_limit_s, deterministic_limit=deterministic_limit)
        if plan.status != "optimal" and plan.solve_time_s >= WALL_SHARE * time_limit_s:
            raise _CutShort(plan)
        return plan

    try:
        return OVEN_PLAN_ARTEFACT.load_or_fit(inputs, solve)
    except _CutShort as cut:
        return cut.plan
