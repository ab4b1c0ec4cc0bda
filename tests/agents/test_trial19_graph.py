"""Trial 19 through the supervisor graph (stubbed tools): an answer's offer taken up or declined, two questions
in one message, what to bake on a holiday, leftovers asked as „übrig“, the month asked in the cash plan."""

from __future__ import annotations

from datetime import date

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.supervisor.offer import accepted, declined, offer_data, remember


class Tools:
    """Stub tools that record what ran; staffing offers a campaign like the real one."""

    def __init__(self) -> None:
        self.ran: list[tuple[str, str]] = []

    def __call__(self, tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        self.ran.append((tool, slots.text or ""))
        data = offer_data("recruiting_campaign", "Recruiting-Kampagne für Bäcker") if tool == "staffing" else {}
        return AgentReply(text=f"({tool}) Antwort\n\n**So habe ich gerechnet:** ({tool}) Methode", data=data)


@pytest.fixture()
def tools() -> Tools:
    return Tools()


def _graph(tools: Tools):
    return build_graph(checkpointer=InMemorySaver(), runner=tools)


@pytest.mark.parametrize("reply", ["ok mach", "ja bitte", "ja", "gerne", "mach mal"])
def test_a_short_yes_runs_what_the_answer_offered(tools: Tools, reply: str) -> None:
    g = _graph(tools)
    run_turn(g, "reicht das personal im advent?", role="owner", thread_id="t")
    result = run_turn(g, reply, role="owner", thread_id="t")
    assert result.tool == "recruiting_campaign" and tools.ran[-1] == (
        "recruiting_campaign",
        "Recruiting-Kampagne für Bäcker",
    )


def test_a_no_to_the_offer_runs_nothing_and_says_so(tools: Tools) -> None:
    g = _graph(tools)
    run_turn(g, "reicht das personal im advent?", role="owner", thread_id="t")
    result = run_turn(g, "nein danke", role="owner", thread_id="t")
    assert len(tools.ran) == 1 and "Recruiting-Kampagne" in result.text and "weg" in result.text


def test_an_offer_is_answered_only_in_the_next_message() -> None:
    memory = remember({}, offer_data("recruiting_campaign", "Recruiting-Kampagne für Bäcker"))
    assert accepted(memory, "ok mach") is not None and declined(memory, "lass mal") is not None
    assert accepted(memory, "wie viele Brötchen backen wir morgen in Stendal?") is None
    assert accepted(remember(memory, {}), "ok mach") is None  # the next answer offered nothing


def test_two_questions_for_two_tools_are_both_answered_in_order(tools: Tools) -> None:
    g = _graph(tools)
    result = run_turn(
        g, "wie siehts mitm kontostand im januar aus und was kostet uns das personal?", role="owner", thread_id="t"
    )
    assert [t for t, _ in tools.ran] == ["liquidity", "staffing"]
    head, _, method = result.text.partition("**So habe ich gerechnet:**")
    # both answers stand before the method (the web app folds what follows the heading away)
    assert "(liquidity) Antwort" in head and "(staffing) Antwort" in head and "Zu Ihrer Frage" in head
    assert "(liquidity) Methode" in method and "(staffing) Methode" in method


def test_one_question_with_und_runs_one_tool(tools: Tools) -> None:
    g = _graph(tools)
    run_turn(g, "Wie viele Brötchen und Brot verkaufen wir morgen in Stendal?", role="owner", thread_id="t")
    assert len(tools.ran) == 1


def test_what_to_bake_on_a_holiday_is_the_plan(tools: Tools) -> None:
    g = _graph(tools)
    result = run_turn(g, "was backen wir heiligabend in osterburg", role="owner", thread_id="t")
    assert result.tool == "production_plan"
    assert run_turn(g, "und silvester?", role="owner", thread_id="t").tool == "production_plan"


def test_where_most_is_left_over_is_the_returns_not_the_profit(tools: Tools) -> None:
    g = _graph(tools)
    assert run_turn(g, "wo bleibt am meisten übrig?", role="owner", thread_id="t").tool == "production_plan"


def test_the_cash_plan_speaks_of_the_month_asked() -> None:
    from agents.finance.liquidity import run

    slots = Slots(text="wie siehts mit dem kontostand im januar aus")
    from agents.nlu.slots import extract_slots

    slots = extract_slots(slots.text or "", date(2026, 11, 25))
    reply = run(slots, TurnContext(role="owner", view="full", thread_id="t", user="u", today=date(2026, 11, 25)))
    assert reply.text.startswith("Im Januar 2027 liegt Ihr Kontostand")


def test_a_refused_goods_request_is_no_thread_for_a_later_branch_question(tools: Tools) -> None:
    """Staff asked the sales, were refused twice, then ask a branch's opening hours: the handbook answers."""
    g = _graph(tools)
    run_turn(g, "wie viel umsatz hat tangermuende diesen monat gemacht", role="employee", thread_id="t")
    run_turn(g, "macht der laden eigentlich gewinn?", role="employee", thread_id="t")
    result = run_turn(g, "na gut. wann hat marktplatz am sonntag offen?", role="employee", thread_id="t")
    assert result.tool == "onboarding_qa" and tools.ran[-1][0] == "onboarding_qa"


@pytest.mark.parametrize("reply", ["ok mach", "ja, mach das", "los, mach mal"])
def test_a_go_ahead_with_nothing_offered_asks_what_is_meant(tools: Tools, reply: str) -> None:
    """Trial 22: „ok mach“ as the first message was greeted like a hello; nothing was offered, so it says so and
    asks what to do – no tool runs. „ok“ or „danke“ alone stay small talk."""
    from agents.supervisor.offer import go_ahead_without_offer

    result = run_turn(_graph(tools), reply, role="owner", thread_id="t")
    assert "nichts angeboten" in result.text and "Was soll ich tun?" in result.text and tools.ran == []
    assert not go_ahead_without_offer({}, "ok") and not go_ahead_without_offer({}, "danke")
    pending = remember({}, offer_data("recruiting_campaign", "Recruiting-Kampagne für Bäcker"))
    assert not go_ahead_without_offer(pending, reply)
