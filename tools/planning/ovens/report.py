"""Turn fixed sequences into the reported plan: clock times, lateness, missing oven hours, gap."""

from __future__ import annotations

from tools.company.catalog import PRODUCT_BY_ID
from tools.company.models import Oven
from tools.planning.common import min_to_hhmm
from tools.planning.ovens.evaluate import evaluate, horizon_of, objective_of, weights
from tools.planning.ovens.models import Batch, Job, Method, OvenInfo, OvenPlan, Sequences, Slot
from tools.planning.status import OvenStatus


def make_plan(
    sequences: Sequences,
    batches: list[Batch],
    slots: list[Slot],
    ovens: list[Oven],
    *,
    status: OvenStatus,
    method: Method,
    seconds: float,
    objective: int = 0,
    bound: int = 0,
    makespan_bound_min: int = 0,
    changeover_bound_min: int = 0,
) -> OvenPlan:
    """Report fixed sequences: left-justified times, lateness, missing oven hours, gap.

    A late or unbakeable batch makes the status "infeasible", no batch "empty"; for CP-SAT the
    objective is that of the reported schedule unless a smaller one is given."""
    ev = evaluate(sequences, batches, slots)
    jobs: list[Job] = []
    late_products: list[str] = []
    missing = 0
    for b_idx, (s_idx, t_start, t_end) in sorted(ev.times.items(), key=lambda kv: (kv[1].start, kv[1].slot)):
        b, slot = batches[b_idx], slots[s_idx]
        late_min = max(0, t_end - b.deadline_min)
        if late_min:
            missing += min(late_min, t_end - t_start)
            name = PRODUCT_BY_ID[b.product].name
            if name not in late_products:
                late_products.append(name)
        jobs.append(
            Job(
                product=b.product,
                name=PRODUCT_BY_ID[b.product].name,
                oven=slot.oven,
                slot=slot.id,
                start=min_to_hhmm(t_start),
                end=min_to_hhmm(t_end),
                trays=b.trays,
                pieces=b.pieces,
                temperature_c=b.temperature_c,
                branch_deadline=min_to_hhmm(b.deadline_min),
                branch=b.deadline_branch,
                late_min=late_min,
                start_min=t_start,
                end_min=t_end,
            )
        )
    unbakeable = sorted({PRODUCT_BY_ID[b.product].name for i, b in enumerate(batches) if i not in ev.times})
    if sequences and (ev.total_late_min or unbakeable):
        status = "infeasible"
    if not batches:
        status = "empty"
    first = min((s.release_min for s in slots), default=0)
    if method == "cp-sat" and sequences:
        baked = [b for i, b in enumerate(batches) if i in ev.times]
        w = weights(baked, slots, horizon_of(baked, slots))
        objective = min(objective, objective_of(ev, w)) if objective else objective_of(ev, w)
    gap = (objective - bound) / objective if objective and bound else 0.0
    return OvenPlan(
        status=status,
        makespan_min=ev.makespan_min,
        first_start=min_to_hhmm(first),
        last_end=min_to_hhmm(first + ev.makespan_min),
        changeovers=ev.changeovers,
        changeover_min=ev.changeover_min,
        total_late_min=ev.total_late_min,
        max_late_min=ev.max_late_min,
        missing_oven_hours=round(missing / 60, 2),
        late_products=late_products,
        unbakeable=unbakeable,
        ovens=[OvenInfo(id=o.id, name=o.name, kind=o.kind, slots=list(o.slots)) for o in ovens],
        jobs=jobs,
        objective=objective,
        bound=bound,
        gap=round(max(0.0, gap), 4),
        makespan_bound_min=makespan_bound_min,
        changeover_bound_min=changeover_bound_min,
        solve_time_s=round(seconds, 3),
        method=method,
    )
