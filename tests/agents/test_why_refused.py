"""„Warum darf ich das nicht sehen?“ right after a refusal: the role's access explained, whom to ask."""

from __future__ import annotations

from agents.contracts import Slots
from agents.nlu.followup import MEMORY_KEY, LastRequest
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
