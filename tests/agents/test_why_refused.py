"""„Warum darf ich das nicht sehen?“ right after a refusal, and a bare „ab wann?“ after a handbook answer."""

from __future__ import annotations

from datetime import date

from agents.contracts import Slots
from agents.nlu.followup import MEMORY_KEY, LastRequest, follow_up
from agents.registry import allowed_tools
from agents.supervisor.why_refused import asks_why_refused, why_refused


def _memory(tool: str, text: str) -> dict:
    return {MEMORY_KEY: LastRequest(tool=tool, slots=Slots(text=text)).model_dump(mode="json")}


def test_why_after_a_refusal_explains_the_role_and_whom_to_ask() -> None:
    memory = _memory("budget_forecast", "Wie viel Umsatz machen wir so im Jahr?")
    allowed = allowed_tools("employee")
    assert asks_why_refused(memory, "Warum darf ich das nicht sehen?", allowed) == "budget_forecast"
    assert asks_why_refused(memory, "Wieso?", allowed) == "budget_forecast"
    reply = why_refused("employee", "budget_forecast")
    assert "Mitarbeitende" in reply.text and "Budgetprognose" in reply.text and "Geschäftsführung" in reply.text
    # after an answer the role may see, a why-question is no question about access
    assert asks_why_refused(_memory("onboarding_qa", "Gibt es Weihnachtsgeld?"), "Warum nicht?", allowed) is None
    # a why-question that goes on about something else is not one either
    assert asks_why_refused(memory, "Warum ist der Nachtzuschlag so hoch?", allowed) is None


def test_a_bare_question_fragment_continues_the_handbook_question() -> None:
    """Trial 8: „ab wann?“ after the Christmas bonus got the greeting."""
    memory = _memory("onboarding_qa", "Gibt es Weihnachtsgeld?")
    follow = follow_up(memory, "ab wann?", date(2026, 11, 25), None, True)
    assert follow is not None and follow.tool == "onboarding_qa" and "Weihnachtsgeld" in follow.slots.text
    assert follow_up(memory, "ab wann arbeite ich morgen in Stendal?", date(2026, 11, 25), None, True) is None
