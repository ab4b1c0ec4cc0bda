"""Decks and racks as slots: start minute, bake duration, changeover minutes and which batch fits where."""

from __future__ import annotations

import math

from tools.company.models import Oven
from tools.planning.common import hhmm_to_min
from tools.planning.ovens.models import Batch, Slot


def start_minute(oven: Oven) -> int:
    """Oven start relative to midnight of the delivery day (after noon = the evening before)."""
    minute = hhmm_to_min(oven.start_time)
    return minute - 24 * 60 if minute >= 12 * 60 else minute


def slots_of(ovens: list[Oven]) -> list[Slot]:
    """Flatten ovens into slots."""
    return [
        Slot(
            oven=o.id,
            id=s,
            trays=o.trays_per_slot,
            max_temp_c=o.max_temp_c,
            rate_per_10c=o.changeover_min_per_10c,
            release_min=start_minute(o),
        )
        for o in ovens
        for s in o.slots
    ]


def duration(batch: Batch, slot: Slot) -> int:
    """Minutes the batch occupies the slot (several loads on a small deck)."""
    return math.ceil(batch.trays / slot.trays) * batch.bake_minutes


def setup(t_from: int, t_to: int, slot: Slot) -> int:
    """Changeover minutes between two temperatures on a slot."""
    return math.ceil(abs(t_from - t_to) / 10 * slot.rate_per_10c) if t_from != t_to else 0


def max_setup(batches: list[Batch], slots: list[Slot]) -> int:
    """The longest changeover between any two batches on any slot."""
    return max((setup(a.temperature_c, b.temperature_c, s) for s in slots for a in batches for b in batches), default=0)


def size_class(slots: list[Slot]) -> int | None:
    """Trays of the largest slots when slot sizes differ (racks vs decks), else None."""
    sizes = {s.trays for s in slots}
    return max(sizes) if len(sizes) > 1 else None


def fits(batch: Batch, slot: Slot, big: int | None = None) -> bool:
    """Temperature limit and size class: rack batches on racks, deck batches on decks."""
    if big is not None and (batch.kind == "big") != (slot.trays == big):
        return False
    return slot.max_temp_c >= batch.temperature_c
