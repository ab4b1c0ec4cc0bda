"""Oven schedule: CP-SAT against brute force, changeovers, deadlines, batches from plan items."""

from __future__ import annotations

import random
import re

from tools.company.models import Oven
from tools.planning.common import PlanItem
from tools.planning.exact import exact_ovens
from tools.planning.ovens import (
    Batch,
    build_batches,
    evaluate,
    horizon_of,
    objective_of,
    product_order_rule,
    slots_of,
    solve_ovens,
    weights,
)


def _ovens() -> list[Oven]:
    return [
        Oven(
            id="etage",
            name="Etage",
            kind="etagenofen",
            slots=["D1", "D2"],
            trays_per_slot=2,
            max_temp_c=280,
            changeover_min_per_10c=3.0,
            start_time="02:00",
        ),
        Oven(
            id="rack",
            name="Rack",
            kind="stikkenofen",
            slots=["R1"],
            trays_per_slot=8,
            max_temp_c=220,
            changeover_min_per_10c=2.0,
            start_time="02:00",
        ),
    ]


def _batch(i: int, product: str, kind: str, trays: int, temp: int, minutes: int, deadline: int) -> Batch:
    return Batch(
        id=i,
        product=product,
        kind=kind,
        trays=trays,
        pieces=trays * 10,
        temperature_c=temp,
        bake_minutes=minutes,
        deadline_min=deadline,
        deadline_branch="x",
        branches=["x"],
    )


def _small_instance(deadline: int = 400) -> list[Batch]:
    return [
        _batch(0, "landbrot", "small", 2, 230, 55, deadline),
        _batch(1, "dinkelbrot", "small", 2, 220, 50, deadline),
        _batch(2, "kaesekuchen", "small", 2, 170, 60, deadline),
        _batch(3, "schrippe", "small", 4, 240, 18, deadline),
        _batch(4, "buttercroissant", "big", 8, 200, 18, deadline),
        _batch(5, "bienenstich", "big", 6, 190, 25, deadline),
    ]


def test_cpsat_equals_brute_force_optimum() -> None:
    batches = _small_instance()
    plan = solve_ovens(batches, _ovens(), deterministic_limit=5)
    best = exact_ovens(batches, _ovens())
    assert plan.status == "optimal"
    assert plan.objective == best.objective
    assert plan.makespan_min == best.makespan_min
    rule = product_order_rule(batches, _ovens())
    assert (rule.makespan_min, rule.changeover_min) >= (plan.makespan_min, 0)


def test_changeover_time_between_temperatures() -> None:
    oven = [
        Oven(
            id="e",
            name="E",
            kind="etagenofen",
            slots=["D1"],
            trays_per_slot=2,
            max_temp_c=280,
            changeover_min_per_10c=3.0,
            start_time="02:00",
        )
    ]
    batches = [_batch(0, "schrippe", "small", 2, 240, 18, 600), _batch(1, "kaesekuchen", "small", 2, 170, 60, 600)]
    plan = solve_ovens(batches, oven, deterministic_limit=2)
    assert plan.changeovers == 1 and plan.changeover_min == 21  # 70 °C x 3 min / 10 °C
    assert plan.makespan_min == 18 + 21 + 60
    first, second = sorted(plan.jobs, key=lambda j: j.start_min)
    assert second.start_min - first.end_min == 21


def test_evaluate_fixed_sequences_left_justified() -> None:
    # deck D1 bakes rolls (240 °C) then cheesecake (170 °C): 18 min, 21 min changeover, 60 min; D2 stays empty
    batches = [_batch(0, "schrippe", "small", 2, 240, 18, 100), _batch(1, "kaesekuchen", "small", 2, 170, 60, 150)]
    slots = slots_of(_ovens())
    ev = evaluate({0: [0, 1]}, batches, slots)
    assert (ev.times[0].slot, ev.times[0].start, ev.times[0].end) == (0, 120, 138)
    assert (ev.times[1].start, ev.times[1].end) == (159, 219)
    assert (ev.changeovers, ev.changeover_min, ev.makespan_min) == (1, 21, 99)
    assert (ev.total_late_min, ev.max_late_min) == (38 + 69, 69)
    swapped = evaluate({0: [1, 0]}, batches, slots)
    w = weights(batches, slots, horizon_of(batches, slots))
    assert swapped.max_late_min == 119 and swapped.lexi() > ev.lexi()  # cake first: the rolls are 119 min late
    assert objective_of(swapped, w) > objective_of(ev, w)


def test_too_little_oven_time_is_explained() -> None:
    batches = _small_instance(deadline=150)  # 02:30: most batches cannot be ready
    plan = solve_ovens(batches, _ovens(), deterministic_limit=2)
    assert plan.status == "infeasible"
    assert plan.total_late_min > 0 and plan.missing_oven_hours > 0
    assert plan.late_products
    assert all(j.late_min == max(0, j.end_min - 150) for j in plan.jobs)


def test_batches_keep_all_pieces_and_earliest_deadline() -> None:
    items = [
        PlanItem(branch="a", product="schrippe", quantity=500),
        PlanItem(branch="b", product="schrippe", quantity=400),
        PlanItem(branch="a", product="landbrot", quantity=30),
        PlanItem(branch="b", product="kaesekuchen", quantity=45),
    ]
    deadlines = {("a", "schrippe"): 300, ("b", "schrippe"): 280, ("a", "landbrot"): 300, ("b", "kaesekuchen"): 500}
    slots = slots_of(_ovens())
    batches = build_batches(items, deadlines, slots)
    for product, qty in (("schrippe", 900), ("landbrot", 30), ("kaesekuchen", 45)):
        assert sum(b.pieces for b in batches if b.product == product) == qty
    first = min((b for b in batches if b.product == "schrippe"), key=lambda b: b.id)
    assert first.deadline_min == 280 and first.branches[0] == "b"
    assert all(b.trays <= 8 for b in batches if b.kind == "big")


