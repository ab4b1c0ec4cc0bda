"""„Wer muss am Samstag in Stendal arbeiten?“: the people at work per site from the staff list, not hours."""

from __future__ import annotations

from datetime import date, timedelta

from agents.contracts import DateRange, Slots, TurnContext
from agents.hr import staffing
from agents.hr.presence_answer import asks_who
from agents.registry import authorize
from tools.company.models import Employee
from tools.settings import get_settings
from tools.staffing import presence as presence_mod


def ctx() -> TurnContext:
    return TurnContext(
        role="owner", view=authorize("owner", "staffing"), thread_id="t-who", today=get_settings().today()
    )


def test_who_questions_are_recognised() -> None:
    assert asks_who("Wer muss am Samstag in Stendal arbeiten?")
    assert asks_who("Wer hat morgen in der Backstube Dienst?")
    assert not asks_who("Brauchen wir im Dezember mehr Personal?")


def test_people_on_vacation_or_sick_are_not_counted(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    today = get_settings().today()
    day = today + timedelta(days=(5 - today.weekday()) % 7 or 7)  # next Saturday: the branch is open
    staff = [
        Employee(
            id="a", name="Anna A", role="Verkauf", site="stendal_markt", contract_hours_week=30, hourly_wage_eur=14
        ),
        Employee(
            id="b",
            name="Berta B",
            role="Verkauf",
            site="stendal_markt",
            contract_hours_week=30,
            hourly_wage_eur=14,
            vacation=[(day - timedelta(days=2), day + timedelta(days=2))],
        ),
        Employee(
            id="c",
            name="Carl C",
            role="Verkauf",
            site="stendal_markt",
            contract_hours_week=20,
            hourly_wage_eur=14,
            sick_days=[day],
        ),
        Employee(id="d", name="Dora D", role="Verkauf", site="osterburg", contract_hours_week=20, hourly_wage_eur=14),
    ]
    monkeypatch.setattr(presence_mod, "load_staff", lambda today: staff)
    slots = Slots(
        text="Wer muss am Samstag in Stendal arbeiten?",
        dates=DateRange(start=day, end=day, label="am Samstag"),
        branches=["stendal_markt"],
    )
    reply = staffing.run(slots, ctx())
    first = reply.text.split("\n")[0]
    assert "1 Person einsatzbereit" in first and "Stendal Marktplatz" in first
    assert "Anna A (Verkauf); abwesend: Berta B (Urlaub), Carl C (krank)" in reply.text
    assert "Dora D" not in reply.text and "Schichtplan" in reply.text
    assert reply.data["day"] == day.isoformat() and isinstance(date.fromisoformat(reply.data["day"]), date)


def test_overtime_is_said_to_be_unrecorded_not_invented() -> None:
    today = get_settings().today()
    week = DateRange(start=today + timedelta(days=7), end=today + timedelta(days=13), label="nächste Woche")
    reply = staffing.run(Slots(text="Wie viele Überstunden haben wir nächste Woche?", dates=week), ctx())
    assert "Überstunden selbst sind in Ihren Daten nicht erfasst" in reply.text
