"""Typed inputs and results of the oven schedule: slots, batches, the evaluated schedule and the reported plan."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, Field

from tools.planning.status import OvenStatus

BatchKind = Literal["big", "small"]
Method = Literal["cp-sat", "brute-force", "product-order-rule"]
Sequences = dict[int, list[int]]
"""Slot index -> indices of the batches it bakes, in baking order."""


class Slot(BaseModel):
    """One deck or rack: capacity, temperature limit, changeover rate, first possible start."""

    oven: str
    id: str
    trays: int
    max_temp_c: int
    rate_per_10c: float
    release_min: int


class Batch(BaseModel):
    """Trays of one product baked together; due before the earliest delivery it serves."""

    id: int
    product: str
    kind: BatchKind = Field(default="small", description="big: cut to one full rack; small: cut to two deck loads")
    trays: int
    pieces: int
    temperature_c: int
    bake_minutes: int
    deadline_min: int
    deadline_branch: str
    branches: list[str]


class Placement(NamedTuple):
    """Where and when one batch bakes in an evaluated schedule."""

    slot: int
    start: int
    end: int


class Evaluation(BaseModel):
    """Left-justified times of fixed sequences and the parts of the objective."""

    times: dict[int, Placement] = Field(description="batch index -> slot index, start and end minute")
    makespan_min: int
    changeovers: int
    changeover_min: int
    total_late_min: int
    max_late_min: int

    def lexi(self) -> tuple[int, int, int]:
        """The lexicographic objective: largest lateness, makespan, changeover minutes."""
        return self.max_late_min, self.makespan_min, self.changeover_min


class Job(BaseModel):
    """One scheduled batch as reported: clock times, slot, deadline and lateness."""

    product: str
    name: str
    oven: str
    slot: str
    start: str
    end: str
    trays: int
    pieces: int
    temperature_c: int
    branch_deadline: str
    branch: str
    late_min: int
    start_min: int
    end_min: int


class OvenInfo(BaseModel):
    """An oven of the plan and its slots (rows of the Gantt chart)."""

    id: str
    name: str
    kind: str
    slots: list[str]


class OvenPlan(BaseModel):
    """The schedule, its quality figures and, when it does not fit, what is missing."""

    status: OvenStatus
    makespan_min: int
    first_start: str
    last_end: str
    changeovers: int
    changeover_min: int
    total_late_min: int
    max_late_min: int = 0
    missing_oven_hours: float
    late_products: list[str] = Field(default_factory=list)
    unbakeable: list[str] = Field(default_factory=list)
    ovens: list[OvenInfo]
    jobs: list[Job]
    objective: int = 0
    bound: int = 0
    gap: float = 0.0
    makespan_bound_min: int = Field(default=0, description="proven lower bound of makespan_min (CP-SAT)")
    changeover_bound_min: int = Field(default=0, description="proven lower bound of changeover_min at that makespan")
    solve_time_s: float = 0.0
    method: Method = "cp-sat"

    def cli_dict(self) -> dict[str, Any]:
        """The JSON shape of `synerki plan ovens --json`."""
        return {
            "status": self.status,
            "makespan_min": self.makespan_min,
            "ovens": [{"id": o.id, "slots": o.slots} for o in self.ovens],
            "jobs": [
                {
                    "product": j.product,
                    "oven": j.oven,
                    "slot": j.slot,
                    "start": j.start,
                    "end": j.end,
                    "trays": j.trays,
                    "temperature_c": j.temperature_c,
                    "branch_deadline": j.branch_deadline,
                }
                for j in self.jobs
            ],
        }
