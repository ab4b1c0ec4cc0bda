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
"""
from __future__ import annotations

import math
import time as clock
from collections import defaultdict

from ortools.sat.python import cp_model
from pydantic import BaseModel, Field

from tools.company.catalog import PRODUCT_BY_ID, PRODUCTS
from tools.company.models import Oven
from tools.planning.common import PlanItem, hhmm_to_min, min_to_hhmm

SUBSOLVERS = ("no_lp", "reduced_costs")  # measured on the demo days: the first finds schedules, the second bounds
NUM_WORKERS = 2  # explicit; interleave_search + a deterministic-time limit make the result reproducible
SEED = 7


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
    kind: str = Field(default="small", description="big: cut to one full rack; small: cut to two deck loads")
    trays: int
    pieces: int
    temperature_c: int
    bake_minutes: int
    deadline_min: int
    deadline_branch: str
    branches: list[str]


class Job(BaseModel):
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


class OvenPlan(BaseModel):
    """The schedule, its quality figures and, when it does not fit, what is missing."""

    status: str = Field(description="optimal | feasible | infeasible | empty")
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
    ovens: list[dict]
    jobs: list[Job]
    objective: int = 0
    bound: int = 0
    gap: float = 0.0
    makespan_bound_min: int = Field(default=0, description="proven lower bound of makespan_min (CP-SAT)")
    changeover_bound_min: int = Field(default=0, description="proven lower bound of changeover_min at that makespan")
    solve_time_s: float = 0.0
    method: str = "cp-sat"

    def cli_dict(self) -> dict:
        """The JSON shape of `synerki plan ovens --json`."""
        return {"status": self.status, "makespan_min": self.makespan_min,
                "ovens": [{"id": o["id"], "slots": o["slots"]} for o in self.ovens],
                "jobs": [{"product": j.product, "oven": j.oven, "slot": j.slot, "start": j.start, "end": j.end,
                          "trays": j.trays, "temperature_c": j.temperature_c, "branch_deadline": j.branch_deadline}
                         for j in self.jobs]}


def start_minute(oven: Oven) -> int:
    """Oven start relative to midnight of the delivery day (after noon = the evening before)."""
    minute = hhmm_to_min(oven.start_time)
    return minute - 24 * 60 if minute >= 12 * 60 else minute


def slots_of(ovens: list[Oven]) -> list[Slot]:
    """Flatten ovens into slots."""
    return [Slot(oven=o.id, id=s, trays=o.trays_per_slot, max_temp_c=o.max_temp_c,
                 rate_per_10c=o.changeover_min_per_10c, release_min=start_minute(o)) for o in ovens for s in o.slots]


SMALL_BATCH_TARGET_MIN = 120  # a deck batch is as many deck loads as fit into about two hours


def build_batches(items: list[PlanItem], deadlines: dict[tuple[str, str], int], slots: list[Slot]) -> list[Batch]:
    """Cut each product's pieces (in deadline order) into rack-sized or deck-sized batches.

    `deadlines` maps (branch, product) to the minute the goods must be out of the oven.

    Rule for the split (documented heuristic): products with the shortest bake times fill the
    large slots (racks, loads at least a third full) while the racks' minutes stay below the
    decks' minutes per deck, as bakeries do with rolls and pastries; the rest is cut into deck batches of about SMALL_BATCH_TARGET_MIN minutes (whole deck loads).
    """
    per_product: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for item in items:
        key = (item.branch, item.product)
        if item.quantity > 0 and key in deadlines:
            per_product[item.product].append((deadlines[key], item.branch, item.quantity))
    if not slots or not per_product:
        return []
    big = max(s.trays for s in slots)
    small = min(s.trays for s in slots)
    big_temp = max((s.max_temp_c for s in slots if s.trays == big), default=0)
    products = [p for p in PRODUCTS if p.id in per_product]
    trays = {p.id: math.ceil(sum(q for _, _, q in per_product[p.id]) / p.recipe.pieces_per_tray) for p in products}
    big_trays: dict[str, int] = {p.id: 0 for p in products}
    if big != small:
        n_big = sum(1 for s in slots if s.trays == big)
        n_small = len(slots) - n_big
        deck_total = sum(math.ceil(trays[p.id] / small) * p.recipe.bake_minutes for p in products)
        rack_used = 0.0
        for p in sorted(products, key=lambda p: (p.recipe.bake_minutes, PRODUCTS.index(p))):
            if p.recipe.temperature_c > big_temp:
                continue
            left, bake = trays[p.id], p.recipe.bake_minutes
            while left > 0 and (left >= big or left * 3 >= big):  # a rack at least a third full
                move = min(big, left)
                new_deck = deck_total - (math.ceil(left / small) - math.ceil((left - move) / small)) * bake
                if (rack_used + bake) / n_big > new_deck / n_small + bake / 2:
                    break  # racks would become the bottleneck: keep the rest on the decks
                big_trays[p.id] += move
                left -= move
                rack_used += bake
                deck_total = new_deck
    else:
        big_trays = dict(trays)
    batches: list[Batch] = []
    for product in products:
        per_tray = product.recipe.pieces_per_tray
        stream = [(d, b, q) for d, b, q in sorted(per_product[product.id])]
        big_pieces = min(big_trays[product.id] * per_tray, sum(q for _, _, q in stream))
        sizes = _chunks(big_pieces, big * per_tray) + _chunks(
            sum(q for _, _, q in stream) - big_pieces, small * max(1, SMALL_BATCH_TARGET_MIN // product.recipe.bake_minutes) * per_tray)
        kinds = ["big"] * len(_chunks(big_pieces, big * per_tray))
        kinds += ["small"] * (len(sizes) - len(kinds))
        pos = 0
        for size, kind in zip(sizes, kinds):
            members, due, due_branch, need = [], 10**9, "", size
            while need > 0:
                deadline, branch, qty = stream[pos]
                take = min(qty, need)
                need -= take
                if branch not in members:
                    members.append(branch)
                if deadline < due:
                    due, due_branch = deadline, branch
                if take == qty:
                    pos += 1
                else:
                    stream[pos] = (deadline, branch, qty - take)
            batches.append(Batch(id=len(batches), product=product.id, kind=kind, trays=math.ceil(size / per_tray),
                                 pieces=size, temperature_c=product.recipe.temperature_c,
                                 bake_minutes=product.recipe.bake_minutes, deadline_min=due,
                                 deadline_branch=due_branch, branches=members))
    return batches


def _chunks(total: int, size: int) -> list[int]:
    """Split total into pieces of at most size (all full except the last)."""
    return [min(size, total - k) for k in range(0, total, size)] if total > 0 else []


def duration(batch: Batch, slot: Slot) -> int:
    """Minutes the batch occupies the slot (several loads on a small deck)."""
    return math.ceil(batch.trays / slot.trays) * batch.bake_minutes


def setup(t_from: int, t_to: int, slot: Slot) -> int:
    """Changeover minutes between two temperatures on a slot."""
    return math.ceil(abs(t_from - t_to) / 10 * slot.rate_per_10c) if t_from != t_to else 0


def size_class(slots: list[Slot]) -> int | None:
    """Trays of the largest slots when slot sizes differ (racks vs decks), else None."""
    sizes = {s.trays for s in slots}
    return max(sizes) if len(sizes) > 1 else None


def fits(batch: Batch, slot: Slot, big: int | None = None) -> bool:
    """Temperature limit and size class: rack batches on racks, deck batches on decks."""
    if big is not None and (batch.kind == "big") != (slot.trays == big):
        return False
    return slot.max_temp_c >= batch.temperature_c


class Weights(BaseModel):
    late: int
    makespan: int


def weights(batches: list[Batch], slots: list[Slot], horizon: int) -> Weights:
    """Weights that make the weighted sum lexicographic: max lateness > makespan > changeovers."""
    max_setup = max((setup(a.temperature_c, b.temperature_c, s) for s in slots for a in batches for b in batches), default=0)
    w_mk = max_setup * max(1, len(batches)) + 1
    return Weights(late=w_mk * (horizon + 1) + 1, makespan=w_mk)


def horizon_of(batches: list[Batch], slots: list[Slot]) -> int:
    """An end time no optimal schedule exceeds."""
    start = min((s.release_min for s in slots), default=0)
    work = sum(max(duration(b, s) for s in slots) for b in batches)
    max_setup = max((setup(a.temperature_c, b.temperature_c, s) for s in slots for a in batches for b in batches), default=0)
    return max(s.release_min for s in slots) + work + max_setup * len(batches) + 1 if slots else start


def evaluate(sequences: dict[int, list[int]], batches: list[Batch], slots: list[Slot]) -> dict:
    """Left-justified times of fixed sequences per slot and the objective parts."""
    times: dict[int, tuple[int, int, int]] = {}
    changeovers = changeover_min = 0
    for s_idx, seq in sequences.items():
        slot, t, temp = slots[s_idx], slots[s_idx].release_min, None
        for b in seq:
            batch = batches[b]
            if temp is not None and temp != batch.temperature_c:
                changeovers += 1
                gap = setup(temp, batch.temperature_c, slot)
                changeover_min += gap
                t += gap
            times[b] = (s_idx, t, t + duration(batch, slot))
            t, temp = t + duration(batch, slot), batch.temperature_c
    first = min((s.release_min for s in slots), default=0)
    makespan = max((end for _, _, end in times.values()), default=first) - first
    late = [max(0, times[b][2] - batches[b].deadline_min) for b in times]
    return {"times": times, "makespan": makespan, "changeovers": changeovers, "changeover_min": changeover_min,
            "late": sum(late), "max_late": max(late, default=0)}


def objective_of(ev: dict, w: Weights) -> int:
    return w.late * ev["max_late"] + w.makespan * ev["makespan"] + ev["changeover_min"]


STAGE_SHARE = {"late": 0.25, "makespan": 0.85, "changeover": 1.0}  # of the deterministic time still left
RELAX_SHARE = 0.2  # of a part's first makespan run, for the assignment relaxation's bound
FIRST_ROUND = 0.4  # share of a stage's time split evenly over the parts before the critical part gets the rest


def solve_ovens(batches: list[Batch], ovens: list[Oven], time_limit_s: float = 20.0,
                deterministic_limit: float = 3.0) -> OvenPlan:
    """CP-SAT, lexicographic in three stages: max lateness, then makespan, then changeover minutes.

    Slot groups that share no batch (racks vs decks) are independent models; each stage caps the
    next one with the worst value over all parts, so together they give the optimum of the whole day."""
    started = clock.perf_counter()
    slots = slots_of(ovens)
    big = size_class(slots)
    bakeable = [b for b in batches if any(fits(b, s, big) for s in slots)]
    if not bakeable:
        return make_plan({}, batches, slots, ovens, "empty" if not batches else "infeasible", 0, 0, 0.0, "cp-sat")
    w = weights(bakeable, slots, horizon_of(bakeable, slots))
    t0 = min(s.release_min for s in slots)
    parts = [_PartModel(p_b, slots, p_s, big, ovens, t0) for p_b, p_s in _components(bakeable, slots, big)]
    left = deterministic_limit
    caps: tuple[int, ...] = ()
    for name, share in STAGE_SHARE.items():
        left -= _run_stage(parts, name, caps, left * share, started + time_limit_s)
        caps = caps + (max(p.values[name] for p in parts),)
    index = {b.id: i for i, b in enumerate(batches)}
    sequences = {s_idx: [index[bid] for bid in seq] for p in parts for s_idx, seq in p.sequences().items()}
    proven = {k: max(p.bounds[k] for p in parts) == max(p.values[k] for p in parts) for k in ("late", "makespan")}
    proven["changeover"] = all(p.bounds["changeover"] == p.values["changeover"] for p in parts)
    # honest bound of the weighted objective: each stage's bound holds for every schedule within the
    # earlier caps; the changeover bound needs the lateness cap to be the proven optimum.
    bound = (w.late * max(p.bounds["late"] for p in parts) + w.makespan * max(p.bounds["makespan"] for p in parts)
             + (sum(p.bounds["changeover"] for p in parts) if proven["late"] else 0))
    plan = make_plan(sequences, batches, slots, ovens, "optimal" if all(proven.values()) else "feasible", 0, bound,
                     clock.perf_counter() - started, "cp-sat")
    plan.makespan_bound_min = max(p.bounds["makespan"] for p in parts)
    plan.changeover_bound_min = sum(p.bounds["changeover"] for p in parts) if proven["late"] else 0
    return plan


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


def _run_stage(parts: list[_PartModel], name: str, caps: tuple[int, ...], budget: float, deadline: float) -> float:
    """One stage over all parts; returns the deterministic time used.

    Lateness and makespan count by their maximum over the parts: after a first round, the rest of
    the budget goes to the unproven parts that hold the maximum. Changeovers add up: split by size."""
    def run(part: _PartModel, det: float) -> float:
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


class _PartModel:
    """One CP-SAT model for the batches restricted to `part_slots`, solved stage by stage."""

    def __init__(self, bakeable: list[Batch], slots: list[Slot], part_slots: set[int], big: int | None,
                 ovens: list[Oven], t0: int) -> None:
        self.batches, self.slots, self.t0 = bakeable, slots, t0
        self.size = len(bakeable) * len(part_slots)
        horizon = horizon_of(bakeable, slots)
        m = self.m = cp_model.CpModel()
        start, end, late = self.start, self.end, self.late = {}, {}, {}
        pres = self.pres = {}
        per_slot: dict[int, list[tuple[int, cp_model.IntervalVar]]] = defaultdict(list)
        allowed = _identical_slot_rule(bakeable, slots, big)
        for b in bakeable:
            start[b.id] = m.NewIntVar(t0, horizon, f"s{b.id}")
            end[b.id] = m.NewIntVar(t0, horizon, f"e{b.id}")
            choices = []
            for s_idx, slot in enumerate(slots):
                if s_idx not in part_slots or not fits(b, slot, big) or (b.id, s_idx) not in allowed:
                    continue
                x = m.NewBoolVar(f"x{b.id}_{s_idx}")
                iv = m.NewOptionalIntervalVar(start[b.id], duration(b, slot), end[b.id], x, f"i{b.id}_{s_idx}")
                m.Add(start[b.id] >= slot.release_min).OnlyEnforceIf(x)
                pres[(b.id, s_idx)] = x
                per_slot[s_idx].append((b.id, iv))
                choices.append(x)
            m.AddExactlyOne(choices)
            late[b.id] = m.NewIntVar(0, horizon - t0, f"l{b.id}")
            m.Add(late[b.id] >= end[b.id] - b.deadline_min)
        by_id = {b.id: b for b in bakeable}
        setup_terms = []
        self.slot_setup: dict[int, list] = defaultdict(list)
        lits: dict[tuple, cp_model.IntVar] = {}
        for s_idx, members in per_slot.items():
            slot = slots[s_idx]
            m.AddNoOverlap([iv for _, iv in members])
            lits[("empty", s_idx)] = m.NewBoolVar(f"empty{s_idx}")
            arcs = [(0, 0, lits[("empty", s_idx)])]
            for k, (bid, _) in enumerate(members, start=1):
                lits[("first", s_idx, bid)] = m.NewBoolVar(f"first{s_idx}_{bid}")
                lits[("last", s_idx, bid)] = m.NewBoolVar(f"last{s_idx}_{bid}")
                arcs.append((0, k, lits[("first", s_idx, bid)]))
                arcs.append((k, 0, lits[("last", s_idx, bid)]))
                arcs.append((k, k, pres[(bid, s_idx)].Not()))
            for k, (a, _) in enumerate(members, start=1):
                for j, (c, _) in enumerate(members, start=1):
                    if a == c:
                        continue
                    lit = lits[("arc", s_idx, a, c)] = m.NewBoolVar(f"a{s_idx}_{a}_{c}")
                    gap = setup(by_id[a].temperature_c, by_id[c].temperature_c, slot)
                    m.Add(start[c] >= end[a] + gap).OnlyEnforceIf(lit)
                    arcs.append((k, j, lit))
                    if gap:
                        setup_terms.append(gap * lit)
                        self.slot_setup[s_idx].append(gap * lit)
            m.AddCircuit(arcs)
            self._range_bound(s_idx, [by_id[bid] for bid, _ in members])
        _break_symmetry(m, bakeable, start, slots, big)
        self.makespan = m.NewIntVar(0, horizon - t0, "makespan")
        for b in bakeable:
            m.Add(self.makespan >= end[b.id] - t0)
        for group in _slot_groups(slots):  # redundant cumulative over interchangeable decks: strong bounds
            only_here = [b for b in bakeable if {s for (bid, s) in pres if bid == b.id} <= set(group)]
            if len(group) > 1 and only_here:
                ivs = [m.NewIntervalVar(start[b.id], duration(b, slots[group[0]]), end[b.id], f"c{b.id}")
                       for b in only_here]
                m.AddCumulative(ivs, [1] * len(ivs), len(group))
        for s_idx, members in per_slot.items():  # redundant load bound per slot (bakes + changeovers)
            m.Add(sum(duration(by_id[bid], slots[s_idx]) * pres[(bid, s_idx)] for bid, _ in members)
                  + sum(self.slot_setup[s_idx]) <= self.makespan + t0 - slots[s_idx].release_min)
        self.max_late = m.NewIntVar(0, horizon - t0, "max_late")
        m.AddMaxEquality(self.max_late, list(late.values()))
        self.changeover = sum(setup_terms)
        self.values: dict[str, int] = {}
        self.bounds: dict[str, int] = {}
        self.solution: list[int] = []
        hint = min([edd_rule(bakeable, ovens), _product_order(bakeable, slots)] + _rule_starts(bakeable, slots),
                   key=lambda seqs: _lexi(evaluate(seqs, bakeable, slots)))
        hint = _canonical(_deadline_order(hint, bakeable, slots, big), bakeable, slots, big)
        _add_hint(m, hint, bakeable, slots, t0, start, end, late, self.makespan, pres, lits, per_slot)
        self.hint_eval = evaluate(hint, bakeable, slots)
        m.AddHint(self.max_late, self.hint_eval["max_late"])

    def _range_bound(self, s_idx: int, members: list[Batch]) -> None:
        """Redundant: a slot's changeovers take at least rate x (hottest - coolest batch) / 10 °C.

        Holds for every order, since the changeovers walk from one temperature to the other."""
        temps = {b.temperature_c for b in members}
        if len(temps) < 2:
            return
        m, rate = self.m, math.floor(self.slots[s_idx].rate_per_10c * 100)
        hi = m.NewIntVar(min(temps), max(temps), f"hi{s_idx}")
        lo = m.NewIntVar(min(temps), max(temps), f"lo{s_idx}")
        for b in members:
            m.Add(hi >= b.temperature_c).OnlyEnforceIf(self.pres[(b.id, s_idx)])
            m.Add(lo <= b.temperature_c).OnlyEnforceIf(self.pres[(b.id, s_idx)])
        m.Add(lo <= hi)
        m.Add(1000 * sum(self.slot_setup[s_idx]) >= rate * (hi - lo))

    def stage(self, name: str, caps: tuple[int, ...], limits: tuple[float, float]) -> float:
        """Minimise one criterion under the caps of the earlier stages; returns the deterministic time used."""
        m = self.m
        for var, cap in zip((self.max_late, self.makespan), caps):
            m.Add(var <= cap)
        if name == "late" and self.hint_eval["max_late"] == 0:
            self.values["late"] = self.bounds["late"] = 0  # the rule is already on time: 0 is optimal
            return 0.0
        used = 0.0
        if name == "makespan" and name not in self.bounds:
            self.bounds[name], used = _assignment_bound(self.batches, self.slots, self.pres, self.t0,
                                                        (limits[0] * RELAX_SHARE, limits[1] * RELAX_SHARE))
        target = {"late": self.max_late, "makespan": self.makespan, "changeover": self.changeover}[name]
        if name in self.bounds:  # a bound proven before (earlier run, relaxation) is a valid cut
            m.Add(target >= self.bounds[name])
        m.Minimize(target)
        solver = _solver((limits[0], max(0.05, limits[1] - used)))
        solver.parameters.cp_model_probing_level = 0  # probing costs seconds on the circuit arcs, gains little
        for name_ in SUBSOLVERS:
            solver.parameters.subsolvers.append(name_)
        code = solver.Solve(m)
        bound = int(math.ceil(solver.BestObjectiveBound() - 1e-6)) if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # time ran out before the start: take the hint
            used += solver.ResponseProto().deterministic_time
            solver = _solver((max(1.0, limits[0]), 10.0))
            solver.parameters.fix_variables_to_their_hinted_value = True
            if solver.Solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                raise RuntimeError(f"oven schedule: the start schedule violates the model in stage {name}")
        self.values[name] = int(round(solver.ObjectiveValue()))
        self.bounds[name] = min(self.values[name], max(self.bounds.get(name, 0), bound))
        self.solution = list(solver.ResponseProto().solution)
        m.ClearHints()
        proto = m.Proto()
        proto.solution_hint.vars.extend(range(len(self.solution)))
        proto.solution_hint.values.extend(self.solution)
        return used + solver.ResponseProto().deterministic_time

    def sequences(self) -> dict[int, list[int]]:
        """Batch ids per slot in start order, from the last stage's solution."""
        value = lambda var: self.solution[var.Index()]  # noqa: E731
        out: dict[int, list[int]] = defaultdict(list)
        for (bid, s_idx), x in self.pres.items():
            if value(x):
                out[s_idx].append(bid)
        for s_idx in out:
            out[s_idx].sort(key=lambda bid: value(self.start[bid]))
        return dict(out)


