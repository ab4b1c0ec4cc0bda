"""Which LLM runs (none | openai | ollama), resolved from the settings."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Literal

import httpx

from tools.settings import get_settings

log = logging.getLogger(__name__)
LLMMode = Literal["none", "openai", "ollama"]


def _ollama_answers(host: str) -> bool:
    try:
        return httpx.get(f"{host.rstrip('/')}/api/tags", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


@lru_cache(maxsize=1)
def llm_mode() -> LLMMode:
    """SYNERKI_LLM if set; else openai when OPENAI_API_KEY is set, ollama when OLLAMA_HOST answers, else none."""
    s = get_settings()
    if s.llm:
        mode = s.llm.strip().lower()
        if mode not in ("none", "openai", "ollama"):
            log.warning("SYNERKI_LLM=%s unbekannt – eingebetteter Modus", s.llm)
            return "none"
        return mode  # type: ignore[return-value]
    if s.openai_api_key:
        return "openai"
    if s.ollama_host and _ollama_answers(s.ollama_host):
        return "ollama"
    return "none"
