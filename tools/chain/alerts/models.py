"""Typed alerts of the daily run and the follow-up each one suggests.

A follow-up says *what* to look at next (its kind, period and subject) in the company's terms; which agent
tool answers it is the agents' business (agents/supervisor/alerts.py), so tools never name tool ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

AlertKind = Literal["demand_peak", "oven_overrun", "staffing_gap", "liquidity", "defect_rate"]
AlertStatus = Literal["open", "done", "dismissed"]
# what the follow-up looks at; "request" is a plain German request without typed fields (alerts stored
# before follow-ups were typed), answered like a chat message
FollowUpKind = Literal["demand_peak", "oven_overrun", "staffing_gap", "cash_low", "defect_rate", "request"]


class FollowUp(BaseModel):
    """The next step an alert suggests: a German request plus the typed facts it is about."""

    kind: FollowUpKind
    text: str = Field(description="German request shown on the button and sent on click")
    start: date | None = Field(default=None, description="first day of the period to look at")
    end: date | None = Field(default=None, description="last day of the period to look at (inclusive)")
    period: str | None = Field(default=None, description="German words for the period, e.g. 'am 28.11.2026'")
    role: str | None = Field(default=None, description="staff role of a staffing gap, e.g. 'Bäcker'")


class Alert(BaseModel):
    """One stored alert with its suggested follow-up."""

    id: str
    kind: AlertKind
    title: str
    text: str
    created: datetime
    status: AlertStatus = "open"
    follow_up: FollowUp
    day: date | None = None
    figures: dict[str, Any] = Field(default_factory=dict, description="the tool figures behind the alert")
