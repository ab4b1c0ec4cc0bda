"""„Was kostet mich eine Stunde Ofen?“: said honestly that the data has no such figure, and what it has (trial 9)."""

from __future__ import annotations

from agents.contracts import Slots, TurnContext
from agents.operations import oven_schedule
from agents.operations.oven_cost import asks_oven_hour_cost
from agents.registry import authorize
from tools.company.data import load_account
from tools.format_de import eur
from tools.settings import get_settings


def test_which_questions_ask_for_an_oven_hour() -> None:
    assert asks_oven_hour_cost("Was kostet mich eine Stunde Ofen?")
    assert asks_oven_hour_cost("Was kostet uns der Ofen pro Stunde?")
    assert not asks_oven_hour_cost("Wie belegen wir morgen die Öfen?")
    assert not asks_oven_hour_cost("Was kostet ein neuer Ofen?")


def test_the_answer_says_there_is_no_cost_per_oven_hour_and_names_what_there_is() -> None:
    ctx = TurnContext(
        role="owner", view=authorize("owner", "oven_schedule"), thread_id="t-oven", today=get_settings().today()
    )
    reply = oven_schedule.run(Slots(text="Was kostet mich eine Stunde Ofen?"), ctx)
    lead = reply.text.split("\n\n")[0]
    assert "nicht in Ihren Daten" in lead and "je kWh" in reply.text
    loan = next(p for p in load_account().other_fixed_payments if "ofen" in p.name.lower())
    assert eur(loan.amount_eur) in reply.text
