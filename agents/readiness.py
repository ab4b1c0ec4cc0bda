"""Domain agent `readiness` (placeholder until its issue lands)."""
from __future__ import annotations

from agents.contracts import AgentReply, Slots, TurnContext, not_available


def run(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    """Answer a routed request for one of this agent's tools."""
    return not_available(tool, tool)
