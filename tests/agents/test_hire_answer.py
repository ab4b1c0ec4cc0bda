"""„Können wir uns eine neue Verkäuferin leisten?“: the cost of one more person against result and cash."""

from __future__ import annotations

from datetime import date

import pytest

from agents.contracts import Slots, TurnContext
from agents.finance import liquidity
from agents.finance.hire_answer import asks_hire, hours_asked, people_asked
from agents.nlu.followup import follow_up, remember
from agents.nlu.normalize import fold
from agents.registry import authorize
from tools.format_de import eur

TODAY = date(2026, 11, 25)


def _ctx(role: str = "owner") -> TurnContext:
    return TurnContext(role=role, view=authorize(role, "liquidity"), thread_id="t-hire", today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Können wir uns eine neue Verkäuferin leisten?",
        "können wir uns noch jemanden leisten",
        "Was würde ein zusätzlicher Fahrer kosten?",
        "Ist noch ein Bäcker drin?",
        "Lohnt es sich, einen weiteren Konditor einzustellen?",
    ],
)
def test_questions_about_one_more_person(text: str) -> None:
    assert asks_hire(text)


@pytest.mark.parametrize(
    "text",
    ["Was kostet uns eine Verkäuferin im Monat?", "Reicht unser Geld bis Ende Mai?", "Stellenanzeige für einen Bäcker"],
)
def test_other_questions_are_not_about_hiring(text: str) -> None:
    assert not asks_hire(text)


def test_people_and_hours_are_read_from_the_latest_words() -> None:
    assert people_asked(fold("Können wir uns eine neue Verkäuferin leisten? Und zwei Bäcker?")) == 2
    assert people_asked(fold("Können wir uns 3 Fahrer leisten? Und ein Bäcker?")) == 1
    assert people_asked(fold("Eine Verkäuferin mit 25 Stunden")) == 1
    assert hours_asked(fold("eine Verkäuferin mit 25 Stunden, und mit 30 Stunden?")) == 30
    assert hours_asked(fold("ein Bäcker in Vollzeit")) == 40
    assert hours_asked(fold("eine Verkäuferin")) is None


def test_the_answer_states_cost_result_and_account_with_its_assumptions() -> None:
    reply = liquidity.run(Slots(text="Können wir uns eine neue Verkäuferin leisten?"), _ctx())
    lead = reply.text.split("\n\n")[0]
    assert reply.data["role"] == "Verkauf" and reply.data["people"] == 1
    assert eur(reply.data["monthly_cost"]) in lead and lead.startswith(("✅", "⚠️", "❌"))
    assert "Brauchen Sie die Kraft?" in reply.text
    assert "kein Termin genannt" in reply.text and "wie im Schnitt der Rolle" in reply.text
    assert set(reply.tools_called) == {"staffing", "budget_forecast", "liquidity"}


def test_a_start_month_named_moves_the_cost_there() -> None:
    reply = liquidity.run(Slots(text="Was würde ein zusätzlicher Fahrer ab März kosten?"), _ctx())
    assert reply.data["start"] == "2027-03-01" and "kein Termin genannt" not in reply.text
    paid = [m for m in reply.data["months"] if m["cost"] > 0]
    assert paid and paid[0]["month"] == "2027-03-01"


def test_without_a_role_the_one_missing_most_hours_is_taken_and_said() -> None:
    reply = liquidity.run(Slots(text="Können wir uns noch jemanden leisten?"), _ctx())
    assert f"Rolle „{reply.data['role']}“, weil dort die meisten Stunden fehlen" in reply.text


def test_a_follow_up_changes_role_number_and_hours() -> None:
    first = Slots(text="Können wir uns eine neue Verkäuferin leisten?")
    memory = remember({}, "liquidity", first)
    nxt = follow_up(memory, "Und zwei Bäcker mit 40 Stunden?", TODAY, None, True)
    assert nxt is not None and nxt.tool == "liquidity"
    reply = liquidity.run(nxt.slots, _ctx())
    assert (reply.data["role"], reply.data["people"], reply.data["hours_week"]) == ("Bäcker", 2, 40)
    assert follow_up(memory, "Was würde ein zusätzlicher Fahrer kosten?", TODAY, None, True) is None


