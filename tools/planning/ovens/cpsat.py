"""The CP-SAT model of one independent part of the day (batches and the slots they may use), solved stage by stage.

Each batch gets one optional interval per eligible slot; a circuit per slot orders its batches and charges the
changeover minutes between consecutive temperatures. Redundant constraints (cumulative over interchangeable decks,
load and temperature-span bounds per slot) and an assignment relaxation give the strong lower bounds."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Literal

from ortools.sat.python import cp_model

from tools.company.models import Oven
from tools.planning.ovens.evaluate import evaluate, horizon_of
from tools.planning.ovens.heuristics import edd_rule, product_order, rule_starts
from tools.planning.ovens.models import Batch, Sequences, Slot
from tools.planning.ovens.slots import duration, fits, setup
from tools.planning.ovens.symmetry import break_symmetry, canonical, deadline_order, identical_slot_rule, slot_groups

SUBSOLVERS = ("no_lp", "reduced_costs")  # measured on the demo days: the first finds schedules, the second bounds
NUM_WORKERS = 2  # explicit; interleave_search + a deterministic-time limit make the result reproducible
SEED = 7
RELAX_SHARE = 0.2  # of a part's first makespan run, for the assignment relaxation's bound

Stage = Literal["late", "makespan", "changeover"]
"""The criteria in lexicographic order: largest lateness, makespan, changeover minutes."""
Presence = dict[tuple[int, int], cp_model.IntVar]
"""(batch id, slot index) -> literal 'the batch bakes on this slot'."""
ArcKey = tuple[str | int, ...]
"""('empty', slot), ('first'|'last', slot, batch id) or ('arc', slot, from batch id, to batch id)."""


class PartModel:
    """One CP-SAT model for the batches restricted to `part_slots`, solved stage by stage."""

    def __init__(
        self,
        bakeable: list[Batch],
        slots: list[Slot],
        part_slots: set[int],
        big: int | None,
        ovens: list[Oven],
        t0: int,
    ) -> None:
        self.batches, self.slots, self.t0 = bakeable, slots, t0
        self.size = len(bakeable) * len(part_slots)
        horizon = horizon_of(bakeable, slots)
        m = self.m = cp_model.CpModel()
        start: dict[int, cp_model.IntVar] = {}
        end: dict[int, cp_model.IntVar] = {}
        late: dict[int, cp_model.IntVar] = {}
        self.start, self.end, self.late = start, end, late
        pres: Presence = {}
        self.pres = pres
        per_slot: dict[int, list[tuple[int, cp_model.IntervalVar]]] = defaultdict(list)
        allowed = identical_slot_rule(bakeable, slots, big)
        for b in bakeable:
            start[b.id] = m.new_int_var(t0, horizon, f"s{b.id}")
            end[b.id] = m.new_int_var(t0, horizon, f"e{b.id}")
            choices = []
            for s_idx, slot in enumerate(slots):
                if s_idx not in part_slots or not fits(b, slot, big) or (b.id, s_idx) not in allowed:
                    continue
                x = m.new_bool_var(f"x{b.id}_{s_idx}")
                iv = m.new_optional_interval_var(start[b.id], duration(b, slot), end[b.id], x, f"i{b.id}_{s_idx}")
                m.add(start[b.id] >= slot.release_min).only_enforce_if(x)
                pres[(b.id, s_idx)] = x
                per_slot[s_idx].append((b.id, iv))
                choices.append(x)
            m.add_exactly_one(choices)
            late[b.id] = m.new_int_var(0, horizon - t0, f"l{b.id}")
            m.add(late[b.id] >= end[b.id] - b.deadline_min)
        by_id = {b.id: b for b in bakeable}
        setup_terms: list[cp_model.LinearExpr] = []
        self.slot_setup: dict[int, list[cp_model.LinearExpr]] = defaultdict(list)
        lits: dict[ArcKey, cp_model.IntVar] = {}
        for s_idx, members in per_slot.items():
            slot = slots[s_idx]
            m.add_no_overlap([iv for _, iv in members])
            lits[("empty", s_idx)] = m.new_bool_var(f"empty{s_idx}")
            arcs: list[tuple[int, int, cp_model.LiteralT]] = [(0, 0, lits[("empty", s_idx)])]
            for k, (bid, _) in enumerate(members, start=1):
                lits[("first", s_idx, bid)] = m.new_bool_var(f"first{s_idx}_{bid}")
                lits[("last", s_idx, bid)] = m.new_bool_var(f"last{s_idx}_{bid}")
                arcs.append((0, k, lits[("first", s_idx, bid)]))
                arcs.append((k, 0, lits[("last", s_idx, bid)]))
                arcs.append((k, k, pres[(bid, s_idx)].negated()))
            for k, (a, _) in enumerate(members, start=1):
                for j, (c, _) in enumerate(members, start=1):
                    if a == c:
                        continue
                    lit = lits[("arc", s_idx, a, c)] = m.new_bool_var(f"a{s_idx}_{a}_{c}")
                    gap = setup(by_id[a].temperature_c, by_id[c].temperature_c, slot)
                    m.add(start[c] >= end[a] + gap).only_enforce_if(lit)
                    arcs.append((k, j, lit))
                    if gap:
                        setup_terms.append(gap * lit)
                        self.slot_setup[s_idx].append(gap * lit)
            m.add_circuit(arcs)
            baked = [by_id[bid] for bid, _ in members]
            if len({b.temperature_c for b in baked}) > 1:  # redundant; one temperature: no changeover to bound
                span = temperature_span(m, s_idx, baked, pres)
                m.add(1000 * sum(self.slot_setup[s_idx]) >= rate_per_1000c(slot) * span)
        break_symmetry(m, bakeable, start, slots, big)
        self.makespan = m.new_int_var(0, horizon - t0, "makespan")
        for b in bakeable:
            m.add(self.makespan >= end[b.id] - t0)
        for group in slot_groups(slots):  # redundant cumulative over interchangeable decks: strong bounds
            only_here = [b for b in bakeable if {s for (bid, s) in pres if bid == b.id} <= set(group)]
            if len(group) > 1 and only_here:
                ivs = [
                    m.new_interval_var(start[b.id], duration(b, slots[group[0]]), end[b.id], f"c{b.id}")
                    for b in only_here
                ]
                m.add_cumulative(ivs, [1] * len(ivs), len(group))
        for s_idx, members in per_slot.items():  # redundant load bound per slot (bakes + changeovers)
            m.add(
                sum(duration(by_id[bid], slots[s_idx]) * pres[(bid, s_idx)] for bid, _ in members)
                + sum(self.slot_setup[s_idx])
                <= self.makespan + t0 - slots[s_idx].release_min
            )
        self.max_late = m.new_int_var(0, horizon - t0, "max_late")
        m.add_max_equality(self.max_late, list(late.values()))
        self.changeover = sum(setup_terms)
        self.values: dict[Stage, int] = {}
        self.bounds: dict[Stage, int] = {}
        self.solution: list[int] = []
        hint = min(
            [edd_rule(bakeable, ovens), product_order(bakeable, slots)] + rule_starts(bakeable, slots),
            key=lambda seqs: evaluate(seqs, bakeable, slots).lexi(),
        )
        hint = canonical(deadline_order(hint, bakeable, slots, big), bakeable, slots, big)
        _add_hint(m, hint, bakeable, slots, start, end, late, self.makespan, pres, lits)
        self.hint_eval = evaluate(hint, bakeable, slots)
        m.add_hint(self.max_late, self.hint_eval.max_late_min)

    def stage(self, name: Stage, caps: tuple[int, ...], limits: tuple[float, float]) -> float:
        """Minimise one criterion under the caps of the earlier stages; returns the deterministic time used."""
        m = self.m
        for var, cap in zip((self.max_late, self.makespan), caps):
            m.add(var <= cap)
        if name == "late" and self.hint_eval.max_late_min == 0:
            self.values["late"] = self.bounds["late"] = 0  # the rule is already on time: 0 is optimal
            return 0.0
        used = 0.0
        if name == "makespan" and name not in self.bounds:
            self.bounds[name], used = assignment_bound(
                self.batches, self.slots, self.pres, self.t0, (limits[0] * RELAX_SHARE, limits[1] * RELAX_SHARE)
            )
        target = {"late": self.max_late, "makespan": self.makespan, "changeover": self.changeover}[name]
        if name in self.bounds:  # a bound proven before (earlier run, relaxation) is a valid cut
            m.add(target >= self.bounds[name])
        m.minimize(target)
        solver = new_solver((limits[0], max(0.05, limits[1] - used)))
        solver.parameters.cp_model_probing_level = 0  # probing costs seconds on the circuit arcs, gains little
        for name_ in SUBSOLVERS:
            solver.parameters.subsolvers.append(name_)
        code = solver.solve(m)
        found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        bound = int(math.ceil(solver.best_objective_bound - 1e-6)) if found else 0
        if not found:  # time ran out before the start: take the hint
            used += solver.response_proto.deterministic_time
            solver = new_solver((max(1.0, limits[0]), 10.0))
            solver.parameters.fix_variables_to_their_hinted_value = True
            if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                raise RuntimeError(f"oven schedule: the start schedule violates the model in stage {name}")
        self.values[name] = int(round(solver.objective_value))
        self.bounds[name] = min(self.values[name], max(self.bounds.get(name, 0), bound))
        self.solution = list(solver.response_proto.solution)
        proto = m.proto
        proto.clear_solution_hint()  # the next stage starts from this solution
        proto.solution_hint.vars.extend(range(len(self.solution)))
        proto.solution_hint.values.extend(self.solution)
        return used + solver.response_proto.deterministic_time

    def sequences(self) -> Sequences:
        """Batch ids per slot in start order, from the last stage's solution."""

        def value(var: cp_model.IntVar) -> int:
            return self.solution[var.index]

        out: Sequences = defaultdict(list)
        for (bid, s_idx), x in self.pres.items():
            if value(x):
                out[s_idx].append(bid)
        for s_idx in out:
            out[s_idx].sort(key=lambda bid: value(self.start[bid]))
        return dict(out)


