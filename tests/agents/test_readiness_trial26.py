"""Trial 26: „Wie geht es jetzt weiter?“ / „Und jetzt?“ / „Was mache ich jetzt damit?“ after the check's result say
what comes next (first steps, use cases, process map, report) instead of answering with the data FAQ."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn

ANSWERS = ["nein", "2", "ja", "2", "3", "3", "3", "2", "2", "ja", "3", "4"] + ["2"] * 12


@pytest.mark.parametrize("question", ["Wie geht es jetzt weiter?", "Und jetzt?", "Was mache ich jetzt damit?"])
def test_what_next_after_the_result_gives_the_next_steps(question: str) -> None:
    g = build_graph(checkpointer=InMemorySaver())
    thread = f"t26-{question}"
    say = lambda text: run_turn(g, text, role="guest", thread_id=thread)  # noqa: E731
    say("Hofladen mit Café, 6 Leute, in Havelberg. KI-Check starten.")
    for text in ANSWERS:
        r = say(text)
    assert r.data.get("event") == "done"
    r = say(question)
    assert r.tool == "strategy"
    assert r.text.startswith("So geht es jetzt weiter:")
    assert "3 Monaten" in r.text and "Prozesslandkarte starten" in r.text and "PDF" in r.text
    assert "Gesprächsspeicher" not in r.text  # not the data FAQ
    assert any(a.mime == "application/pdf" for a in r.artifacts)


def test_what_next_in_the_middle_of_the_check_says_how_much_is_left() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t26-mid")  # noqa: E731
    say("Fahrschule in Osterburg, 6 Leute. KI-Check starten.")
    for text in ANSWERS[:5]:
        say(text)
    r = say("Wie geht es jetzt weiter?")
    assert r.tool == "interview" and "noch 19 Fragen" in r.text and "Frage 6 von 24" in r.text
    assert "nicht eingehen" not in r.text


def test_where_were_we_repeats_the_open_question_and_the_ask_back_is_explained() -> None:
    g = build_graph(checkpointer=InMemorySaver())
    say = lambda text: run_turn(g, text, role="guest", thread_id="t26-wo")  # noqa: E731
    say("Hofladen mit Café, 6 Leute, bei Salzwedel. KI-Check starten.")
    for text in ["nein", "2", "ja", "1", "nein, alles auf Papier", "2", "2"]:
        say(text)
    r = say("ja, jede Woche mit Dashboard")
    assert r.data["event"] == "followup"
    r = say("wie meinen Sie das?")
    assert "stimmt so" in r.text and "setzt meist voraus" in r.text and r.data["current"] == "f:data"
    r = say("stimmt so")
    assert "bisherigen Antworten" in r.text and "Frage 9 von 24" in r.text
    r = say("sorry, kundschaft – wo waren wir?")
    assert r.text.startswith("Gern noch einmal") and "Frage 9 von 24" in r.text