def _solver(limits: tuple[float, float]) -> cp_model.CpSolver:
    """A reproducible CP-SAT solver: fixed workers and seed, interleaved search, (wall, deterministic) limits."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = NUM_WORKERS
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = SEED
    solver.parameters.max_time_in_seconds = limits[0]
    solver.parameters.max_deterministic_time = limits[1]
    return solver


def _assignment_bound(batches: list[Batch], slots: list[Slot], pres: dict, t0: int,
                      limits: tuple[float, float]) -> tuple[int, float]:
    """Makespan lower bound of a relaxation: slots get batches, order and deadlines are dropped.

    A slot then needs its bake minutes plus at least rate x (hottest - coolest) / 10 °C of changeovers;
    this small assignment model proves bounds that the sequencing model's LP misses.
    Returns (bound, deterministic time used)."""
    m = cp_model.CpModel()
    x = {key: m.NewBoolVar(f"x{key[0]}_{key[1]}") for key in pres}
    for b in batches:
        m.AddExactlyOne(x[(bid, s)] for (bid, s) in pres if bid == b.id)
    horizon = horizon_of(batches, slots) - t0
    makespan = m.NewIntVar(0, horizon, "makespan")
    for s_idx in sorted({s for _, s in pres}):
        members = [b for b in batches if (b.id, s_idx) in pres]
        temps = [b.temperature_c for b in members]
        hi = m.NewIntVar(min(temps), max(temps), f"hi{s_idx}")
        lo = m.NewIntVar(min(temps), max(temps), f"lo{s_idx}")
        for b in members:
            m.Add(hi >= b.temperature_c).OnlyEnforceIf(x[(b.id, s_idx)])
            m.Add(lo <= b.temperature_c).OnlyEnforceIf(x[(b.id, s_idx)])
        m.Add(lo <= hi)
        changeover = m.NewIntVar(0, horizon, f"c{s_idx}")
        m.Add(1000 * changeover >= math.floor(slots[s_idx].rate_per_10c * 100) * (hi - lo))
        m.Add(sum(duration(b, slots[s_idx]) * x[(b.id, s_idx)] for b in members) + changeover
              <= makespan + t0 - slots[s_idx].release_min)
    m.Minimize(makespan)
    solver = _solver(limits)
    code = solver.Solve(m)
    bound = int(math.ceil(solver.BestObjectiveBound() - 1e-6)) if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0
    return max(0, bound), solver.ResponseProto().deterministic_time


def _lexi(ev: dict) -> tuple[int, int, int]:
    """The lexicographic objective of an evaluated schedule."""
    return ev["max_late"], ev["makespan"], ev["changeover_min"]


def _slot_groups(slots: list[Slot]) -> list[list[int]]:
    """Indices of interchangeable slots (same oven parameters and start)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, s in enumerate(slots):
        groups[(s.trays, s.max_temp_c, s.rate_per_10c, s.release_min)].append(i)
    return list(groups.values())


