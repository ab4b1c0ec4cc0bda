"""20 conversations × 3 turns at once in one process, as the web app runs turns in threads (issue 18, item 9):
the first turns of a process build the shared clients and tables together, and none may see another's half."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from agents.graph import TurnResult
from agents.service import ask
from evals.robustness.scenarios import Turn, cold_start, conversation

BROKEN = ("gerade von einem anderen Programm geöffnet", "interner Fehler")


def _run(i: int) -> list[tuple[Turn, TurnResult]]:
    role = "employee" if i % 2 else "owner"
    return [(turn, ask(turn.text, role=role, thread_id=f"parallel-{i}", user=f"nutzer{i}")) for turn in conversation(i)]


def test_twenty_conversations_at_once(handbook: str) -> None:  # noqa: F811
    _run(0)  # warm-up once: router, embedding models, demand model on disk
    cold_start()
    start = time.perf_counter()
    with ThreadPoolExecutor(20) as pool:
        results = [pair for conv in pool.map(_run, range(20)) for pair in conv]
    print(f"60 parallel turns: {time.perf_counter() - start:.1f} s")
    assert len(results) == 60
    for turn, result in results:
        assert not any(b in result.text for b in BROKEN), (turn.text, result.text)
        assert result.tool == turn.tool, (turn.text, result.tool, result.text)
        assert turn.marker in result.text, (turn.text, result.text)
        if turn.product:  # the plan answers its own question, not a neighbour's
            assert {(i["product"], i["branch"]) for i in result.data["items"]} == {(turn.product, turn.branch)}
