"""Helpers shared by the sales tools: German number formats, branch messages, series selection."""
from __future__ import annotations

from datetime import date

from agents.contracts import AgentReply, Slots
from tools.company.catalog import BRANCH_BY_ID, BRANCHES, GROUP_NAMES

WD = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


def fmt_int(x: float) -> str:
    """1234.6 -> '1.235'."""
    return f"{round(x):,}".replace(",", ".")


def fmt_pct(x: float, signed: bool = True) -> str:
    """12.34 -> '+12,3 %'."""
    s = f"{x:+.1f}" if signed else f"{x:.1f}"
    return s.replace(".", ",") + " %"


def fmt_day(d: date) -> str:
    """'Sa 28.11.2026'."""
    return f"{WD[d.weekday()]} {d:%d.%m.%Y}"


def branch_label(branch: str) -> str:
    """German label of a branch id or 'alle' (chain total)."""
    return "alle Filialen zusammen" if branch == "alle" else BRANCH_BY_ID[branch].name if branch in BRANCH_BY_ID else branch


def unknown_branch_reply(place: str, tool: str) -> AgentReply:
    """German message for a place that is no branch, listing our branches."""
    names = ", ".join(b.name for b in BRANCHES)
    return AgentReply(text=f"„{place}“ ist keine Filiale von Korn & Kruste. Unsere Filialen sind: {names}. "
                           "Für welche Filiale soll ich rechnen? Ohne Angabe rechne ich für alle Filialen zusammen.",
                      tools_called=[tool], data={"error": "unknown_branch", "place": place})


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
