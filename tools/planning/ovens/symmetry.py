"""Symmetry breaking for CP-SAT (interchangeable decks and batches) and the matching renumbering of a start schedule.

Each rule keeps at least one optimal schedule; the renumbering turns any schedule into one that obeys the rules
with the same times, so that a heuristic start stays a valid hint."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from tools.planning.ovens.evaluate import evaluate
from tools.planning.ovens.models import Batch, Sequences, Slot
from tools.planning.ovens.slots import duration, fits


def slot_groups(slots: list[Slot]) -> list[list[int]]:
    """Indices of interchangeable slots (same oven parameters and start)."""
    groups: dict[tuple[int, int, float, int], list[int]] = defaultdict(list)
    for i, s in enumerate(slots):
        groups[(s.trays, s.max_temp_c, s.rate_per_10c, s.release_min)].append(i)
    return list(groups.values())


def identical_slot_rule(batches: list[Batch], slots: list[Slot], big: int | None) -> set[tuple[int, int]]:
    """Symmetry breaking over interchangeable decks: the k-th eligible batch may use only the first k+1 of them.

    Valid because decks can be renumbered by the smallest batch they bake."""
    allowed: set[tuple[int, int]] = set()
    for group in slot_groups(slots):
        eligible = [b for b in batches if fits(b, slots[group[0]], big)]
        for pos, b in enumerate(eligible):
            allowed.update((b.id, s_idx) for s_idx in group[: pos + 1])
    return allowed


def canonical(sequences: Sequences, batches: list[Batch], slots: list[Slot], big: int | None) -> Sequences:
    """Renumber interchangeable slots of a schedule so that it obeys `identical_slot_rule`."""
    out = dict(sequences)
    for group in slot_groups(slots):
        eligible = {b.id: pos for pos, b in enumerate(b for b in batches if fits(b, slots[group[0]], big))}
        seqs = [sequences.get(s, []) for s in group]
        seqs.sort(key=lambda seq: min((eligible[batches[i].id] for i in seq), default=10**9))
        for s_idx, seq in zip(group, seqs):
            out[s_idx] = seq
    return out


def _interchangeable(batches: list[Batch], slots: list[Slot], big: int | None) -> list[list[int]]:
    """Groups of batch indices with the same temperature and minutes on every slot, in deadline order."""
    groups: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for i, b in enumerate(batches):
        groups[(b.temperature_c, tuple(duration(b, s) if fits(b, s, big) else -1 for s in slots))].append(i)
    return [sorted(g, key=lambda i: (batches[i].deadline_min, batches[i].id)) for g in groups.values() if len(g) > 1]


def break_symmetry(
    m: cp_model.CpModel, batches: list[Batch], start: dict[int, cp_model.IntVar], slots: list[Slot], big: int | None
) -> None:
    """Interchangeable batches start in deadline order.

    They can swap places without changing any time (e.g. a full and a half rack of rolls), and
    the earlier deadline first never raises the largest lateness: one optimal schedule keeps this order."""
    for group in _interchangeable(batches, slots, big):
        for a, c in zip(group, group[1:]):
            m.add(start[batches[a].id] <= start[batches[c].id])


def deadline_order(sequences: Sequences, batches: list[Batch], slots: list[Slot], big: int | None) -> Sequences:
    """Swap interchangeable batches of a schedule so that it obeys `break_symmetry` (same times)."""
    times = evaluate(sequences, batches, slots).times
    out = {s: list(seq) for s, seq in sequences.items()}
    for group in _interchangeable(batches, slots, big):
        placed = [i for i in group if i in times]
        spots = sorted((times[i].start, times[i].slot, out[times[i].slot].index(i)) for i in placed)
        for i, (_, s_idx, pos) in zip(placed, spots):
            out[s_idx][pos] = i
    return out
