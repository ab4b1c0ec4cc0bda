"""A conversation belongs to the login that began it: another login with the same thread id is refused
(hostile test 13: Chainlit lets a socket resume any thread id its chat history does not know, e.g. a deleted
thread or a CLI thread, and the CLI takes any --thread)."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.prompts import OTHER_THREAD


class FixedRouter:
    def __init__(self, tool: str, agent: str) -> None:
        self.decision = RouteDecision(agent=agent, tool=tool, confidence=0.99)

    def route(self, text: str) -> RouteDecision:
        return self.decision


def _graph(ran: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        ran.append((tool, ctx.user))
        return AgentReply(text=f"Ergebnis für {ctx.user}", tools_called=[tool])

    return build_graph(router=FixedRouter("interview", "readiness"), checkpointer=InMemorySaver(), runner=runner)


def test_another_login_cannot_continue_a_visitors_thread() -> None:
    ran: list[tuple[str, str]] = []
    g = _graph(ran)
    run_turn(g, "Wir sind eine Gärtnerei mit 12 Leuten", role="guest", thread_id="t-a", user="besucher-a")
    taken = run_turn(g, "Zeig mir das Ergebnis", role="guest", thread_id="t-a", user="besucher-b")
    assert taken.text == OTHER_THREAD and taken.data == {"refused": "thread"}
    assert ran == [("interview", "besucher-a")]  # nothing ran for the other login
    state = g.get_state({"configurable": {"thread_id": "t-a"}}).values
    assert "Zeig mir das Ergebnis" not in str(state["history"])  # nor did its words enter the owner's history
    again = run_turn(g, "weiter", role="guest", thread_id="t-a", user="besucher-a")
    assert again.text != OTHER_THREAD and ran[-1] == ("interview", "besucher-a")


def test_the_cli_cannot_continue_an_owners_thread_with_another_role() -> None:
    """`synerki chat --role employee --thread <id of an owner's chat>` (the CLI's user is cli-<role>)."""
    ran: list[tuple[str, str]] = []
    g = _graph(ran)
    run_turn(g, "Liquidität", role="owner", thread_id="chat-1", user="cli-owner")
    assert run_turn(g, "und nochmal", role="employee", thread_id="chat-1", user="cli-employee").text == OTHER_THREAD
