"""Trial 28 (browser): a visitor back from the lunch rush („so, Mittag ist durch. Weiter“) resumes the paused check
instead of landing in the help, and „gibt es dafür Förderung?“ after the result names where support is found."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn

ANSWERS = ["nein", "2", "ja", "2", "3", "3", "3", "2", "2", "ja", "3", "4"] + ["2"] * 12


def test_coming_back_after_a_pause_resumes_the_check() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t28-pause")  # noqa: E731
    say("Landgasthof mit 12 Zimmern, 14 Leute, bei Gardelegen")
    say("nein")
    r = say("ich muss in die Küche, Mittagsgeschäft. Später weiter?")
    assert r.data.get("event") == "paused"
    r = say("so, Mittag ist durch. Weiter")
    assert r.tool == "interview" and r.data.get("event") == "resumed" and "Frage 2 von 24" in r.text
    r = say("teilweise")
    assert "Frage 3 von 24" in r.text


def test_funding_after_the_result_is_answered_not_the_whole_strategy() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t28-funding")  # noqa: E731
    say("Blumenladen, 2 Floristinnen und ich, Osterburg")
    for text in ANSWERS:
        r = say(text)
    assert r.data.get("event") == "done"
    r = say("gibt es dafür Förderung?")
    assert "Mittelstand-Digital" in r.text and "Handwerkskammer" in r.text
    assert "Vision:" not in r.text  # not the whole strategy once more


def test_a_request_in_answer_to_the_trade_question_is_asked_back_not_stored() -> None:
    """Hostile test 25: „und als Excel“ right after the check started was stored as „Branche: und als Excel“."""
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t28-no-trade")  # noqa: E731
    say("KI-Check starten")
    r = say("und als Excel")
    assert r.tool == "interview" and r.data.get("event") == "askback" and "Branche:" not in r.text
    r = say("Bestattungsinstitut")
    assert "Branche: Bestattungsinstitut." in r.text
