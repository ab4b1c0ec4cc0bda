"""Arguments any tool may take from an LLM; the model copies words from the request, our parsers resolve them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from agents.contracts import Slots
from agents.nlu.slots import extract_slots


class ToolArgs(BaseModel):
    """Arguments any tool may take; the model copies words from the request, we resolve them."""

    date_expression: str | None = Field(
        None, description="Zeitangabe wörtlich aus der Anfrage, z. B. 'morgen', 'am 2. Advent'"
    )
    products: list[str] = Field(default_factory=list, description="Produkte wörtlich, z. B. 'Schrippen', 'Stollen'")
    branches: list[str] = Field(default_factory=list, description="Filialen/Orte wörtlich, z. B. 'Stendal'")
    amounts_eur: list[float] = Field(default_factory=list, description="Eurobeträge in der Reihenfolge der Anfrage")
    percent: float | None = Field(None, description="Prozentänderung, negativ bei Rückgang")
    question: str | None = Field(None, description="die eigentliche Frage in eigenen Worten")


def to_slots(text: str, args: ToolArgs, today: date) -> Slots:
    """Merge the model's arguments into slots from our own parsers; our parsers win on conflicts."""
    base = extract_slots(text, today)
    extra_text = " ".join([args.date_expression or "", *args.products, *args.branches])
    extra = extract_slots(extra_text, today) if extra_text.strip() else None
    if extra is not None:
        base.dates = base.dates or extra.dates
        base.products = base.products or extra.products
        base.branches = base.branches or extra.branches
        base.unknown_branch = base.unknown_branch or extra.unknown_branch
    if not base.amounts_eur and args.amounts_eur:
        base.amounts_eur = [float(a) for a in args.amounts_eur if a >= 0]
        base.amount_eur = base.amounts_eur[0] if base.amounts_eur else None
    if base.percent is None and args.percent is not None and -100 <= args.percent <= 500:
        base.percent = float(args.percent)
    return base
