"""Oven schedule with CP-SAT: batches on decks/racks, temperature changeovers, branch deadlines.

A batch is up to one full rack of one product; on a smaller deck it needs several
consecutive loads (ceil(trays / trays_per_slot) x bake time). Each slot bakes one batch at a
time; the first batch of a slot is baked at the preheated temperature, every later temperature
change costs changeover_min_per_10c per 10 °C. Deadlines are soft with a large penalty, so an
overloaded day still yields a schedule plus the lateness that shows what is missing.
Objective, lexicographic: the largest lateness (= how much earlier the ovens would have to start
for everything to fit), then makespan, then changeover minutes. CP-SAT minimises them one after the
other (each stage capped by the earlier ones); the reported objective and bound use the weighted sum
of `weights`, which orders schedules the same way.

Modules: `models` (types), `slots` (decks/racks), `batching` (pieces -> batches), `evaluate` (times and
objective of fixed sequences), `heuristics` (list-scheduling rules), `symmetry` and `cpsat` (the model of one
part), `staging` (the day: parts and stages), `report` (sequences -> OvenPlan).
"""

from __future__ import annotations

from tools.planning.ovens.batching import build_batches
from tools.planning.ovens.evaluate import Weights, evaluate, horizon_of, objective_of, weights
from tools.planning.ovens.heuristics import edd_rule, product_order_rule
from tools.planning.ovens.models import Batch, Evaluation, Job, Method, OvenInfo, OvenPlan, Placement, Sequences, Slot
from tools.planning.ovens.report import make_plan
from tools.planning.ovens.slots import duration, fits, setup, size_class, slots_of, start_minute
from tools.planning.ovens.staging import solve_ovens
from tools.planning.status import OvenStatus

__all__ = [
    "Batch",
    "Evaluation",
    "Job",
    "Method",
    "OvenInfo",
    "OvenPlan",
    "OvenStatus",
    "Placement",
    "Sequences",
    "Slot",
    "Weights",
    "build_batches",
    "duration",
    "edd_rule",
    "evaluate",
    "fits",
    "horizon_of",
    "make_plan",
    "objective_of",
    "product_order_rule",
    "setup",
    "size_class",
    "slots_of",
    "solve_ovens",
    "start_minute",
    "weights",
]
