"""LangChain chat models for the configured server, with our timeout and no silent retries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.llm.configuration import llm_mode
from tools.settings import get_settings

if TYPE_CHECKING:  # langchain costs ~1 CPU-s to import; embedded mode never needs it
    from langchain_core.language_models.chat_models import BaseChatModel


def make_chat_model() -> BaseChatModel | None:
    """The chat model for the current settings, or None in embedded mode."""
    s = get_settings()
    mode = llm_mode()
    if mode == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=s.openai_model,
            api_key=s.openai_api_key or "not-needed",
            base_url=s.openai_base_url,
            timeout=s.llm_timeout_s,
            max_retries=0,
            temperature=0.0,
        )
    if mode == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=s.ollama_model, base_url=s.ollama_host, temperature=0.0, client_kwargs={"timeout": s.llm_timeout_s}
        )
    return None
