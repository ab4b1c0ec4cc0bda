"""Which day the day-planning tools plan, and the one unknown-branch text every agent uses."""

from __future__ import annotations

from datetime import date

import pytest

from agents.contracts import DateRange, Slots, TurnContext
from agents.operations.common import PlanDay, resolve_day
from agents.replies import unknown_branch_reply, unknown_branch_text
from tools.company.catalog import BRANCHES
from tools.errors import RequestError

TODAY = date(2026, 11, 25)
CTX = TurnContext(role="owner", thread_id="t-day", today=TODAY)


def _dates(start: date, end: date) -> DateRange:
    return DateRange(start=start, end=end, label="x")


def test_day_defaults_and_periods() -> None:
    assert resolve_day(Slots(text="Plan"), CTX) == PlanDay(
        date(2026, 11, 26), "Sie haben keinen Tag genannt, ich plane für morgen. "
    )
    assert resolve_day(Slots(text="x", dates=_dates(TODAY, TODAY)), CTX) == PlanDay(TODAY, "")
    week = resolve_day(Slots(text="x", dates=_dates(date(2026, 11, 30), date(2026, 12, 6))), CTX)
    assert isinstance(week, PlanDay) and week.day == date(2026, 11, 30) and "30.11.2026" in week.note


def test_past_day_and_unknown_branch_raise_german_reasons() -> None:
    with pytest.raises(RequestError) as past:
        resolve_day(Slots(text="x", dates=_dates(date(2026, 11, 1), date(2026, 11, 1))), CTX, past_hint="Tipp.")
    assert str(past.value) == (
        "Der 01.11.2026 liegt in der Vergangenheit – ich plane nur für heute oder kommende Tage. Tipp."
    )
    with pytest.raises(RequestError) as unknown:
        resolve_day(Slots(text="x", unknown_branch="Magdeburg"), CTX)
    assert str(unknown.value) == unknown_branch_text("Magdeburg")


def test_unknown_branch_text_lists_every_branch_by_name() -> None:
    text = unknown_branch_text("Magdeburg")
    assert text.startswith("„Magdeburg“ ist keine Filiale von Korn & Kruste.")
    assert all(b.name in text for b in BRANCHES)
    reply = unknown_branch_reply("Magdeburg", "forecast", "Welche Filiale?")
    assert reply.text.endswith(" Welche Filiale?") and reply.tools_called == ["forecast"]
    assert reply.data == {"error": "unknown_branch", "place": "Magdeburg"}
