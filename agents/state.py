"""Typed state of the supervisor graph (persisted per thread by the checkpointer)."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from agents.contracts import Role, View


class ChatTurn(TypedDict):
    role: Literal["user", "assistant"]
    content: str


class LeftOutFile(TypedDict):
    """A file of the message that was not processed, and the German reason shown for it."""

    name: str
    why: str


class SupervisorState(TypedDict, total=False):
    """One thread's state. Only JSON-able values, so SQLite and PostgreSQL checkpoints stay portable."""

    # input of the turn
    request: str
    role: Role
    user: str
    attachments: list[dict[str, Any]]
    left_out: list[LeftOutFile]  # files of the message not processed, named in the answer
    # produced during the turn
    tool: str | None
    confidence: float
    slots: dict[str, Any] | None
    calls: list[dict[str, Any]]  # further tool calls chained by the LLM planner
    view: View | None  # what the role may see of the tool (set by authorize)
    # a file asked for in the message ("… als Excel"): {"format": "xlsx"|"csv"|"docx"|"file", "back": bool}
    export: dict[str, Any] | None
    reply: dict[str, Any] | None
    # kept across turns
    thread_user: str  # the login that began the thread: no other login continues it (agents.graph.run_turn)
    history: list[ChatTurn]
    memory: dict[str, Any]
