"""Typed contracts between the supervisor, the domain agents and the app.

A tool's agent module (declared in `agents/registry.py`) has
    def run(slots: Slots, ctx: TurnContext) -> AgentReply
It turns the routed request's slots into calls of `tools/…` and the results into a German answer.
It never decides access: the supervisor authorized the turn and hands it `ctx.view`, what the role
may see of the tool's result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

Role = Literal["owner", "employee", "guest"]
AgentId = Literal["sales", "operations", "hr", "finance", "readiness", "supervisor"]

# what a role sees of a tool's result (decided in agents.registry.authorize):
# full - everything; quantities - amounts and ranges, never money figures; read_only - ask, never change
View = Literal["full", "quantities", "read_only"]


class DateRange(BaseModel):
    """A resolved German date expression, inclusive on both ends."""

    start: date
    end: date
    label: str = Field(description="the German words it was read from, e.g. 'am 2. Advent'")

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


class Slots(BaseModel):
    """What the embedded language layer (or the LLM) extracted from one request."""

    text: str
    dates: DateRange | None = None
    products: list[str] = Field(default_factory=list, description="product ids (tools.company.catalog)")
    groups: list[str] = Field(default_factory=list, description="product group ids")
    branches: list[str] = Field(default_factory=list, description="branch ids")
    unknown_branch: str | None = Field(default=None, description="a place named that is no branch")
    amount_eur: float | None = None
    amounts_eur: list[float] = Field(default_factory=list, description="every euro amount, in order")
    percent: float | None = Field(default=None, description="e.g. +20 for 'um 20 % steigt', -10 for 'sinkt um 10 %'")
    headcount: int | None = None
    months: int | None = None
    years: int | None = None
    unknown_product: str | None = Field(default=None, description="baked goods named that we do not sell")
    how_sure: bool = Field(default=False, description="the user asks how sure the last figures are („Wie sicher?“)")
    after_plan: bool = Field(default=False, description="„Warum so viele?“ right after a plan: why that amount too")


class Attachment(BaseModel):
    """A file the user uploaded with this message."""

    path: Path
    name: str
    mime: str | None = None


class TurnContext(BaseModel):
    """Everything an agent may know about the turn besides the request."""

    role: Role
    view: View = "full"
    thread_id: str
    user: str = "anonym"
    today: date
    attachments: list[Attachment] = Field(default_factory=list)
    # per-thread memory persisted by the checkpointer; an agent keeps its own key
    # (e.g. memory["readiness"]) and must store only JSON-able values in it
    memory: dict[str, Any] = Field(default_factory=dict)
    # what the user sees while a long tool runs: (tool, German text) updates the open step of that tool
    progress: Callable[[str, str | None], None] | None = Field(default=None, exclude=True, repr=False)


class Artifact(BaseModel):
    """A chart, an annotated image or a report produced by a tool."""

    kind: Literal["image", "file"]
    path: Path
    name: str
    mime: str = "image/png"


class AgentReply(BaseModel):
    """A German answer with what produced it."""

    text: str
    tools_called: list[str] = Field(default_factory=list)
    artifacts: list[Artifact] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict, description="the tool results as JSON, for --json and grounding")
