"""Times and objective of fixed sequences, and the weights that make the weighted objective lexicographic."""

from __future__ import annotations

from pydantic import BaseModel

from tools.planning.ovens.models import Batch, Evaluation, Placement, Sequences, Slot
from tools.planning.ovens.slots import duration, max_setup, setup


class Weights(BaseModel):
    """Factors of max lateness and makespan in the weighted objective (changeover minutes count 1)."""

    late: int
    makespan: int


def weights(batches: list[Batch], slots: list[Slot], horizon: int) -> Weights:
    """Weights that make the weighted sum lexicographic: max lateness > makespan > changeovers."""
    w_mk = max_setup(batches, slots) * max(1, len(batches)) + 1
    return Weights(late=w_mk * (horizon + 1) + 1, makespan=w_mk)


def horizon_of(batches: list[Batch], slots: list[Slot]) -> int:
    """An end time no optimal schedule exceeds."""
    start = min((s.release_min for s in slots), default=0)
    work = sum(max(duration(b, s) for s in slots) for b in batches)
    return max(s.release_min for s in slots) + work + max_setup(batches, slots) * len(batches) + 1 if slots else start


def evaluate(sequences: Sequences, batches: list[Batch], slots: list[Slot]) -> Evaluation:
    """Left-justified times of fixed sequences per slot and the objective parts."""
    times: dict[int, Placement] = {}
    changeovers = changeover_min = 0
    for s_idx, seq in sequences.items():
        slot, t = slots[s_idx], slots[s_idx].release_min
        temp: int | None = None
        for b in seq:
            batch = batches[b]
            if temp is not None and temp != batch.temperature_c:
                changeovers += 1
                gap = setup(temp, batch.temperature_c, slot)
                changeover_min += gap
                t += gap
            times[b] = Placement(s_idx, t, t + duration(batch, slot))
            t, temp = t + duration(batch, slot), batch.temperature_c
    first = min((s.release_min for s in slots), default=0)
    makespan = max((p.end for p in times.values()), default=first) - first
    late = [max(0, times[b].end - batches[b].deadline_min) for b in times]
    return Evaluation(
        times=times,
        makespan_min=makespan,
        changeovers=changeovers,
        changeover_min=changeover_min,
        total_late_min=sum(late),
        max_late_min=max(late, default=0),
    )


def objective_of(ev: Evaluation, w: Weights) -> int:
    """The weighted objective of an evaluated schedule (orders schedules like `Evaluation.lexi`)."""
    return w.late * ev.max_late_min + w.makespan * ev.makespan_min + ev.changeover_min