def _identical_slot_rule(batches: list[Batch], slots: list[Slot], big: int | None) -> set[tuple[int, int]]:
    """Symmetry breaking over interchangeable decks: the k-th eligible batch may use only the first k+1 of them.

    Valid because decks can be renumbered by the smallest batch they bake."""
    allowed: set[tuple[int, int]] = set()
    for group in _slot_groups(slots):
        eligible = [b for b in batches if fits(b, slots[group[0]], big)]
        for pos, b in enumerate(eligible):
            allowed.update((b.id, s_idx) for s_idx in group[: pos + 1])
    return allowed


def _canonical(sequences: dict[int, list[int]], batches: list[Batch], slots: list[Slot],
               big: int | None) -> dict[int, list[int]]:
    """Renumber interchangeable slots of a schedule so that it obeys `_identical_slot_rule`."""
    out = dict(sequences)
    for group in _slot_groups(slots):
        eligible = {b.id: pos for pos, b in enumerate(b for b in batches if fits(b, slots[group[0]], big))}
        seqs = [sequences.get(s, []) for s in group]
        seqs.sort(key=lambda seq: min((eligible[batches[i].id] for i in seq), default=10**9))
        for s_idx, seq in zip(group, seqs):
            out[s_idx] = seq
    return out


def _add_hint(m: cp_model.CpModel, sequences: dict[int, list[int]], batches: list[Batch], slots: list[Slot],
              t0: int, start: dict, end: dict, late: dict, makespan, pres: dict, lits: dict, per_slot: dict) -> None:
    """Give CP-SAT a complete heuristic schedule (sequences index into `batches`) as its first solution."""
    ev = evaluate(sequences, batches, slots)
    on_slot = {}
    for s_idx, seq in sequences.items():
        ids = [batches[i].id for i in seq]
        for pos, bid in enumerate(ids):
            on_slot[bid] = s_idx
            _, t_start, t_end = ev["times"][seq[pos]]
            m.AddHint(start[bid], t_start)
            m.AddHint(end[bid], t_end)
            m.AddHint(late[bid], max(0, t_end - batches[seq[pos]].deadline_min))
        if ids:
            m.AddHint(lits[("first", s_idx, ids[0])], 1)
            m.AddHint(lits[("last", s_idx, ids[-1])], 1)
        for a, c in zip(ids, ids[1:]):
            m.AddHint(lits[("arc", s_idx, a, c)], 1)
    for key, lit in lits.items():
        if key[0] == "empty":
            m.AddHint(lit, 0 if sequences.get(key[1]) else 1)
        elif key[0] == "first" and not (sequences.get(key[1]) and batches[sequences[key[1]][0]].id == key[2]):
            m.AddHint(lit, 0)
        elif key[0] == "last" and not (sequences.get(key[1]) and batches[sequences[key[1]][-1]].id == key[2]):
            m.AddHint(lit, 0)
    pairs = {(s, batches[a].id, batches[c].id) for s, seq in sequences.items() for a, c in zip(seq, seq[1:])}
    for key, lit in lits.items():
        if key[0] == "arc" and (key[1], key[2], key[3]) not in pairs:
            m.AddHint(lit, 0)
    for (bid, s_idx), x in pres.items():
        m.AddHint(x, 1 if on_slot.get(bid) == s_idx else 0)
    m.AddHint(makespan, ev["makespan"])


