"""20 conversations × 3 turns at once in one process, as the web app runs turns in threads (issue 18, item 9):
the first turns of a process build the shared clients and tables together, and none may see another's half."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from agents.service import ask, get_graph
from tests.tools.test_rag import handbook  # noqa: F401  (session fixture: lazily ingested handbook)

# (question, text its answer must contain)
HANDBOOK = [
    ("Wie hoch ist der Nachtzuschlag?", "25 %"),
    ("Wie viele Urlaubstage habe ich?", "28 Arbeitstage"),
    ("Wann macht die Filiale in Havelberg sonntags auf?", "8:00–11:00"),
    ("Wie lange dauert meine Pause bei 8 Stunden Arbeit?", "Minuten"),
]
# (question, product, branch) – every plan must be for its own product and branch
PLANS = [
    ("Wie viele Roggenbrote sollen wir morgen am Stendaler Bahnhof backen?", "roggenbrot", "stendal_bahnhof"),
    ("Wie viele Laugenbrezeln backen wir morgen in Gardelegen?", "laugenbrezel", "gardelegen"),
    ("Wie viele Schrippen sollen wir morgen in Tangermünde backen?", "schrippe", "tangermuende"),
    ("Wie viele Dinkelbrote backen wir morgen in Salzwedel?", "dinkelbrot", "salzwedel"),
    ("Wie viele Buttercroissants sollen wir morgen in Havelberg backen?", "buttercroissant", "havelberg"),
]
BROKEN = ("gerade von einem anderen Programm geöffnet", "interner Fehler")


@dataclass(frozen=True)
class Turn:
    text: str
    tool: str
    marker: str = ""
    product: str = ""
    branch: str = ""


def conversation(i: int) -> list[Turn]:
    question, marker = HANDBOOK[i % len(HANDBOOK)]
    plan, product, branch = PLANS[i % len(PLANS)]
    return [Turn(question, "onboarding_qa", marker=marker),
            Turn(plan, "production_plan", product=product, branch=branch),
            Turn("Hilfe", "help", marker="Produktionsplan")]


def _cold_start() -> None:
    """Forget what the first turns of a process build (the expensive models stay warm, on disk or in
    memory): the knowledge-base client, the handbook sync, the planner's tables and the compiled graph."""
    from tools.production import plan
    from tools.rag import search, store

    for client in store._OWNED.values():
        client.close()
    store._OWNED.clear()
    search._SYNCED.clear()
    with plan._lock, plan._hist_lock:
        plan._memo.clear()  # the demand model comes back from its pickle, its residual table not yet built
        plan._hist_memo.clear()
    get_graph.cache_clear()


def _run(i: int) -> list[tuple[Turn, object]]:
    role = "employee" if i % 2 else "owner"
    return [(turn, ask(turn.text, role=role, thread_id=f"parallel-{i}", user=f"nutzer{i}"))
            for turn in conversation(i)]


def test_twenty_conversations_at_once(handbook: str) -> None:  # noqa: F811
    _run(0)  # warm-up once: router, embedding models, demand model on disk
    _cold_start()
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
