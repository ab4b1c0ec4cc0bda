"""Trial 34 (browser): an interruption pauses the KI-Readiness check politely and the visitor's next answer goes on
at the open question; a cost question mid-check gets the honest cost answer."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn


def _interview(g, thread: str) -> dict:  # type: ignore[no-untyped-def]
    values = g.get_state({"configurable": {"thread_id": thread}}).values
    return dict(((values.get("memory") or {}).get("readiness") or {}).get("interview") or {})


def test_answer_after_an_interruption_goes_on() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t34-phone")  # noqa: E731
    assert "Frage 1" in say("Friseursalon, 4 Leute, Gardelegen").text
    assert "Frage 2" in say("nein").text
    paused = say("Moment, das Telefon klingelt")
    assert paused.tool == "interview" and paused.data.get("event") == "paused"
    assert "einordnen" not in paused.text and _interview(g, "t34-phone")["paused"]
    back = say("eher nicht")
    assert back.tool == "interview" and "Frage 3" in back.text and back.text.startswith("Willkommen zurück")
    state = _interview(g, "t34-phone")
    assert not state["paused"] and state["answers"]["strategy_lead"]["value"] == 2.0


def test_a_question_in_the_pause_keeps_it_paused() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t34-pause-q")  # noqa: E731
    say("Hofladen, 3 Leute, Stendal")
    say("bin gleich zurück")
    asked = say("Was kostet der Check eigentlich?")
    assert "kostet nichts" in asked.text and _interview(g, "t34-pause-q")["paused"]
    assert "Frage 1" in say("weiter").text


def test_cost_in_the_end_mid_check() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t34-cost")  # noqa: E731
    say("Tischlerei, 12 Leute, Salzwedel")
    say("nein")
    cost = say("was kostet mich das am Ende?")
    assert cost.text.startswith("Der Check kostet nichts") and "keine Summe" in cost.text
    assert "Frage 2" in cost.text and _interview(g, "t34-cost")["current"] == "q:strategy_lead"


def test_business_and_what_is_this_in_the_first_message() -> None:
    """Browser run 1: „Hallo, ich hab einen Friseursalon …, wir sind zu viert. Was ist das hier eigentlich?“ got the
    handbook refusal; now the question is answered and the check starts with the profile from the message."""
    g = build_graph(checkpointer=InMemorySaver())
    first = run_turn(
        g,
        "Hallo, ich hab einen Friseursalon in Gardelegen, wir sind zu viert. Was ist das hier eigentlich?",
        role="guest",
        thread_id="t34-what",
    )
    assert first.tool == "interview" and "synerKI Assistenten" in first.text and "Frage 1" in first.text
    assert "Friseur" in first.text and "4 Beschäftigte" in first.text
