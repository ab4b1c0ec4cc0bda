"""Exact optima by brute force for small instances (evaluation and tests only)."""

from __future__ import annotations

import itertools
import time as clock

from tools.company.models import Oven, Vehicle
from tools.planning.ovens import (
    Batch,
    OvenPlan,
    evaluate,
    fits,
    horizon_of,
    make_plan,
    objective_of,
    size_class,
    slots_of,
    weights,
)
from tools.planning.tours import Instance, RoutePlan, Stop


def exact_routes(depot: tuple[float, float], stops: list[Stop], vehicles: list[Vehicle]) -> RoutePlan:
    """Best tours over all subsets and orders (up to about 9 branches)."""
    started = clock.perf_counter()
    inst = Instance(depot, stops, vehicles)
    n = len(stops)
    best: list[dict[int, tuple[float, list[int]]]] = []
    for v, vehicle in enumerate(vehicles):
        table: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
        for mask in range(1, 1 << n):
            nodes = [i + 1 for i in range(n) if mask >> i & 1]
            if sum(stops[k - 1].crates for k in nodes) > vehicle.crates:
                continue
            for perm in itertools.permutations(nodes):
                seq = list(perm)
                if inst.latest_departure(v, seq) is None:
                    continue
                km = inst.tour_km(seq)
                if mask not in table or km < table[mask][0] - 1e-9:
                    table[mask] = (km, seq)
        best.append(table)
    full = (1 << n) - 1
    dp: dict[int, tuple[float, list[list[int]]]] = {0: (0.0, [])}
    for table in best:
        nxt: dict[int, tuple[float, list[list[int]]]] = {}
        for covered, (km0, tours) in dp.items():
            for mask, (km, seq) in table.items():
                if mask & covered:
                    continue
                key = covered | mask
                if key not in nxt or km0 + km < nxt[key][0] - 1e-9:
                    nxt[key] = (km0 + km, tours + [seq])
        dp = nxt
    if full not in dp:
        plan = inst.build_plan([], list(range(1, n + 1)), clock.perf_counter() - started, "brute-force")
        return plan
    return inst.build_plan(dp[full][1], [], clock.perf_counter() - started, "brute-force")


def exact_ovens(batches: list[Batch], ovens: list[Oven]) -> OvenPlan:
    """Best sequences over all slot assignments and orders (up to about 6 batches)."""
    started = clock.perf_counter()
    slots = slots_of(ovens)
    big = size_class(slots)
    w = weights(batches, slots, horizon_of(batches, slots))
    best: tuple[int, dict[int, list[int]]] | None = None
    options = [[s for s, slot in enumerate(slots) if fits(b, slot, big)] for b in batches]
    for assign in itertools.product(*options):
        groups: dict[int, list[int]] = {}
        for b, s in enumerate(assign):
            groups.setdefault(s, []).append(b)
        keys = list(groups)
        for orders in itertools.product(*[itertools.permutations(groups[k]) for k in keys]):
            seqs = {k: list(o) for k, o in zip(keys, orders)}
            value = objective_of(evaluate(seqs, batches, slots), w)
            if best is None or value < best[0]:
                best = (value, seqs)
    seqs = best[1] if best else {}
    value = best[0] if best else 0
    return make_plan(
        seqs,
        batches,
        slots,
        ovens,
        status="optimal",
        method="brute-force",
        seconds=clock.perf_counter() - started,
        objective=value,
        bound=value,
    )
