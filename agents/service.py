"""The one entry point the app uses: a compiled supervisor with the configured router and checkpointer."""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from agents.checkpoint import get_checkpointer
from agents.contracts import Role
from agents.graph import TurnResult, build_graph, run_turn

_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_graph() -> Any:
    """The compiled supervisor graph (router chosen by settings: embedded or LLM)."""
    from agents.llm_router import configured_router

    return build_graph(router=configured_router(), checkpointer=get_checkpointer())


def ask(text: str, *, role: Role, thread_id: str, user: str = "anonym",
        attachments: list[dict[str, Any]] | None = None) -> TurnResult:
    """Run one turn; blocking – call it off the event loop (asyncio.to_thread) in async code."""
    graph = get_graph()
    with _lock:  # one SQLite connection: serialise checkpoint writes
        return run_turn(graph, text, role=role, thread_id=thread_id, user=user, attachments=attachments)
