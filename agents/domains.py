"""Dispatch a routed tool call to its domain agent module `agents/<agent>/<tool>.py`."""
from __future__ import annotations

import importlib
import logging

from agents.contracts import TOOL_AGENT, AgentReply, Slots, TurnContext, not_available

log = logging.getLogger(__name__)

TOOL_TITLES: dict[str, str] = {
    "forecast": "Absatzprognose", "demand_drivers": "Nachfragetreiber",
    "production_plan": "Produktionsplan", "oven_schedule": "Ofenbelegung",
    "delivery_routes": "Lieferrouten", "quality_check": "Qualitätskontrolle per Foto",
    "onboarding_qa": "Fragen zum Mitarbeiterhandbuch", "staffing": "Personalbedarf",
    "recruiting_campaign": "Recruiting-Kampagne", "budget_forecast": "Budgetprognose",
    "liquidity": "Liquiditätsplan", "investment": "Investitionsrechnung",
    "interview": "KI-Readiness-Interview", "strategy": "KI-Strategie",
    "overview": "Gesamtüberblick", "help": "Hilfe", "smalltalk": "Smalltalk",
    "out_of_scope": "Außerhalb meines Aufgabenbereichs", "data_import": "Eigene Verkaufsdaten hochladen",
}


def run_domain_tool(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    """Run `tool` in its agent module; a module that does not exist yet answers honestly."""
    agent = TOOL_AGENT[tool]
    try:
        module = importlib.import_module(f"agents.{agent}.{tool}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(f"agents.{agent}"):
            return not_available(tool, TOOL_TITLES[tool])
        raise
    reply: AgentReply = module.run(slots, ctx)
    if tool not in reply.tools_called:
        reply.tools_called.insert(0, tool)
    return reply
