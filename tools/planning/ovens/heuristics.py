"""List-scheduling rules: the simple product-order rule to compare with, and start schedules for CP-SAT."""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable

from tools.company.catalog import PRODUCTS
from tools.company.models import Oven
from tools.planning.ovens.models import Batch, OvenPlan, Sequences, Slot
from tools.planning.ovens.report import make_plan
from tools.planning.ovens.slots import duration, fits, setup, size_class, slots_of


def list_schedule(order: list[int], batches: list[Batch], slots: list[Slot]) -> Sequences:
    """Place batches in the given order, each on the eligible slot where it finishes earliest."""
    big = size_class(slots)
    free = [s.release_min for s in slots]
    temp: list[int | None] = [None] * len(slots)
    sequences: Sequences = defaultdict(list)
    for idx in order:
        b = batches[idx]
        best: tuple[int, int] | None = None
        for s_idx, slot in enumerate(slots):
            if not fits(b, slot, big):
                continue
            last = temp[s_idx]
            gap = 0 if last is None else setup(last, b.temperature_c, slot)
            finish = free[s_idx] + gap + duration(b, slot)
            if best is None or finish < best[0]:
                best = (finish, s_idx)
        if best is not None:
            free[best[1]], temp[best[1]] = best[0], b.temperature_c
            sequences[best[1]].append(idx)
    return sequences


def edd_rule(batches: list[Batch], ovens: list[Oven]) -> Sequences:
    """Heuristic start: earliest deadline first, hotter first on ties, each on the slot finishing it first."""
    order = sorted(range(len(batches)), key=lambda i: (batches[i].deadline_min, -batches[i].temperature_c, i))
    return list_schedule(order, batches, slots_of(ovens))


def rule_starts(batches: list[Batch], slots: list[Slot]) -> list[Sequences]:
    """More list schedules as CP-SAT starts: least slack, longest first by deadline, hottest first."""
    big = size_class(slots)
    longest = {i: max((duration(b, s) for s in slots if fits(b, s, big)), default=0) for i, b in enumerate(batches)}
    keys: list[Callable[[int], tuple[int, ...]]] = [
        lambda i: (batches[i].deadline_min - longest[i], i),
        lambda i: (batches[i].deadline_min, -longest[i], -batches[i].temperature_c, i),
        lambda i: (-batches[i].temperature_c, batches[i].deadline_min, i),
        lambda i: (-longest[i], batches[i].deadline_min, i),
    ]
    return [list_schedule(sorted(range(len(batches)), key=key), batches, slots) for key in keys]


def product_order(batches: list[Batch], slots: list[Slot]) -> Sequences:
    """Sequences of the product-order rule: catalogue order, earliest deadline first within a product."""
    order = {p.id: i for i, p in enumerate(PRODUCTS)}
    seq = sorted(range(len(batches)), key=lambda i: (order[batches[i].product], batches[i].deadline_min, i))
    return list_schedule(seq, batches, slots)


def product_order_rule(batches: list[Batch], ovens: list[Oven]) -> OvenPlan:
    """Simple rule: products in catalogue order, each batch on the slot where it finishes first."""
    started = clock.perf_counter()
    sequences = product_order(batches, slots_of(ovens))
    return make_plan(
        sequences,
        batches,
        slots_of(ovens),
        ovens,
        status="feasible",
        method="product-order-rule",
        seconds=clock.perf_counter() - started,
    )
