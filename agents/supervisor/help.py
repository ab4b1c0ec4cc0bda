"""`help`: what the user's role can ask, with examples."""

from __future__ import annotations

from agents.contracts import AgentReply, Slots, TurnContext
from agents.prompts import AI_NOTICE, ROLE_NAMES
from agents.registry import TOOLS, allowed_tools


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """List the tools of the user's role with example requests."""
    allowed = allowed_tools(ctx.role)
    lines = [f"In Ihrer Rolle „{ROLE_NAMES[ctx.role]}“ kann ich Ihnen bei Folgendem helfen:", ""]
    shown = [s for s in TOOLS.values() if s.id in allowed and s.examples]
    for s in shown:
        quoted = " · ".join(f"„{e}“" for e in s.examples)
        lines.append(f"- **{s.title}** – z. B. {quoted}")
    lines += ["", AI_NOTICE]
    return AgentReply(text="\n".join(lines), data={"tools": sorted(s.id for s in shown)})
