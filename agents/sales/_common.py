"""Helpers shared by the sales tools: branch labels and series selection."""

from __future__ import annotations

from agents.contracts import Slots
from tools.company.catalog import BRANCH_BY_ID, GROUP_NAMES


def branch_label(branch: str) -> str:
    """German label of a branch id or 'alle' (chain total)."""
    return (
        "alle Filialen zusammen"
        if branch == "alle"
        else BRANCH_BY_ID[branch].name
        if branch in BRANCH_BY_ID
        else branch
    )


def selection(slots: Slots, default_items: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(branches, items, notes on defaults used): products, else groups ('gruppe:x'), else the defaults;
    no branch -> the chain total ('alle')."""
    notes: list[str] = []
    valid = [b for b in slots.branches if b in BRANCH_BY_ID]
    branches = valid or ["alle"]
    if not valid:
        notes.append("keine Filiale genannt – ich rechne für alle Filialen zusammen")
    if slots.products:
        items = list(dict.fromkeys(slots.products))
    elif slots.groups:
        items = [f"gruppe:{g}" for g in dict.fromkeys(slots.groups) if g in GROUP_NAMES]
    else:
        items = default_items
    return branches, items, notes
