"""Shared types and helpers of the planning models: plan items, clock times, opening hours."""

from __future__ import annotations

from datetime import date, time

import holidays
from pydantic import BaseModel, Field

from tools.company.catalog import HOLIDAY_SUBDIV, Branch


class PlanItem(BaseModel):
    """Pieces of one product to bake for one branch on one day."""

    branch: str
    product: str
    quantity: int = Field(ge=0)


def hhmm_to_min(text: str) -> int:
    """'HH:MM' -> minutes after midnight."""
    hours, minutes = text.strip().split(":")
    return int(hours) * 60 + int(minutes)


def min_to_hhmm(minutes: int | float) -> str:
    """Minutes relative to midnight of the delivery day -> 'HH:MM' (negative = evening before)."""
    total = int(round(minutes)) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def time_to_min(value: time) -> int:
    """A clock time -> minutes after midnight."""
    return value.hour * 60 + value.minute


def is_holiday(day: date) -> bool:
    """Public holiday in Sachsen-Anhalt."""
    return day in holidays.country_holidays("DE", subdiv=HOLIDAY_SUBDIV, years=day.year)


def opening_minute(branch: Branch, day: date) -> int | None:
    """Minute of the day the branch opens, None when closed (holidays use Sunday hours)."""
    hours = branch.opening
    if day.weekday() == 6 or is_holiday(day):
        slot = hours.sunday
    elif day.weekday() == 5:
        slot = hours.saturday
    else:
        slot = hours.weekday
    return None if slot is None else time_to_min(slot[0])
