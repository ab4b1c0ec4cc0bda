"""Trial 23 (a Friseursalon and a Tischlerei in the check): a short first answer before its reason, family
members who look after the IT, the result as PDF asked in the middle of the interview."""

from __future__ import annotations

import pytest

from tools.readiness.bank import load_bank
from tools.readiness.faq import answer_for
from tools.readiness.mapper import ACCEPT, command_intent, map_answer


@pytest.mark.parametrize(
    ("qid", "text", "want"),
    [
        ("proc_time", "eher nicht, wir sind immer ausgebucht", 2.0),
        ("proc_digital", "Nein, wir schreiben immer alles auf Papier", 1.0),
    ],
)
def test_a_short_first_clause_answers_and_the_rest_gives_the_reason(qid: str, text: str, want: float) -> None:
    m = map_answer(text, load_bank().question(qid))
    assert m.intent == "answer" and m.value == want and m.confidence >= ACCEPT


def test_a_yes_and_a_no_set_against_each_other_stays_a_partial_answer() -> None:
    m = map_answer("ja schon, aber Geld gibt's keins", load_bank().question("strategy_lead"))
    assert m.value is not None and 2.0 <= m.value <= 3.5


@pytest.mark.parametrize("who", ["mein Schwager", "meine Schwester", "der Bruder meiner Frau", "unser Nachbar"])
def test_a_family_member_looking_after_the_it_is_level_two(who: str) -> None:
    m = map_answer(f"Das macht {who} nebenbei, Virenschutz ist drauf.", load_bank().question("tech_support"))
    assert m.intent == "answer" and m.value == 2.0 and m.confidence >= ACCEPT


def test_a_plain_no_is_not_read_as_a_family_member() -> None:
    m = map_answer("nicht wirklich", load_bank().question("tech_support"))
    assert m.value is not None and m.value <= 2.0 and "nichte" not in " ".join(m.evidence)


@pytest.mark.parametrize("text", ["Kann ich das als PDF bekommen?", "Kann ich das ausdrucken?"])
def test_the_result_as_pdf_is_answered_in_the_middle_of_the_interview(text: str) -> None:
    entry = answer_for(text)
    assert entry is not None and "PDF" in entry.answer and "Strategie erstellen" in entry.answer


@pytest.mark.parametrize(
    "text", ["Ich muss jetzt leider los, kann ich später weitermachen?", "machen wir morgen weiter", "muss dann los"]
)
def test_leaving_in_own_words_is_the_pause(text: str) -> None:
    assert command_intent(text) == "pause"


def test_a_question_about_ones_answers_is_the_data_faq() -> None:
    entry = answer_for("Was passiert eigentlich mit meinen Angaben?")
    assert entry is not None and entry.question == "Was passiert mit meinen Daten?"