def test_cli_shape_and_clock_times() -> None:
    plan = solve_ovens(_small_instance(), _ovens(), deterministic_limit=2)
    out = plan.cli_dict()
    assert set(out) == {"status", "makespan_min", "ovens", "jobs"}
    assert out["ovens"][0] == {"id": "etage", "slots": ["D1", "D2"]}
    job = out["jobs"][0]
    assert set(job) == {"product", "oven", "slot", "start", "end", "trays", "temperature_c", "branch_deadline"}
    assert all(re.fullmatch(r"\d\d:\d\d", j[k]) for j in out["jobs"] for k in ("start", "end", "branch_deadline"))
    rack_jobs = [j for j in out["jobs"] if j["oven"] == "rack"]
    assert all(j["temperature_c"] <= 220 for j in rack_jobs)


def test_too_hot_product_is_unbakeable() -> None:
    oven = [
        Oven(
            id="r",
            name="R",
            kind="stikkenofen",
            slots=["R1"],
            trays_per_slot=8,
            max_temp_c=200,
            changeover_min_per_10c=2.0,
            start_time="02:00",
        )
    ]
    plan = solve_ovens([_batch(0, "schrippe", "big", 8, 240, 18, 500)], oven, deterministic_limit=1)
    assert plan.status == "infeasible" and plan.unbakeable == ["Weizenbrötchen (Schrippe)"]


def test_same_input_same_schedule() -> None:
    first = solve_ovens(_small_instance(deadline=200), _ovens(), deterministic_limit=1)
    second = solve_ovens(_small_instance(deadline=200), _ovens(), deterministic_limit=1)
    assert first.cli_dict() == second.cli_dict()
    assert first.max_late_min == max(j.late_min for j in first.jobs)


def _two_racks() -> list[Oven]:
    return [
        Oven(
            id="etage",
            name="Etage",
            kind="etagenofen",
            slots=["D1"],
            trays_per_slot=2,
            max_temp_c=280,
            changeover_min_per_10c=3.0,
            start_time="02:00",
        ),
        Oven(
            id="rack",
            name="Rack",
            kind="stikkenofen",
            slots=["R1", "R2"],
            trays_per_slot=8,
            max_temp_c=230,
            changeover_min_per_10c=2.0,
            start_time="02:00",
        ),
    ]


def test_part_off_the_critical_path_saves_changeovers() -> None:
    # the deck needs 120 min; the racks could finish after 70 min with two temperature changes, but
    # within the deck's 120 min they bake without any change: the day's optimum has 0 changeovers.
    batches = [
        _batch(0, "kaesekuchen", "small", 4, 170, 60, 900),
        _batch(1, "landbrot", "big", 8, 220, 40, 900),
        _batch(2, "dinkelbrot", "big", 8, 220, 40, 900),
        _batch(3, "bienenstich", "big", 8, 170, 20, 900),
        _batch(4, "streuselkuchen", "big", 8, 170, 20, 900),
    ]
    plan = solve_ovens(batches, _two_racks(), deterministic_limit=2)
    best = exact_ovens(batches, _two_racks())
    assert (plan.makespan_min, plan.changeovers) == (120, 0)
    assert plan.status == "optimal" and plan.objective == best.objective and plan.gap == 0


def test_bound_is_a_true_lower_bound_and_gap_matches() -> None:
    rng = random.Random(11)
    for _ in range(3):
        batches = []
        for i in range(5):
            kind = rng.choice(["big", "small"])
            temp = rng.choice([170, 200, 220])
            batches.append(
                _batch(
                    i,
                    rng.choice(["schrippe", "landbrot"]),
                    kind,
                    rng.choice([2, 4]) if kind == "small" else rng.randint(4, 8),
                    temp,
                    rng.choice([20, 40, 55]),
                    rng.randint(150, 260),
                )
            )
        plan = solve_ovens(batches, _two_racks(), deterministic_limit=1)
        best = exact_ovens(batches, _two_racks())
        assert plan.bound <= best.objective <= plan.objective
        assert plan.gap == round((plan.objective - plan.bound) / plan.objective, 4)
        if plan.status != "infeasible":  # late plans say "infeasible", proven or not
            assert (plan.status == "optimal") == (plan.objective == plan.bound)


def test_makespan_bound_counts_changeovers() -> None:
    # three hot racks and one cool one on two racks: bake minutes alone give 40, but any split needs
    # either 60 min on one rack or a 60 °C change (12 min) next to a hot batch: the proven bound must be 52.
    batches = [_batch(i, "schrippe", "big", 8, 230, 20, 900) for i in range(3)]
    batches.append(_batch(3, "kaesesahne", "big", 8, 170, 20, 900))
    plan = solve_ovens(batches, _two_racks(), deterministic_limit=1)
    best = exact_ovens(batches, _two_racks())
    assert plan.makespan_bound_min == plan.makespan_min == best.makespan_min == 52
    assert plan.status == "optimal" and plan.changeovers == 1