def edd_rule(batches: list[Batch], ovens: list[Oven]) -> dict[int, list[int]]:
    """Heuristic start: earliest deadline first, hotter first on ties, each on the slot finishing it first."""
    order = sorted(range(len(batches)), key=lambda i: (batches[i].deadline_min, -batches[i].temperature_c, i))
    return _list_schedule(order, batches, slots_of(ovens))


def _rule_starts(batches: list[Batch], slots: list[Slot]) -> list[dict[int, list[int]]]:
    """More list schedules as CP-SAT starts: least slack, longest first by deadline, hottest first."""
    longest = {i: max(duration(b, s) for s in slots if fits(b, s, size_class(slots))) if any(
        fits(b, s, size_class(slots)) for s in slots) else 0 for i, b in enumerate(batches)}
    keys = [lambda i: (batches[i].deadline_min - longest[i], i),
            lambda i: (batches[i].deadline_min, -longest[i], -batches[i].temperature_c, i),
            lambda i: (-batches[i].temperature_c, batches[i].deadline_min, i),
            lambda i: (-longest[i], batches[i].deadline_min, i)]
    return [_list_schedule(sorted(range(len(batches)), key=key), batches, slots) for key in keys]


def _list_schedule(order: list[int], batches: list[Batch], slots: list[Slot]) -> dict[int, list[int]]:
    """Place batches in the given order, each on the eligible slot where it finishes earliest."""
    big = size_class(slots)
    free = [s.release_min for s in slots]
    temp: list[int | None] = [None] * len(slots)
    sequences: dict[int, list[int]] = defaultdict(list)
    for idx in order:
        b = batches[idx]
        best = None
        for s_idx, slot in enumerate(slots):
            if not fits(b, slot, big):
                continue
            gap = 0 if temp[s_idx] is None else setup(temp[s_idx], b.temperature_c, slot)
            finish = free[s_idx] + gap + duration(b, slot)
            if best is None or finish < best[0]:
                best = (finish, s_idx)
        if best is not None:
            free[best[1]], temp[best[1]] = best[0], b.temperature_c
            sequences[best[1]].append(idx)
    return sequences


