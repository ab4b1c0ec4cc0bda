"""The day's oven schedule with CP-SAT: independent parts, lexicographic stages, the honest bound."""

from __future__ import annotations

import time as clock

from tools.company.models import Oven
from tools.planning.ovens.cpsat import PartModel, Stage
from tools.planning.ovens.evaluate import horizon_of, weights
from tools.planning.ovens.models import Batch, OvenPlan, Slot
from tools.planning.ovens.report import make_plan
from tools.planning.ovens.slots import fits, size_class, slots_of

STAGE_SHARE: dict[Stage, float] = {"late": 0.25, "makespan": 0.85, "changeover": 1.0}  # of the det. time still left
FIRST_ROUND = 0.4  # share of a stage's time split evenly over the parts before the critical part gets the rest


def solve_ovens(
    batches: list[Batch], ovens: list[Oven], time_limit_s: float = 20.0, deterministic_limit: float = 3.0
) -> OvenPlan:
    """CP-SAT, lexicographic in three stages: max lateness, then makespan, then changeover minutes.

    Slot groups that share no batch (racks vs decks) are independent models; each stage caps the
    next one with the worst value over all parts, so together they give the optimum of the whole day."""
    started = clock.perf_counter()
    slots = slots_of(ovens)
    big = size_class(slots)
    bakeable = [b for b in batches if any(fits(b, s, big) for s in slots)]
    if not bakeable:
        return make_plan(
            {}, batches, slots, ovens, status="empty" if not batches else "infeasible", method="cp-sat", seconds=0.0
        )
    w = weights(bakeable, slots, horizon_of(bakeable, slots))
    t0 = min(s.release_min for s in slots)
    parts = [PartModel(p_b, slots, p_s, big, ovens, t0) for p_b, p_s in _components(bakeable, slots, big)]
    left = deterministic_limit
    caps: tuple[int, ...] = ()
    for name, share in STAGE_SHARE.items():
        left -= _run_stage(parts, name, caps, left * share, started + time_limit_s)
        caps = caps + (max(p.values[name] for p in parts),)
    index = {b.id: i for i, b in enumerate(batches)}
    sequences = {s_idx: [index[bid] for bid in seq] for p in parts for s_idx, seq in p.sequences().items()}
    by_max: tuple[Stage, ...] = ("late", "makespan")  # these count by their maximum over the parts
    proven = {k: max(p.bounds[k] for p in parts) == max(p.values[k] for p in parts) for k in by_max}
    proven["changeover"] = all(p.bounds["changeover"] == p.values["changeover"] for p in parts)
    # honest bound of the weighted objective: each stage's bound holds for every schedule within the
    # earlier caps; the changeover bound needs the lateness cap to be the proven optimum.
    bound = (
        w.late * max(p.bounds["late"] for p in parts)
        + w.makespan * max(p.bounds["makespan"] for p in parts)
        + (sum(p.bounds["changeover"] for p in parts) if proven["late"] else 0)
    )
    return make_plan(
        sequences,
        batches,
        slots,
        ovens,
        status="optimal" if all(proven.values()) else "feasible",
        method="cp-sat",
        seconds=clock.perf_counter() - started,
        bound=bound,
        makespan_bound_min=max(p.bounds["makespan"] for p in parts),
        changeover_bound_min=sum(p.bounds["changeover"] for p in parts) if proven["late"] else 0,
    )


def _components(batches: list[Batch], slots: list[Slot], big: int | None) -> list[tuple[list[Batch], set[int]]]:
    """Independent parts: batches and the slots they may use, joined where they share a slot."""
    parent = list(range(len(slots)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    eligible = {b.id: [s for s, slot in enumerate(slots) if fits(b, slot, big)] for b in batches}
    for options in eligible.values():
        for s in options[1:]:
            parent[find(s)] = find(options[0])
    parts: dict[int, tuple[list[Batch], set[int]]] = {}
    for b in batches:
        root = find(eligible[b.id][0])
        part = parts.setdefault(root, ([], set()))
        part[0].append(b)
        part[1].update(eligible[b.id])
    return list(parts.values())


def _run_stage(parts: list[PartModel], name: Stage, caps: tuple[int, ...], budget: float, deadline: float) -> float:
    """One stage over all parts; returns the deterministic time used.

    Lateness and makespan count by their maximum over the parts: after a first round, the rest of
    the budget goes to the unproven parts that hold the maximum. Changeovers add up: split by size."""

    def run(part: PartModel, det: float) -> float:
        wall = max(0.2, (deadline - clock.perf_counter()) * min(1.0, det / max(budget, det)))
        return part.stage(name, caps, (wall, max(0.05, det)))

    used = 0.0
    if name == "changeover":
        todo = sum(p.size for p in parts)
        for part in parts:
            used += run(part, (budget - used) * part.size / todo)
            todo -= part.size
        return used
    for part in parts:
        used += run(part, budget * FIRST_ROUND / len(parts))
    worst = max(p.values[name] for p in parts)
    open_parts = [p for p in parts if p.values[name] == worst and p.bounds[name] < worst]
    for k, part in enumerate(open_parts):
        used += run(part, (budget - used) / (len(open_parts) - k))
    return used