def test_the_graph_sends_the_question_to_the_owners_cash_plan_and_refuses_staff() -> None:
    from langgraph.checkpoint.memory import InMemorySaver

    from agents.contracts import AgentReply
    from agents.graph import build_graph, run_turn

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        return AgentReply(text=f"Antwort von {tool}", tools_called=[tool])

    graph = build_graph(checkpointer=InMemorySaver(), runner=runner)
    text = "Können wir uns eine neue Verkäuferin leisten?"
    assert run_turn(graph, text, role="owner", thread_id="h").tool == "liquidity"
    staff = run_turn(graph, text, role="employee", thread_id="e")
    assert "Antwort von" not in staff.text


@pytest.mark.parametrize(
    "text",
    [
        "Lohnt es sich, den Kuchen günstiger zu machen, damit mehr verkauft wird?",
        "Können wir uns einen neuen Ofen leisten?",
    ],
)
def test_more_sales_or_a_new_machine_is_no_new_person(text: str) -> None:
    assert not asks_hire(text)


def test_a_follow_up_without_a_hire_detail_gets_the_cash_plan_again() -> None:
    from agents.finance.hire_answer import hire_turn

    before = "Können wir uns eine neue Verkäuferin leisten?"
    assert hire_turn(f"{before} Und ab März mit 30 Stunden?")
    assert not hire_turn(f"{before} Was heißt das für unser Konto im Februar?")
    reply = liquidity.run(Slots(text="Können wir uns eine neue Verkäuferin leisten? Und ab März?"), _ctx())
    assert [m["month"] for m in reply.data["months"] if m["cost"] > 0][0] == "2027-03-01"
    assert "| Februar 2027 |" not in reply.text and "| März 2027 |" in reply.text


def test_too_many_people_become_the_german_message_of_the_single_error_path() -> None:
    from agents.graph import run_safely

    text = "Können wir uns 30 Verkäuferinnen leisten?"
    reply = run_safely(lambda _t, s, c: liquidity.run(s, c), "liquidity", Slots(text=text), _ctx())
    assert "zwischen 1 und 20" in reply.text and reply.data["error"] == "request"


def test_one_more_after_a_roles_cost_is_that_role() -> None:
    memory = remember({}, "staffing", Slots(text="Was kostet uns ein Fahrer im Monat?"))
    nxt = follow_up(memory, "Und können wir uns noch einen leisten?", TODAY, None, True)
    assert nxt is not None and nxt.tool == "liquidity"
    reply = liquidity.run(nxt.slots, _ctx())
    assert (reply.data["role"], reply.data["people"]) == ("Fahrer", 1)


def test_a_new_sales_question_after_the_hire_answer_is_no_hire_follow_up() -> None:
    """Browser check: „Wie viele Brötchen verkaufen wir morgen in Stendal?“ after the hire answer was read as
    its follow-up („verkaufen“ looked like the role Verkauf)."""
    memory = remember({}, "liquidity", Slots(text="Können wir uns eine neue Verkäuferin leisten?"))
    text = "Wie viele Brötchen verkaufen wir morgen in Stendal?"
    assert follow_up(memory, text, TODAY, None, True) is None
    assert follow_up(memory, text, TODAY, "forecast", False) is None


def test_part_time_hours_are_said_to_be_the_mean_of_those_contracts() -> None:
    reply = liquidity.run(Slots(text="Können wir uns eine neue Verkäuferin leisten? und in Teilzeit?"), _ctx())
    assert "Wochenstunden wie im Schnitt Ihrer Teilzeitverträge" in reply.text
    two = liquidity.run(Slots(text="Können wir uns zwei weitere Leitungskräfte leisten?"), _ctx())
    assert two.data["role"] == "Leitung" and "2 weitere Leitungskräfte kosten" in two.text
