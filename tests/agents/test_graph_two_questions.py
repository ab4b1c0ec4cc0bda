"""Access per question of a two-question message, and an offer taken up after a role change (hostile test 22),
through the supervisor graph with stub tools that record what ran."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.supervisor.offer import offer_data


class Tools:
    """Stub tools: record (tool, view); staffing offers a campaign like the real one."""

    def __init__(self) -> None:
        self.ran: list[tuple[str, str]] = []
        self.slots: list[Slots] = []

    def __call__(self, tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        self.ran.append((tool, ctx.view))
        self.slots.append(slots)
        data = offer_data("recruiting_campaign", "Recruiting-Kampagne für Bäcker") if tool == "staffing" else {}
        return AgentReply(text=f"({tool}) Antwort 4.711 €", data=data)


@pytest.fixture()
def tools() -> Tools:
    return Tools()


def _graph(tools: Tools):
    return build_graph(checkpointer=InMemorySaver(), runner=tools)


@pytest.mark.parametrize(
    "text",
    [
        "Wie viele Brötchen backen wir morgen in Stendal und wie hoch ist unser Kontostand?",
        "Wie hoch ist unser Kontostand und wie viele Brötchen backen wir morgen in Stendal?",
        # hostile test 23 #9: two requests named as nouns, the closed one second or first
        "Backplan für morgen in Stendal und Kontostand bis März",
        "Kontostand bis März und Backplan für morgen in Stendal",
    ],
)
def test_each_question_of_an_employees_message_gets_its_own_access_decision(tools: Tools, text: str) -> None:
    """The employee's allowed question is answered (quantities only), the closed one refused by name – in either
    order; before, the closed second half was dropped silently and a closed first half swallowed the allowed one."""
    result = run_turn(_graph(tools), text, role="employee", thread_id="t", user="m")
    assert tools.ran == [("production_plan", "quantities")]
    assert "(production_plan) Antwort" in result.text
    assert "zu ihrer frage „" in result.text.lower() and "kontostand" in result.text.lower()
    assert "Liquiditätsplan" in result.text and "nicht zur Verfügung" in result.text
    assert result.text.index("(production_plan)") < result.text.index("nicht zur Verfügung")


def test_an_owners_two_questions_run_both_tools_unchanged(tools: Tools) -> None:
    text = "Wie viele Brötchen backen wir morgen in Stendal und wie hoch ist unser Kontostand?"
    result = run_turn(_graph(tools), text, role="owner", thread_id="t", user="o")
    assert [t for t, _ in tools.ran] == ["production_plan", "liquidity"] and "nicht zur Verfügung" not in result.text


def test_a_guest_with_two_closed_questions_gets_one_refusal_and_nothing_runs(tools: Tools) -> None:
    text = "Wie viele Brötchen backen wir morgen in Stendal und wie hoch ist unser Kontostand?"
    result = run_turn(_graph(tools), text, role="guest", thread_id="t", user="g")
    assert tools.ran == [] and result.text.count("nicht zur Verfügung") == 1


@pytest.mark.parametrize("role", ["employee", "guest"])
def test_an_offer_made_to_the_owner_is_not_run_after_the_role_changed(tools: Tools, role: str) -> None:
    """The owner's staffing answer offers a campaign; the same login, demoted, answers „ok mach“: refused."""
    g = _graph(tools)
    run_turn(g, "Reicht das Personal im Advent?", role="owner", thread_id="t", user="inh")
    result = run_turn(g, "ok mach", role=role, thread_id="t", user="inh")  # type: ignore[arg-type]
    assert [t for t, _ in tools.ran] == ["staffing"] and "nicht zur Verfügung" in result.text
    assert "Recruiting-Kampagne" in result.text and "4.711" not in result.text


def test_a_second_request_naming_its_own_month_keeps_it(tools: Tools) -> None:
    """README-run trial: „Backplan für morgen in Stendal und Liquidität bis März“ gave the cash plan up to tomorrow
    (the first part's day was carried over); a part naming its month keeps its own reach."""
    run_turn(_graph(tools), "Backplan für morgen in Stendal und Liquidität bis März", role="owner", thread_id="m")
    assert [t for t, _ in tools.ran] == ["production_plan", "liquidity"]
    assert tools.slots[-1].dates is None and "März" in tools.slots[-1].text
