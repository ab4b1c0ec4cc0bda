"""A small money remark about the till or the budget („letzte Woche 7 Euro zu viel in der Kasse“) is no request for
the production plan: „zu viel“ there is money, not goods. The till's rules are in the handbook, the budget is the
budget forecast's."""

from __future__ import annotations

import re

from agents.nlu.normalize import fold

# tools that plan goods (a money remark never starts one), and the unsure fallbacks (help, small talk): the remark's
# own topic answers instead of asking back
PLANNING_TOOLS = frozenset({"production_plan", "oven_schedule", "delivery_routes", "offers", "help", "smalltalk"})
_AMOUNT = re.compile(r"(?:\d+(?:[.,]\d+)?\s*(?:€|euro|eur|cent|ct)\b|\b(?:euro|cent)\b|€)")
_TILL = re.compile(
    r"\b(?:\w*kasse[n]?|kassen\w*|\w*kassen(?:bestand|stand|sturz|abschluss|differenz\w*)|wechselgeld|bargeld"
    r"|trinkgeld\w*|tresor|geldbeutel|portemonnaie|kassierer\w*|bon|quittung\w*)\b"
)
_BUDGET = re.compile(r"\b(?:budget\w*|etat\w*|haushaltsplan\w*|kostenplan\w*)\b")


def money_remark(text: str) -> str | None:
    """'till' or 'budget' when the message names an amount of money together with the till or the budget; None
    otherwise (goods „zu viel“ stay the plan's)."""
    t = fold(text)
    if not _AMOUNT.search(text.lower()) and not _AMOUNT.search(t):
        return None
    if _TILL.search(t):
        return "till"
    if _BUDGET.search(t):
        return "budget"
    return None


def money_remark_tool(planned: str, text: str) -> str | None:
    """The tool a money remark belongs to when the router read it as a planning tool (`planned`); None else."""
    if planned not in PLANNING_TOOLS:
        return None
    kind = money_remark(text)
    return None if kind is None else "onboarding_qa" if kind == "till" else "budget_forecast"
