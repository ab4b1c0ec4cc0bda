"""Shared by the day-planning tools (production plan, delivery routes, oven schedule): which day to plan."""
from __future__ import annotations

from datetime import date, timedelta

from agents.contracts import Slots, TurnContext
from agents.replies import unknown_branch_text

ANOTHER_DAY = "Nennen Sie mir bitte einen anderen Tag."


def resolve_day(slots: Slots, ctx: TurnContext, past_hint: str = ANOTHER_DAY) -> tuple[date | None, str, str | None]:
    """(day, note about a default, German error) from the slots: tomorrow when no day is named, the first day
    of a period, an error for an unknown branch or a past day (followed by `past_hint`)."""
    if slots.unknown_branch:
        return None, "", unknown_branch_text(slots.unknown_branch)
    if slots.dates is None:
        return ctx.today + timedelta(days=1), "Sie haben keinen Tag genannt, ich plane für morgen. ", None
    day = slots.dates.start
    if day < ctx.today:
        return None, "", (f"Der {day:%d.%m.%Y} liegt in der Vergangenheit – ich plane nur für heute oder "
                          f"kommende Tage. {past_hint}")
    note = ""
    if slots.dates.end != slots.dates.start:
        note = f"Ich plane den ersten Tag des Zeitraums ({day:%d.%m.%Y}). "
    return day, note, None
