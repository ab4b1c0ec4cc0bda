"""The lead's mends after trial 23's hold-out: a counter-question in the check never ends or pauses it – „Was genau
meinen Sie mit Zielen?“ is explained, a strategy request waits for the end without pausing, and „vier von fünf“ and
„Moment, nochmal zurück“ are an answer and a command."""

from __future__ import annotations

from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import build_graph, run_turn
from agents.nlu.router import RouteDecision
from tools.readiness.faq import asks_meaning
from tools.readiness.mapper import command_intent


class ZieleRouter:
    """Picks the strategy for every message naming goals or a strategy (as the real router did for „Was genau
    meinen Sie mit Zielen?“), the interview for „check“, small talk for the rest."""

    def route(self, text: str) -> RouteDecision:
        t = text.lower()
        if "ziel" in t or "strategie" in t:
            return RouteDecision(agent="readiness", tool="strategy", confidence=0.95)
        if "check" in t:
            return RouteDecision(agent="readiness", tool="interview", confidence=0.95)
        return RouteDecision(agent="supervisor", tool="smalltalk", confidence=0.95)


def _say(thread: str):  # type: ignore[no-untyped-def]
    g = build_graph(router=ZieleRouter(), checkpointer=InMemorySaver())
    return lambda text: run_turn(g, text, role="guest", thread_id=thread)


def _start(say) -> None:  # type: ignore[no-untyped-def]
    r = say("Friseursalon, 6 Leute, Osterburg. KI-Check bitte")
    assert "Frage 1 von" in r.text


def test_a_question_for_a_word_of_the_open_question_is_explained_and_the_check_goes_on() -> None:
    say = _say("cq-ziele")
    _start(say)
    r = say("Was genau meinen Sie mit Zielen?")
    assert r.tool == "interview" and "Gern erklärt" in r.text and "Frage 1 von" in r.text
    r = say("Nee, nichts Konkretes.")
    assert r.tool == "interview" and "Frage 2 von" in r.text


def test_a_strategy_asked_during_the_check_waits_for_its_end_without_pausing_it() -> None:
    say = _say("cq-strategie")
    _start(say)
    r = say("Erstellen Sie mir lieber gleich eine KI-Strategie!")
    assert r.tool == "strategy" and "läuft noch" in r.text and "Frage 1 von" in r.text and "weiter" not in r.text
    r = say("eher nicht")
    assert r.tool == "interview" and "Frage 2 von" in r.text


def test_meaning_questions_with_fillers_and_spoken_ratings_and_back_commands() -> None:
    for text in ("Was genau meinen Sie mit Zielen?", "Was verstehen Sie unter Datenqualität?", "Was heißt denn das?"):
        assert asks_meaning(text), text
    assert not asks_meaning("Was kostet eine Beratung?")
    for text in ("Moment, nochmal zurück", "warte, zurück", "oh, zurück bitte"):
        assert command_intent(text) == "back", text
    assert command_intent("Moment, das stimmt so") is None


def test_a_rating_in_number_words_out_of_five_is_that_rating() -> None:
    from tools.readiness.mapper import _rating

    assert _rating("vier von fuenf wuerde ich sagen", True) == 4.0
    assert _rating("eine von fuenf", True) == 1.0
    assert _rating("seit 5 jahren", True) is None


def test_an_unreliable_connection_in_everyday_words_is_a_low_rating() -> None:
    from tools.readiness.mapper import map_answer

    for text in ("Auf dem Land eher wackelig.", "Das Netz ist mau"):
        assert map_answer(text).value == 2.0, text
