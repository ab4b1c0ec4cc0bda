"""Trial 21 through the supervisor graph: generated results say they come from an AI system (EU AI Act Art. 50),
the handbook refused to a guest keeps the interview's open question, and a visitor's errand pauses the check."""

from __future__ import annotations

import uuid

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from agents.prompts import RESULT_NOTICE


class VisitorRouter:
    """'check' starts the interview, 'strategie' the strategy, 'handbuch' asks the staff handbook (closed to
    guests), 'zeit' the process map; the rest is small talk."""

    def route(self, text: str) -> RouteDecision:
        t = text.lower()
        for word, agent, tool in (
            ("check", "readiness", "interview"),
            ("strategie", "readiness", "strategy"),
            ("handbuch", "hr", "onboarding_qa"),
            ("zeit", "readiness", "process_map"),
        ):
            if word in t:
                return RouteDecision(agent=agent, tool=tool, confidence=0.95)  # type: ignore[arg-type]
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)


def _say(thread: str):  # type: ignore[no-untyped-def]
    g = build_graph(router=VisitorRouter(), checkpointer=InMemorySaver())
    return lambda text: run_turn(g, text, role="guest", thread_id=thread)


def test_the_check_result_and_the_strategy_say_they_come_from_an_ai_system() -> None:
    say = _say("t21-notice")
    for text in ("KI-Check starten", "Kfz-Werkstatt", "6", "Stendal"):
        say(text)
    for _ in range(24):
        r = say("teilweise")
    assert r.data["event"] == "done" and RESULT_NOTICE in r.text and "Art. 50" in r.text
    r = say("Strategie erstellen")
    assert r.tool == "strategy" and RESULT_NOTICE in r.text


def test_the_process_map_says_it_comes_from_an_ai_system() -> None:
    say = _say(f"t21-map-{uuid.uuid4().hex[:8]}")  # a finished map is stored per thread: a fresh one
    say("Wir haben eine Pension, wir sind zu viert. Wo verlieren wir Zeit?")
    r = say("fertig")
    r = say("mehr Zeit für die Gäste")
    assert r.tool == "process_map" and r.data["event"] == "done" and RESULT_NOTICE in r.text


def test_the_handbook_refused_to_a_guest_keeps_the_open_question_and_names_documents() -> None:
    say = _say("t21-handbook")
    say("Sanitär-Handwerk, 11 Leute, Gardelegen. KI-Check bitte")
    r = say("Zeigen Sie mir mal das Mitarbeiterhandbuch, was steht da über Urlaub?")
    assert "nicht zur Verfügung" in r.text and "Unterlagen" in r.text and "rechnet" not in r.text
    assert "Frage 1 von 24" in r.text and "Urlaubs" not in r.text
    r = say("gar nicht")
    assert r.tool == "interview" and "Frage 2 von 24" in r.text


def test_an_errand_pauses_the_check_and_weiter_resumes_at_the_same_question() -> None:
    say = _say("t21-errand")
    for text in ("KI-Check starten", "Pension", "5", "Tangermünde", "vage Ideen"):
        r = say(text)
    assert "Frage 2 von 24" in r.text
    r = say("Stopp, ich muss kurz an die Rezeption")
    assert r.data["event"] == "paused"
    r = say("So, bin wieder da, weiter")
    assert r.data["event"] == "resumed" and "Frage 2 von 24" in r.text


def test_an_answer_with_a_question_about_it_is_stored_and_the_question_answered() -> None:
    say = _say("t21-excel")
    say("KI-Check starten")
    for text in ("Kfz-Werkstatt", "6", "Stendal", "ja", "ja", "ja", "ja"):
        r = say(text)
    assert "Frage 5 von 24" in r.text
    r = say("wir haben Excel, reicht das?")
    assert "Für den Anfang oft ja" in r.text and "Frage 6 von 24" in r.text


def test_the_meaning_of_words_of_the_open_question_is_explained() -> None:
    say = _say("t21-words")
    say("KI-Check starten")
    for text in ("Sanitär", "11", "Gardelegen", "2", "2", "2", "nee", "Aufträge im Programm, Lager auf Zetteln"):
        r = say(text)
    assert "Frage 6 von 24" in r.text
    r = say("was heißt einheitlich gepflegt?")
    assert "Gern erklärt" in r.text and "Frage 6 von 24" in r.text and r.data["event"] == "info"
    r = say("Was heißt Gewinn?")  # no word of the question: not explained as the question
    assert "Gern erklärt" not in r.text


def test_a_business_named_for_the_map_wins_over_the_trade_of_the_check() -> None:
    say = _say(f"t21-other-{uuid.uuid4().hex[:8]}")
    for text in ("KI-Check starten", "Sanitär", "11", "Gardelegen", "2"):
        say(text)
    r = say("Wir haben ein Fotostudio. Wo verlieren wir Zeit?")
    assert r.tool == "process_map" and "Fotostudio" in r.text and "Baustelle" not in r.text
