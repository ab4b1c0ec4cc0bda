"""Crates needed per branch: pieces per standard bakery crate (60 x 40 cm) by product group.

Documented assumption (one layer per crate for cakes, stacked loaves/rolls otherwise):
brot 10 loaves, broetchen 60 rolls, feingebaeck 30 pieces, konditorei 12 cake pieces,
kuchen 20 pieces, saison 15 pieces. Each group is packed in its own crates.
"""
from __future__ import annotations

import math
from collections import defaultdict

from tools.company.catalog import PRODUCT_BY_ID
from tools.planning.common import PlanItem

PIECES_PER_CRATE: dict[str, int] = {
    "brot": 10, "broetchen": 60, "feingebaeck": 30, "konditorei": 12, "kuchen": 20, "saison": 15,
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
