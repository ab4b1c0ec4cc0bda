"""Crates needed per branch: pieces per standard bakery crate (60 x 40 cm) by product group.

Documented assumption for a 60 x 40 x 19 cm crate: rolls (about 8.5 cm) 28 per layer in
about three layers -> 80; loaves 14 in two layers; croissants/pastries 36; cake pieces one
layer on two boards -> 16 (Konditorei) / 24 (Blechkuchen); seasonal goods 20.
Each product group is packed in its own crates.
"""

from __future__ import annotations

import math
from collections import defaultdict

from tools.company.catalog import PRODUCT_BY_ID
from tools.planning.common import PlanItem

PIECES_PER_CRATE: dict[str, int] = {
    "brot": 14,
    "broetchen": 80,
    "feingebaeck": 36,
    "konditorei": 16,
    "kuchen": 24,
    "saison": 20,
}


def crates_per_branch(items: list[PlanItem]) -> dict[str, int]:
    """Crates per branch id, rounded up per product group."""
    pieces: dict[tuple[str, str], int] = defaultdict(int)
    for item in items:
        pieces[(item.branch, PRODUCT_BY_ID[item.product].group)] += item.quantity
    crates: dict[str, int] = defaultdict(int)
    for (branch, group), count in pieces.items():
        crates[branch] += math.ceil(count / PIECES_PER_CRATE[group])
    return dict(crates)
