"""The LLM chooses tools (only the role's) with validated arguments; any failure returns None → fallback."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from agents.contracts import Slots
from agents.llm.args import ToolArgs, to_slots
from agents.llm.schemas import tool_spec
from agents.nlu.followup import LastRequest
from agents.nlu.router import RouteDecision, Router
from agents.registry import TOOLS, agent_of, routable_tools
from agents.state import ChatTurn

log = logging.getLogger(__name__)
MAX_CALLS = 3

SYSTEM = (
    "Du bist der Supervisor des synerKI Assistenten einer Bäckerei. Wähle für die Anfrage des Nutzers "
    "genau das passende Werkzeug (oder eine kurze Kette, z. B. forecast dann production_plan). "
    "Rechne nie selbst, erfinde keine Zahlen, antworte nur mit Werkzeugaufrufen. "
    "Übernimm Zeitangaben, Produkte und Orte wörtlich aus der Anfrage."
)


class PlannedCall(BaseModel):
    tool: str
    slots: Slots


def _validated(msg: AIMessage, allowed: frozenset[str], text: str, today: date) -> list[PlannedCall] | None:
    if getattr(msg, "invalid_tool_calls", None):
        log.warning("LLM lieferte fehlerhafte Werkzeugaufrufe: %s", msg.invalid_tool_calls)
        return None
    calls: list[PlannedCall] = []
    for call in (msg.tool_calls or [])[:MAX_CALLS]:
        name = call.get("name")
        if name not in allowed or name not in TOOLS:
            log.warning("LLM rief unbekanntes oder nicht erlaubtes Werkzeug %r", name)
            return None
        try:
            args = ToolArgs.model_validate(call.get("args") or {})
        except ValidationError as exc:
            log.warning("LLM-Argumente ungültig für %s: %s", name, exc)
            return None
        calls.append(PlannedCall(tool=name, slots=to_slots(text, args, today)))
    return calls or None


def _last_call(last: LastRequest) -> str:
    """The previous tool call as the model should see it (so "Und am Sonntag?" keeps product and branch)."""
    s = last.slots
    args = {
        "products": s.products,
        "groups": s.groups,
        "branches": s.branches,
        "dates": f"{s.dates.start.isoformat()}..{s.dates.end.isoformat()}" if s.dates else None,
        "amounts_eur": s.amounts_eur,
        "percent": s.percent,
        "months": s.months,
    }
    shown = ", ".join(f"{k}={v}" for k, v in args.items() if v not in (None, []))
    return (
        f" Der vorige Werkzeugaufruf war {last.tool}({shown}) zur Anfrage „{s.text}“. Eine Rückfrage, die nur "
        "einen Teil nennt (z. B. „Und am Sonntag?“), ruft dasselbe Werkzeug mit den übrigen Angaben auf; "
        "„Warum?“ nach einer Prognose fragt demand_drivers mit denselben Angaben."
    )


def plan(
    model: BaseChatModel,
    text: str,
    allowed: frozenset[str],
    today: date,
    history: Sequence[ChatTurn] | None = None,
    last: LastRequest | None = None,
) -> list[PlannedCall] | None:
    """Tool calls chosen by the model among `allowed`, or None when the model failed in any way; `last` is the
    thread's previous tool call, so a follow-up keeps its arguments."""
    # tools triggered by attachments or buttons (data_import, alerts) are never chosen from words
    tools = [tool_spec(t) for t in sorted(allowed & routable_tools())]
    context = _last_call(last) if last is not None else ""
    messages: list[Any] = [SystemMessage(SYSTEM + f" Heute ist der {today.isoformat()}." + context)]
    for turn in (history or [])[-6:]:
        if turn["role"] == "user":
            messages.append(HumanMessage(turn["content"]))
        else:
            messages.append(AIMessage(turn["content"]))
    messages.append(HumanMessage(text))
    try:
        msg = model.bind_tools(tools).invoke(messages)
    except Exception as exc:  # noqa: BLE001 - any LLM failure (connection refused, HTTP error, timeout, no tool support …) falls back to the embedded mode
        log.warning("LLM-Aufruf fehlgeschlagen (%s) – eingebetteter Modus für diese Runde", type(exc).__name__)
        return None
    if not isinstance(msg, AIMessage):
        return None
    return _validated(msg, allowed, text, today)


class LLMRouter:
    """Router protocol on top of the planner (for `synerki route` and the routing evaluation)."""

    def __init__(self, model: BaseChatModel, fallback: Router, today: date) -> None:
        self.model, self.fallback, self.today = model, fallback, today

    def route(self, text: str) -> RouteDecision:
        calls = plan(self.model, text, routable_tools(), self.today)
        if not calls:
            return self.fallback.route(text)
        tool = calls[0].tool
        return RouteDecision(agent=agent_of(tool), tool=tool, confidence=1.0)
