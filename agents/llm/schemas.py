"""OpenAI-style function specs the LLM sees per tool, built from the registry's declarations."""

from __future__ import annotations

from typing import Any

from agents.registry import spec


def tool_spec(tool: str) -> dict[str, Any]:
    """OpenAI-style function spec for one tool."""
    s = spec(tool)
    return {
        "type": "function",
        "function": {
            "name": tool,
            "description": f"{s.title}: {s.description}",
            "parameters": s.args.model_json_schema(),
        },
    }
