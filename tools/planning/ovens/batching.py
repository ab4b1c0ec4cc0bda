"""Cut the day's pieces per product into rack-sized and deck-sized batches with their earliest deadline."""

from __future__ import annotations

import math
from collections import defaultdict

from tools.company.catalog import PRODUCTS
from tools.planning.common import PlanItem
from tools.planning.ovens.models import Batch, BatchKind, Slot

SMALL_BATCH_TARGET_MIN = 120  # a deck batch is as many deck loads as fit into about two hours


def build_batches(items: list[PlanItem], deadlines: dict[tuple[str, str], int], slots: list[Slot]) -> list[Batch]:
    """Cut each product's pieces (in deadline order) into rack-sized or deck-sized batches.

    `deadlines` maps (branch, product) to the minute the goods must be out of the oven.

    Rule for the split (documented heuristic): products with the shortest bake times fill the
    large slots (racks, loads at least a third full) while the racks' minutes stay below the
    decks' minutes per deck, as bakeries do with rolls and pastries; the rest is cut into deck batches of
    about SMALL_BATCH_TARGET_MIN minutes (whole deck loads).
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
        loads = max(1, SMALL_BATCH_TARGET_MIN // product.recipe.bake_minutes)
        sizes = _chunks(big_pieces, big * per_tray) + _chunks(
            sum(q for _, _, q in stream) - big_pieces, small * loads * per_tray
        )
        kinds: list[BatchKind] = ["big"] * len(_chunks(big_pieces, big * per_tray))
        kinds += ["small"] * (len(sizes) - len(kinds))
        pos = 0
        for size, kind in zip(sizes, kinds):
            members: list[str] = []
            due, due_branch, need = 10**9, "", size
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
            batches.append(
                Batch(
                    id=len(batches),
                    product=product.id,
                    kind=kind,
                    trays=math.ceil(size / per_tray),
                    pieces=size,
                    temperature_c=product.recipe.temperature_c,
                    bake_minutes=product.recipe.bake_minutes,
                    deadline_min=due,
                    deadline_branch=due_branch,
                    branches=members,
                )
            )
    return batches


def _chunks(total: int, size: int) -> list[int]:
    """Split total into pieces of at most size (all full except the last)."""
    return [min(size, total - k) for k in range(0, total, size)] if total > 0 else []
