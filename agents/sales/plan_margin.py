"""„Warum so viele?“ right after a production plan: why the plan bakes more than the forecast expects (the margin of
a sold piece against the loss on a leftover one), said before the demand drivers explain the forecast itself."""

from __future__ import annotations

from agents.contracts import Slots
from agents.names import branch_name, product_name
from agents.operations.common import products_asked
from tools.format_de import eur, integer, num, share


def plan_margin_sentence(slots: Slots, money: bool) -> str | None:
    """One or two sentences on the plan's amount against its forecast for the day and goods of `slots`; None when
    there is no plan for them (a closed day, no day)."""
    from tools.production.plan import plan_day

    if slots.dates is None:
        return None
    plan = plan_day(slots.dates.start, slots.branches or None, products_asked(slots))
    items = [i for i in plan.items if i.quantity > 0]
    if not items:
        return None
    baked, expected = sum(i.quantity for i in items), sum(i.forecast for i in items)
    if len(items) == 1:
        i = items[0]
        what = f"{integer(i.quantity)} Stück {product_name(i.product)} in {branch_name(i.branch)}"
        head = f"Der Plan sieht {what} vor, erwartet sind {integer(i.forecast)}"
        gain, loss = i.price_eur - i.cost_eur, max(i.cost_eur - i.salvage_eur, 0.0)
        why = (
            f": Ein verkauftes Stück bringt {eur(gain, cents=True)} Rohertrag, ein übrig gebliebenes kostet "
            f"{eur(loss, cents=True)}"
            if money
            else ": Ein fehlendes Stück kostet mehr als ein übrig gebliebenes"
        )
        return (
            f"{head}{why} – deshalb wird so viel gebacken, dass die Ware mit {share(1 - i.sellout_prob, 0)} "
            f"Wahrscheinlichkeit reicht; rund {num(i.expected_returns)} Stück Retoure sind dabei eingeplant."
        )
    low, high = min(1 - i.sellout_prob for i in items), max(1 - i.sellout_prob for i in items)
    returns = sum(i.expected_returns for i in items)
    spread = share(low, 0) if round(low, 2) == round(high, 2) else f"{share(low, 0)} bis {share(high, 0)}"
    return (
        f"Der Plan sieht {integer(baked)} Stück vor, erwartet sind {integer(expected)}: Ein fehlendes Stück kostet "
        f"den Rohertrag, ein übrig gebliebenes nur die Herstellkosten – deshalb wird je Artikel so viel gebacken, "
        f"dass die Ware mit {spread} Wahrscheinlichkeit reicht; rund {integer(returns)} Stück Retoure sind eingeplant."
    )
