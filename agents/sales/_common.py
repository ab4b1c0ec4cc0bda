"""Helpers shared by the sales tools: branch labels and series selection."""

from __future__ import annotations

import re

from agents.contracts import Slots
from agents.names import branch_name
from agents.nlu.normalize import fold, latest_question
from agents.own_goods import own_products_named
from tools.company.catalog import BRANCH_BY_ID, GROUP_NAMES


def branch_label(branch: str) -> str:
    """German label of a branch id or 'alle' (chain total)."""
    return "alle Filialen zusammen" if branch == "alle" else branch_name(branch)


# "in allen Filialen", "die ganze Kette": the chain total, asked for beside a named branch ("… davon in Stendal")
_CHAIN = re.compile(
    r"\b(?:alle[nm]?|saemtliche[nm]?|(?:die |der )?ganzen?) (?:unsere[nm]? )?(?:filialen|laeden|standorte|geschaefte)\b"
    r"|\b(?:ganze[nm]?|gesamte[nm]?) (?:kette|unternehmen|firma)\b"
)


def names_chain(text: str) -> bool:
    """True when the request names the whole chain ("in allen Filialen", "die ganze Kette")."""
    return _CHAIN.search(fold(text)) is not None


_PER_BRANCH = re.compile(r"\b(?:je|pro|jede|jeder|jeweils|einzeln|nach)\s+(?:der\s+|einzelnen\s+)?filiale[n]?\b")


def per_branch(text: str) -> bool:
    """True when the question wants each branch on its own („je Filiale“, „pro Filiale“, „nach Filialen“)."""
    return bool(_PER_BRANCH.search(fold(latest_question(text or ""))))


def selection(slots: Slots, default_items: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(branches, items, notes on defaults used): products, else groups ('gruppe:x'), else the defaults;
    no branch -> the chain total ('alle'); the chain and named branches ("in allen Filialen und davon in
    Stendal") -> 'alle' first, then the branches as its parts."""
    notes: list[str] = []
    valid = [b for b in slots.branches if b in BRANCH_BY_ID]
    branches = ["alle", *valid] if valid and names_chain(slots.text) else valid or ["alle"]
    if not valid and per_branch(slots.text):  # „je Filiale“ (trial 30): every branch on its own, not the total
        branches = list(BRANCH_BY_ID)
        notes.append("je Filiale gerechnet, wie gefragt")
    elif not valid:
        notes.append("keine Filiale genannt – ich rechne für alle Filialen zusammen")
    own = own_products_named(slots)  # her „Brötchen“ on her own export is her product, not the demo group
    if own:
        items = own
    elif slots.products:
        items = list(dict.fromkeys(slots.products))
    elif slots.groups:
        items = [f"gruppe:{g}" for g in dict.fromkeys(slots.groups) if g in GROUP_NAMES]
    else:
        items = default_items
    return branches, items, notes
