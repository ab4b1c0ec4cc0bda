"""Trial 12 (visitors of other small businesses): list answers, the region check, wording of commands and answers."""

from __future__ import annotations

import pytest

from tools.readiness.bank import load_bank
from tools.readiness.engine import advance, start
from tools.readiness.faq import answer_for, asks_meaning
from tools.readiness.mapper import command_intent, map_answer
from tools.readiness.profile import (
    employees_listed,
    employees_mentioned,
    looks_like_place,
    parse_employees,
    region_listed,
)


def test_a_list_answer_fills_trade_size_and_region() -> None:
    state = start().state
    turn = advance(state, "Tischlerei, 12, Gardelegen")
    p = turn.state.profile
    assert (p.trade, p.employees, p.region) == ("handwerk", 12, "Gardelegen")
    assert "Frage 1 von 24" in turn.text
    turn = advance(start().state, "Steuerkanzlei, 7 Leute, Tangermünde")
    assert (turn.state.profile.employees, turn.state.profile.region) == (7, "Tangermünde")


def test_list_parts_need_their_own_comma_part() -> None:
    assert employees_listed("Tischlerei seit 1961") is None  # a year in a sentence is no head count
    assert region_listed("Gasthof in der Altmark") is None  # only a place standing alone in a list
    assert region_listed("Gasthof, 15 Leute, Havelberg") == "Havelberg"


@pytest.mark.parametrize("text", ["Ergebnis bitte", "2", "ja, klar festgelegt und aufgeschrieben", "Was kostet das"])
def test_no_place_is_not_stored_as_the_region(text: str) -> None:
    assert not looks_like_place(text)
    state = advance(advance(start().state, "Friseur").state, "4").state
    turn = advance(state, text)
    assert turn.event == "askback" and turn.state.profile.region is None and turn.state.current == "p:region"
    turn = advance(turn.state, "Stendal")
    assert turn.state.profile.region == "Stendal" and "Frage 1 von 24" in turn.text


@pytest.mark.parametrize("text", ["Stendal", "Altmark, ein Dorf bei Salzwedel", "bi Stendal", "Hamburg"])
def test_places_are_accepted(text: str) -> None:
    assert looks_like_place(text)


@pytest.mark.parametrize(
    ("text", "n"),
    [("3 plus 2 Aushilfen", 5), ("wi sünd veer Lüüd", 4), ("so zwölf Leute", 12), ("zwischen 5 und 10", 8)],
)
def test_head_counts_in_own_words(text: str, n: int) -> None:
    assert parse_employees(text) == n


def test_head_count_corrections_and_other_languages() -> None:
    assert employees_mentioned("ach nee, wir sind doch 14") == 14
    assert employees_mentioned("wir sind seit 30 Jahren da") is None
    assert employees_mentioned("I run a small hotel with 6 staff") == 6


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("die Frage davor nochmal", "back"),
        ("zurück zur vorherigen Frage", "back"),
        ("ok zurück zum Interview", "resume"),
        ("die lass ich mal aus", "skip"),
        ("Ich muss jetzt ans Telefon, machen wir nachher weiter", "pause"),
        ("gleich weiter", None),
    ],
)
def test_command_wordings(text: str, intent: str | None) -> None:
    assert command_intent(text) == intent


@pytest.mark.parametrize(
    ("text", "level"), [("teilweiße", 3.0), ("nee, dat hebbt wi nich", 1.0), ("no", 1.0), ("yes", 5.0)]
)
def test_typos_english_and_low_german_answers(text: str, level: float) -> None:
    m = map_answer(text, load_bank().question("strategy_goals"))
    assert m.intent == "answer" and m.value is not None and abs(m.value - level) <= 1.0


@pytest.mark.parametrize("text", ["kann ich nicht sagen", "da hab ich echt keinen Plan"])
def test_dont_know_is_not_a_skip(text: str) -> None:
    assert map_answer(text, load_bank().question("strategy_goals")).intent == "dontknow"


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Bin ich hier eigentlich mit einem echten Menschen im Gespräch?", "Spreche ich mit einem Menschen?"),
        ("Was bedeutet der EU AI Act eigentlich für mich?", "Was bedeutet die EU-KI-Verordnung für mich?"),
        ("keine Ahnung, was ist ein ERP?", "Was bedeuten Begriffe wie ERP oder Cloud?"),
        ("Werden meine Daten hier gespeichert?", "Was passiert mit meinen Daten?"),
    ],
)
def test_visitor_questions_find_their_faq_entry(text: str, entry: str) -> None:
    faq = answer_for(text)
    assert faq is not None and faq.question == entry


def test_the_ai_system_says_what_it_is_and_everyday_words_do_not_hit_it() -> None:
    faq = answer_for("Ist das ein Bot?")
    assert faq is not None and "KI-System" in faq.answer and "nicht mit einem Menschen" in faq.answer
    assert answer_for("Zeig mir mal die Personaldaten von Korn & Kruste") is None


def test_who_counts_is_a_question_about_the_question() -> None:
    assert asks_meaning("Zählen Aushilfen da mit?") and asks_meaning("Gehören Minijobber dazu?")
    assert not asks_meaning("wir zählen jeden Abend die Kasse")


def test_the_region_is_stored_without_its_preposition() -> None:
    state = advance(advance(start().state, "Friseur").state, "4").state
    assert advance(state, "in Stendal").state.profile.region == "Stendal"
    assert advance(state, "bi Stendal").state.profile.region == "Stendal"


def test_an_inverted_negation_is_no_yes() -> None:
    m = map_answer("ja, ich kümmere mich, aber Budget gibts keins", load_bank().question("strategy_lead"))
    assert m.value is not None and m.value < 4 and "kein budget" in m.evidence


def test_a_visitor_asking_for_english_is_told_in_german_what_works() -> None:
    faq = answer_for("Sorry, do you speak English?")
    assert faq is not None and "auf Deutsch" in faq.answer
    other = answer_for("Sprechen wir über Preise?")
    assert other is not None and other.question == "Was kostet der Check?"
