"""Trial 21 (visitors of rural small businesses): mixed answers, corrections by question number, errands that
pause, questions about the assistant itself, request verbs, and ranges of hours in the process map."""

from __future__ import annotations

import pytest

from tools.readiness.bank import load_bank
from tools.readiness.engine import advance, start
from tools.readiness.faq import answer_for
from tools.readiness.mapper import ACCEPT, command_intent, map_answer
from tools.readiness.process_parse import parse_hours


@pytest.mark.parametrize(
    ("qid", "text", "low", "high"),
    [
        ("strategy_lead", "ich kümmer mich schon, aber Geld dafür gibt's eigentlich keins", 2.0, 3.5),
        ("tech_internet", "Internet ist okay, aber nicht super schnell", 2.0, 3.5),
    ],
)
def test_a_yes_and_a_no_on_purpose_is_a_partial_answer(qid: str, text: str, low: float, high: float) -> None:
    m = map_answer(text, load_bank().question(qid))
    assert m.intent == "answer" and m.value is not None and low <= m.value <= high and m.confidence >= ACCEPT


def test_opposite_hedges_without_a_contrast_still_ask_back() -> None:
    m = map_answer("ja nein", load_bank().question("strategy_goals"))
    assert m.confidence < ACCEPT


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Stopp, ich muss kurz an die Rezeption", "pause"),
        ("ich muss mal eben ans Telefon", "pause"),
        ("Moment, bin gleich wieder da", "pause"),
        ("wir machen in der Backstube keine Pause", None),
        ("ich muss an die Daten ran", None),
    ],
)
def test_a_short_errand_pauses(text: str, intent: str | None) -> None:
    assert command_intent(text) == intent


def _at_question_three() -> object:
    bank = load_bank()
    state = start(bank, opening="Hofladen").state
    for answer in ("8", "Salzwedel", "eher nicht", "ja"):
        state = advance(state, answer, bank).state
    return state


def test_a_correction_named_by_question_number_changes_that_answer_and_keeps_the_open_question() -> None:
    bank = load_bank()
    state = _at_question_three()
    before = state.answers["strategy_goals"].value  # type: ignore[attr-defined]
    turn = advance(state, "bei Frage 1 meinte ich eigentlich ja, wir haben da was aufgeschrieben", bank)  # type: ignore[arg-type]
    assert turn.state.current == "q:strategy_culture" and "Korrigiert – Frage 1" in turn.text
    assert (turn.state.answers["strategy_goals"].value or 0) > (before or 0)
    assert "strategy_culture" not in turn.state.answers


def test_a_question_number_not_yet_answered_is_no_correction() -> None:
    bank = load_bank()
    turn = advance(_at_question_three(), "bei Frage 9 meinte ich eigentlich ja", bank)  # type: ignore[arg-type]
    assert "Korrigiert" not in turn.text


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("sind Sie eine KI?", "Spreche ich mit einem Menschen?"),
        ("bin ich hier mit nem Menschen am Schreiben?", "Spreche ich mit einem Menschen?"),
        ("Was heißt eigentlich KI?", "Was heißt eigentlich KI?"),
        ("Kann ich schon das Ergebnis sehen?", "Wann sehe ich mein Ergebnis?"),
    ],
)
def test_questions_about_the_assistant_get_the_ai_disclosure(text: str, heading: str) -> None:
    faq = answer_for(text)
    assert faq is not None and faq.question == heading
    if heading.startswith("Spreche"):
        assert "KI-System" in faq.answer and not faq.answer.startswith("Nein")


def test_a_request_verb_alone_does_not_make_a_result_question() -> None:
    assert answer_for("Zeigen Sie mir mal das Mitarbeiterhandbuch, was steht da über Urlaub?") is None


def test_the_cost_answer_covers_what_an_ai_solution_costs() -> None:
    faq = answer_for("was kostet so eine KI-Lösung für uns?")
    assert faq is not None and "kostet nichts" in faq.answer and "Anwendungsfall" in faq.answer


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("jeden Tag so ne Stunde, manchmal zwei", 10.5),  # 1.5 h a day, 7 days
        ("jeden Tag so ne Stunde", 7.0),
        ("2 Stunden, oft auch 3", 2.5),
        ("jeden Tag eine Stunde, manchmal zwei Leute", 7.0),  # a second figure of people is no range
    ],
)
def test_ranges_and_the_colloquial_article_in_hours(text: str, hours: float) -> None:
    assert parse_hours(text, 7)[0] == hours


def test_a_statement_with_a_tag_question_is_an_answer_not_a_faq_question() -> None:
    assert answer_for("unsere Daten sind ok, oder?") is None
    assert answer_for("Was passiert mit meinen Daten?") is not None


def test_excel_has_its_own_faq_answer() -> None:
    faq = answer_for("wir haben Excel, reicht das?")
    assert faq is not None and "Excel" in faq.answer


def test_a_correction_to_the_same_level_says_it_stays() -> None:
    bank = load_bank()
    turn = advance(_at_question_three(), "bei Frage 1 meinte ich eigentlich eher nicht", bank)  # type: ignore[arg-type]
    assert "Frage 1 bleibt bei Stufe 2" in turn.text and "Korrigiert" not in turn.text
