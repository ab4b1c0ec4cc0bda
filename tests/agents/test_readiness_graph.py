"""The interview through the real supervisor graph: answers routed to it while active, state kept per thread."""
from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision


class KeywordRouter:
    """Routes start/continue requests to `interview`, 'Strategie' to `strategy`, everything else to smalltalk."""

    def route(self, text: str) -> RouteDecision:
        t = text.lower()
        if "check" in t or "fortsetzen" in t:
            return RouteDecision(agent="readiness", tool="interview", confidence=0.95)
        if "strategie" in t:
            return RouteDecision(agent="readiness", tool="strategy", confidence=0.95)
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)


def test_interview_over_the_supervisor_with_pause_and_resume():
    g = build_graph(router=KeywordRouter(), checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="rd-graph")  # noqa: E731
    assert say("KI-Check starten").tool == "interview"
    for text in ("Tischlerei", "8", "Gardelegen", "eher nicht", "3"):
        r = say(text)
        assert r.tool == "interview"  # free-text answers go to the running interview
    assert "Frage 3 von 24" in r.text
    assert say("Pause").tool == "interview"
    assert say("Hallo, wie geht's?").tool == "smalltalk"  # paused: normal routing again
    r = say("Interview fortsetzen")
    assert r.tool == "interview" and "Frage 3 von 24" in r.text
    for _ in range(22):
        r = say("teilweise")
    assert r.data["event"] == "done" and r.artifacts
    r = say("Strategie erstellen")
    assert r.tool == "strategy" and any(a.mime == "text/html" for a in r.artifacts)
    # another thread knows nothing of this interview
    other = run_turn(g, "Strategie bitte", role="guest", thread_id="rd-graph-2")
    assert "zuerst" in other.text
