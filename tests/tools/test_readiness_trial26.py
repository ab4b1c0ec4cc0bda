"""Trial 26: the consistency ask-back fires only on a real contradiction, and its answer never shifts later ones."""

from __future__ import annotations

import json

from tools.readiness.bank import load_bank
from tools.readiness.engine import InterviewState, advance, keeps_answers, start
from tools.readiness.faq import answer_for
from tools.readiness.mapper import map_answer

PROFILE = ["Hofladen mit Café", "6", "Havelberg"]


def _say(state: InterviewState, *texts: str):
    turn = None
    for t in texts:
        state = InterviewState.model_validate(json.loads(json.dumps(state.model_dump(mode="json"))))
        turn = advance(state, t)
        state = turn.state
    return turn


def test_answers_that_differ_without_contradiction_are_not_asked_back():
    # no goals, an open team, partners yes but never a university: different facts, no contradiction
    t = _say(start().state, *PROFILE, "nein", "2", "ja", "1")
    assert t.event == "question" and t.state.current == "q:data_capture"
    t = _say(t.state, "ja", "3", "3", "2", "2", "ja", "3", "4", "1", "2", "1", "nein", "4", "2", "1")
    assert t.event == "question" and t.state.current == "q:coop_customers" and "Frage 20 von 24" in t.text
    assert not t.state.followups and t.state.pending_followup is None


def _to_conflict() -> InterviewState:
    t = _say(start().state, *PROFILE, "2", "2", "2", "2", "1", "2", "2", "5")
    assert t.event == "followup" and t.state.pending_followup is not None
    return t.state


def test_confirming_the_answers_keeps_them_and_goes_on():
    t = _say(_to_conflict(), "stimmt schon so")
    assert "bisherigen Antworten" in t.text and "Frage 9 von 24" in t.text
    assert t.state.answers["data_use"].value == 5 and t.state.answers["data_use"].corrected_from is None


def test_an_unclear_reply_to_the_ask_back_is_not_asked_again_and_shifts_nothing():
    t = _say(_to_conflict(), "hm, kommt drauf an")
    assert t.event == "question" and t.state.current == "q:tech_internet"
    t = _say(t.state, "ja")  # the visitor's next answer lands on the question it was given for
    assert t.state.answers["tech_internet"].value == 4 and t.state.current == "q:tech_software"


def test_a_negated_confirmation_is_no_confirmation():
    assert keeps_answers("passt so") and keeps_answers("beides stimmt")
    assert not keeps_answers("das stimmt so nicht") and not keeps_answers("3")


def test_no_time_after_a_pronoun_is_a_plain_no():
    q = load_bank().question("proc_time")
    m = map_answer("Dafür haben wir keine Zeit.", q)
    assert m.value == 1.0 and m.confidence >= 0.6


def test_what_next_is_no_question_about_data():
    assert answer_for("Wie geht es jetzt weiter?") is None
    assert answer_for("Werden meine Daten weitergegeben?") is not None


def test_naming_the_questions_own_term_is_a_partial_yes():
    q = load_bank().question("coop_network")
    m = map_answer("über den Verband", q)
    assert m.intent == "answer" and m.value == 3.0 and m.confidence >= 0.6 and m.evidence == ["verband"]
    assert map_answer("Verband? nee", q).value == 1.0
    assert map_answer("Was meinen Sie mit Verband?", q).intent == "unclear"
