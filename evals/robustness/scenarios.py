"""Shared by the robustness evaluation and its tests: a money scanner and the parallel-conversation scenario."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

EURO = re.compile(r"\d[\d.,]*\s*(?:€|EUR\b|Euro\b)|€\s*\d", re.IGNORECASE)
MONEY_KEY = re.compile(
    r"_eur$|price|preis|cost|kosten|margin|marge|revenue|umsatz|profit|gewinn|balance|"
    r"kontostand|budget|critical_ratio",
    re.IGNORECASE,
)


def money_keys(value: Any, path: str = "") -> list[str]:
    """Every key in a JSON-like value that names a money figure."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if MONEY_KEY.search(str(k)):
                found.append(f"{path}.{k}")
            found += money_keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += money_keys(v, f"{path}[{i}]")
    return found


def euro_amounts(value: Any) -> list[str]:
    """Every euro amount written anywhere in a text or JSON-like value."""
    if isinstance(value, dict):
        return [a for v in value.values() for a in euro_amounts(v)]
    if isinstance(value, list):
        return [a for v in value for a in euro_amounts(v)]
    return EURO.findall(value) if isinstance(value, str) else []


# (question, text its answer must contain)
HANDBOOK = [
    ("Wie hoch ist der Nachtzuschlag?", "25 %"),
    ("Wie viele Urlaubstage habe ich?", "28 Arbeitstage"),
    ("Wann macht die Filiale in Havelberg sonntags auf?", "8:00–11:00"),
    ("Wie lange dauert meine Pause bei 8 Stunden Arbeit?", "Minuten"),
]
# (question, product, branch) – every plan must be for its own product and branch
PLANS = [
    ("Wie viele Roggenbrote sollen wir morgen am Stendaler Bahnhof backen?", "roggenbrot", "stendal_bahnhof"),
    ("Wie viele Laugenbrezeln backen wir morgen in Gardelegen?", "laugenbrezel", "gardelegen"),
    ("Wie viele Schrippen sollen wir morgen in Tangermünde backen?", "schrippe", "tangermuende"),
    ("Wie viele Dinkelbrote backen wir morgen in Salzwedel?", "dinkelbrot", "salzwedel"),
    ("Wie viele Buttercroissants sollen wir morgen in Havelberg backen?", "buttercroissant", "havelberg"),
]


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and what its answer must show."""

    text: str
    tool: str
    marker: str = ""
    product: str = ""
    branch: str = ""


def conversation(i: int) -> list[Turn]:
    """Conversation i: a handbook question, a production plan, help – each with a distinct expected answer."""
    question, marker = HANDBOOK[i % len(HANDBOOK)]
    plan, product, branch = PLANS[i % len(PLANS)]
    return [
        Turn(question, "onboarding_qa", marker=marker),
        Turn(plan, "production_plan", product=product, branch=branch),
        Turn("Hilfe", "help", marker="Produktionsplan"),
    ]


def cold_start() -> None:
    """Forget what the first turns of a process build (the expensive models stay warm, on disk or in memory):
    the knowledge-base client, the handbook sync, the planner's tables and the compiled graph."""
    from agents.service import get_graph
    from tools.production import plan
    from tools.rag import store
    from tools.rag.sync import forget_synced

    for client in store._OWNED.values():
        client.close()
    store._OWNED.clear()
    forget_synced()
    with plan._lock, plan._hist_lock:
        plan._memo.clear()  # the demand model comes back from its pickle, its residual table not yet built
        plan._hist_memo.clear()
    get_graph.cache_clear()


__all__ = ["HANDBOOK", "PLANS", "Turn", "cold_start", "conversation", "euro_amounts", "money_keys"]
