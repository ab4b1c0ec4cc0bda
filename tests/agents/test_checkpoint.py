"""The LangGraph checkpointer behind DATABASE_URL: SQLite file by default, PostgreSQL when configured."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from agents.checkpoint import _checkpointer, get_checkpointer
from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from tests.agents.test_graph import FixedRouter
from tools.db import is_postgres


def _counting(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
    ctx.memory["count"] = ctx.memory.get("count", 0) + 1
    return AgentReply(text=f"Runde {ctx.memory['count']}")


def test_conversation_continues_after_a_restart(database: str, fresh_var) -> None:
    saver = get_checkpointer()
    assert type(saver).__name__ == ("PostgresSaver" if is_postgres(database) else "SqliteSaver")
    assert get_checkpointer() is saver  # one per process and database
    graph = build_graph(runner=_counting, router=FixedRouter("forecast", "sales"), checkpointer=saver)
    assert run_turn(graph, "a", role="owner", thread_id="A").text == "Runde 1"
    assert run_turn(graph, "b", role="owner", thread_id="A").text == "Runde 2"

    _checkpointer.cache_clear()  # a new process: new connection, same database
    again = build_graph(runner=_counting, router=FixedRouter("forecast", "sales"), checkpointer=get_checkpointer())
    assert get_checkpointer() is not saver
    assert run_turn(again, "c", role="owner", thread_id="A").text == "Runde 3"
    assert run_turn(again, "x", role="owner", thread_id="B").text == "Runde 1"
    history = again.get_state({"configurable": {"thread_id": "A"}}).values["history"]
    assert [h["content"] for h in history if h["role"] == "user"] == ["a", "b", "c"]


def test_parallel_threads_share_one_checkpointer(database: str, fresh_var) -> None:
    _checkpointer.cache_clear()
    with ThreadPoolExecutor(8) as pool:  # the first turns of a fresh process arrive together
        savers = list(pool.map(lambda _: get_checkpointer(), range(8)))
    assert all(s is savers[0] for s in savers)
    graph = build_graph(runner=_counting, router=FixedRouter("forecast", "sales"), checkpointer=savers[0])

    def conversation(i: int) -> list[str]:
        return [run_turn(graph, f"Frage {n}", role="owner", thread_id=f"p{i}").text for n in range(3)]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(conversation, range(12)))
    assert answers == [["Runde 1", "Runde 2", "Runde 3"]] * 12
