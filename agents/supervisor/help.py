"""`help`: what the user's role can ask, with examples."""
from __future__ import annotations

from agents.contracts import ROLE_TOOLS, AgentReply, Slots, TurnContext
from agents.domains import TOOL_TITLES
from agents.prompts import AI_NOTICE, EXAMPLES, ROLE_NAMES


def run(slots: Slots, ctx: TurnContext) -> AgentReply:
    """List the tools of the user's role with example requests."""
    allowed = ROLE_TOOLS[ctx.role]
    lines = [f"In Ihrer Rolle „{ROLE_NAMES[ctx.role]}“ kann ich Ihnen bei Folgendem helfen:", ""]
    for tool, examples in EXAMPLES.items():
        if tool in allowed:
            quoted = " · ".join(f"„{e}“" for e in examples)
            lines.append(f"- **{TOOL_TITLES[tool]}** – z. B. {quoted}")
    lines += ["", AI_NOTICE]
    return AgentReply(text="\n".join(lines), data={"tools": sorted(t for t in allowed if t in EXAMPLES)})
