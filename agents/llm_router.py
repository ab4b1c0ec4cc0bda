"""Router selection by settings: the LLM router when one is configured, else the embedded one."""

from __future__ import annotations

from agents.nlu.router import Router, default_router


def configured_router() -> Router:
    """The router for the current settings; the embedded one is the default and the fallback."""
    from agents.llm.models import make_chat_model

    model = make_chat_model()
    if model is None:
        return default_router()
    from agents.llm.planner import LLMRouter  # langchain only when an LLM is configured
    from tools.settings import get_settings

    return LLMRouter(model, default_router(), get_settings().today())