def _interchangeable(batches: list[Batch], slots: list[Slot], big: int | None) -> list[list[int]]:
    """Groups of batch indices with the same temperature and minutes on every slot, in deadline order."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, b in enumerate(batches):
        groups[(b.temperature_c, tuple(duration(b, s) if fits(b, s, big) else -1 for s in slots))].append(i)
    return [sorted(g, key=lambda i: (batches[i].deadline_min, batches[i].id)) for g in groups.values() if len(g) > 1]


def _break_symmetry(m: cp_model.CpModel, batches: list[Batch], start: dict, slots: list[Slot],
                    big: int | None) -> None:
    """Interchangeable batches start in deadline order.

    They can swap places without changing any time (e.g. a full and a half rack of rolls), and
    the earlier deadline first never raises the largest lateness: one optimal schedule keeps this order."""
    for group in _interchangeable(batches, slots, big):
        for a, c in zip(group, group[1:]):
            m.Add(start[batches[a].id] <= start[batches[c].id])


def _deadline_order(sequences: dict[int, list[int]], batches: list[Batch], slots: list[Slot],
                    big: int | None) -> dict[int, list[int]]:
    """Swap interchangeable batches of a schedule so that it obeys `_break_symmetry` (same times)."""
    times = evaluate(sequences, batches, slots)["times"]
    out = {s: list(seq) for s, seq in sequences.items()}
    for group in _interchangeable(batches, slots, big):
        placed = [i for i in group if i in times]
        spots = sorted(((times[i][1], times[i][0], out[times[i][0]].index(i)) for i in placed))
        for i, (_, s_idx, pos) in zip(placed, spots):
            out[s_idx][pos] = i
    return out


def product_order_rule(batches: list[Batch], ovens: list[Oven]) -> OvenPlan:
    """Simple rule: products in catalogue order, each batch on the slot where it finishes first."""
    started = clock.perf_counter()
    sequences = _product_order(batches, slots_of(ovens))
    return make_plan(sequences, batches, slots_of(ovens), ovens, "feasible", 0, 0, clock.perf_counter() - started,
                     "product-order-rule")


def _product_order(batches: list[Batch], slots: list[Slot]) -> dict[int, list[int]]:
    """Sequences of the product-order rule."""
    order = {p.id: i for i, p in enumerate(PRODUCTS)}
    seq = sorted(range(len(batches)), key=lambda i: (order[batches[i].product], batches[i].deadline_min, i))
    return _list_schedule(seq, batches, slots)


def make_plan(sequences: dict[int, list[int]], batches: list[Batch], slots: list[Slot], ovens: list[Oven],
              status: str, objective: int, bound: int, seconds: float, method: str) -> OvenPlan:
    """Report fixed sequences: left-justified times, lateness, missing oven hours, gap."""
    ev = evaluate(sequences, batches, slots)
    jobs: list[Job] = []
    late_products: list[str] = []
    missing = 0
    for b_idx, (s_idx, t_start, t_end) in sorted(ev["times"].items(), key=lambda kv: (kv[1][1], kv[1][0])):
        b, slot = batches[b_idx], slots[s_idx]
        late_min = max(0, t_end - b.deadline_min)
        if late_min:
            missing += min(late_min, t_end - t_start)
            name = PRODUCT_BY_ID[b.product].name
            if name not in late_products:
                late_products.append(name)
        jobs.append(Job(product=b.product, name=PRODUCT_BY_ID[b.product].name, oven=slot.oven, slot=slot.id,
                        start=min_to_hhmm(t_start), end=min_to_hhmm(t_end), trays=b.trays, pieces=b.pieces,
                        temperature_c=b.temperature_c, branch_deadline=min_to_hhmm(b.deadline_min),
                        branch=b.deadline_branch, late_min=late_min, start_min=t_start, end_min=t_end))
    unbakeable = sorted({PRODUCT_BY_ID[b.product].name for i, b in enumerate(batches) if i not in ev["times"]})
    if sequences and (ev["late"] or unbakeable):
        status = "infeasible"
    if not batches:
        status = "empty"
    first = min((s.release_min for s in slots), default=0)
    if method == "cp-sat" and sequences:
        w = weights([b for i, b in enumerate(batches) if i in ev["times"]], slots,
                    horizon_of([b for i, b in enumerate(batches) if i in ev["times"]], slots))
        objective = min(objective, objective_of(ev, w)) if objective else objective_of(ev, w)
    gap = (objective - bound) / objective if objective and bound else 0.0
    return OvenPlan(status=status, makespan_min=ev["makespan"], first_start=min_to_hhmm(first),
                    last_end=min_to_hhmm(first + ev["makespan"]), changeovers=ev["changeovers"],
                    changeover_min=ev["changeover_min"], total_late_min=ev["late"], max_late_min=ev["max_late"],
                    missing_oven_hours=round(missing / 60, 2), late_products=late_products, unbakeable=unbakeable,
                    ovens=[{"id": o.id, "name": o.name, "kind": o.kind, "slots": list(o.slots)} for o in ovens],
                    jobs=jobs, objective=objective, bound=bound, gap=round(max(0.0, gap), 4),
                    solve_time_s=round(seconds, 3), method=method)
