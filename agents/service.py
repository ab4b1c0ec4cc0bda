"""The one entry point the app uses: a compiled supervisor with the configured router and checkpointer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.checkpoint import get_checkpointer
from agents.contracts import Role
from agents.graph import TurnResult, build_graph, run_turn
from agents.progress import ProgressHook
from tools.concurrency import built_once


@built_once()
def get_graph() -> Any:
    """The compiled supervisor graph (router chosen by settings: embedded or LLM), built once per process
    even when the first turns arrive in parallel."""
    from agents.llm.models import make_chat_model
    from agents.nlu.router import default_router

    return build_graph(router=default_router(), checkpointer=get_checkpointer(), model=make_chat_model())


def ask(
    text: str,
    *,
    role: Role,
    thread_id: str,
    user: str = "anonym",
    attachments: list[dict[str, Any]] | None = None,
    on_token: Callable[[str], None] | None = None,
    on_progress: ProgressHook | None = None,
) -> TurnResult:
    """Run one turn; blocking – call it off the event loop (asyncio.to_thread) in async code."""
    return run_turn(
        get_graph(),
        text,
        role=role,
        thread_id=thread_id,
        user=user,
        attachments=attachments,
        on_token=on_token,
        on_progress=on_progress,
    )