def new_solver(limits: tuple[float, float]) -> cp_model.CpSolver:
    """A reproducible CP-SAT solver: fixed workers and seed, interleaved search, (wall, deterministic) limits."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = NUM_WORKERS
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = SEED
    solver.parameters.max_time_in_seconds = limits[0]
    solver.parameters.max_deterministic_time = limits[1]
    return solver


def temperature_span(m: cp_model.CpModel, s_idx: int, members: list[Batch], pres: Presence) -> cp_model.LinearExpr:
    """Hottest minus coolest temperature of the batches a slot bakes, as an expression of new variables.

    A slot's changeovers take at least rate x span / 10 °C in every order, since they walk from one
    temperature to the other: both the sequencing model and the assignment relaxation use this bound."""
    temps = [b.temperature_c for b in members]
    hi = m.new_int_var(min(temps), max(temps), f"hi{s_idx}")
    lo = m.new_int_var(min(temps), max(temps), f"lo{s_idx}")
    for b in members:
        m.add(hi >= b.temperature_c).only_enforce_if(pres[(b.id, s_idx)])
        m.add(lo <= b.temperature_c).only_enforce_if(pres[(b.id, s_idx)])
    m.add(lo <= hi)
    return hi - lo


def rate_per_1000c(slot: Slot) -> int:
    """Changeover minutes per 1000 °C, an integer for CP-SAT (rate per 10 °C to two decimals)."""
    return math.floor(slot.rate_per_10c * 100)


def assignment_bound(
    batches: list[Batch], slots: list[Slot], pres: Presence, t0: int, limits: tuple[float, float]
) -> tuple[int, float]:
    """Makespan lower bound of a relaxation: slots get batches, order and deadlines are dropped.

    A slot then needs its bake minutes plus at least rate x (hottest - coolest) / 10 °C of changeovers;
    this small assignment model proves bounds that the sequencing model's LP misses.
    Returns (bound, deterministic time used)."""
    m = cp_model.CpModel()
    x: Presence = {key: m.new_bool_var(f"x{key[0]}_{key[1]}") for key in pres}
    for b in batches:
        m.add_exactly_one(x[(bid, s)] for (bid, s) in pres if bid == b.id)
    horizon = horizon_of(batches, slots) - t0
    makespan = m.new_int_var(0, horizon, "makespan")
    for s_idx in sorted({s for _, s in pres}):
        members = [b for b in batches if (b.id, s_idx) in pres]
        span = temperature_span(m, s_idx, members, x)
        changeover = m.new_int_var(0, horizon, f"c{s_idx}")
        m.add(1000 * changeover >= rate_per_1000c(slots[s_idx]) * span)
        m.add(
            sum(duration(b, slots[s_idx]) * x[(b.id, s_idx)] for b in members) + changeover
            <= makespan + t0 - slots[s_idx].release_min
        )
    m.minimize(makespan)
    solver = new_solver(limits)
    code = solver.solve(m)
    bound = int(math.ceil(solver.best_objective_bound - 1e-6)) if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0
    return max(0, bound), solver.response_proto.deterministic_time


def _add_hint(
    m: cp_model.CpModel,
    sequences: Sequences,
    batches: list[Batch],
    slots: list[Slot],
    start: dict[int, cp_model.IntVar],
    end: dict[int, cp_model.IntVar],
    late: dict[int, cp_model.IntVar],
    makespan: cp_model.IntVar,
    pres: Presence,
    lits: dict[ArcKey, cp_model.IntVar],
) -> None:
    """Give CP-SAT a complete heuristic schedule (sequences index into `batches`) as its first solution."""
    ev = evaluate(sequences, batches, slots)
    on_slot: dict[int, int] = {}
    for s_idx, seq in sequences.items():
        ids = [batches[i].id for i in seq]
        for pos, bid in enumerate(ids):
            on_slot[bid] = s_idx
            _, t_start, t_end = ev.times[seq[pos]]
            m.add_hint(start[bid], t_start)
            m.add_hint(end[bid], t_end)
            m.add_hint(late[bid], max(0, t_end - batches[seq[pos]].deadline_min))
        if ids:
            m.add_hint(lits[("first", s_idx, ids[0])], 1)
            m.add_hint(lits[("last", s_idx, ids[-1])], 1)
        for a, c in zip(ids, ids[1:]):
            m.add_hint(lits[("arc", s_idx, a, c)], 1)
    for key, lit in lits.items():
        kind, on = key[0], sequences.get(int(key[1]))
        if kind == "empty":
            m.add_hint(lit, 0 if on else 1)
        elif kind == "first" and not (on and batches[on[0]].id == key[2]):
            m.add_hint(lit, 0)
        elif kind == "last" and not (on and batches[on[-1]].id == key[2]):
            m.add_hint(lit, 0)
    pairs = {(s, batches[a].id, batches[c].id) for s, seq in sequences.items() for a, c in zip(seq, seq[1:])}
    for key, lit in lits.items():
        if key[0] == "arc" and (key[1], key[2], key[3]) not in pairs:
            m.add_hint(lit, 0)
    for (bid, s_idx), x in pres.items():
        m.add_hint(x, 1 if on_slot.get(bid) == s_idx else 0)
    m.add_hint(makespan, ev.makespan_min)
