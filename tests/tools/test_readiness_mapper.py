"""Answer mapping: hedges, numbers, keywords, commands, asking back when unsure."""

from __future__ import annotations

import pytest

from tools.readiness.bank import DIMENSION_IDS, load_bank
from tools.readiness.mapper import ACCEPT, command_intent, map_answer
from tools.readiness.profile import parse_employees, parse_trade, region_class, size_class


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_bank_has_six_dimensions_with_four_questions_and_five_levels(bank):
    assert tuple(d.id for d in bank.dimensions) == DIMENSION_IDS
    for d in bank.dimensions:
        assert len(d.questions) >= 4 and sorted(d.levels) == [1, 2, 3, 4, 5]
        for q in d.questions:
            assert sorted(q.levels) == [1, 2, 3, 4, 5] and q.dimension == d.id
    assert len(set(bank.item_ids())) == len(bank.item_ids())


@pytest.mark.parametrize(
    "text,level",
    [
        ("eher nicht", 2),
        ("3", 3),
        ("Nein", 1),
        ("ja", 4),
        ("ja, absolut", 5),
        ("teilweise", 3),
        ("jein", 3),
        ("eher 4", 4),
        ("2 von 5", 2),
        ("fünf", 5),
        ("nö", 1),
        ("nicht wirklich", 2),
        ("eher nich", 2),
        ("kaum", 2),
        ("überhaupt nicht", 1),
    ],
)
def test_generic_answers_map_to_expected_level(bank, text, level):
    m = map_answer(text, bank.question("strategy_goals"))
    assert m.intent == "answer" and m.confidence >= ACCEPT
    assert round(m.value) == level


def test_keywords_of_the_question_count(bank):
    q = bank.question("data_capture")
    assert map_answer("nur auf Papier", q).value == 1
    assert map_answer("Zettelwirtschaft", q).value == 1  # compound word
    m = map_answer("teilweise, wir haben eine Excel-Liste", q)
    assert 2 <= m.value < 3 and m.confidence >= ACCEPT
    assert map_answer("nicht regelmäßig", bank.question("data_use")).value == 2  # negated keyword


def test_between_two_levels_gives_half_step(bank):
    assert map_answer("zwischen 2 und 3", bank.question("data_use")).value == 2.5


@pytest.mark.parametrize("text", ["hm, kommt drauf an", "das ist schwer zu sagen", "7", "wir haben 12 Mitarbeiter"])
def test_unsure_or_out_of_range_is_not_accepted(bank, text):
    m = map_answer(text, bank.question("strategy_lead"))
    assert m.intent == "unclear" or m.confidence < ACCEPT


def test_contradicting_signals_lower_the_confidence(bank):
    m = map_answer("ja gut, aber eigentlich gar nicht", bank.question("strategy_culture"))
    assert m.confidence < ACCEPT


@pytest.mark.parametrize(
    "text,intent",
    [
        ("zurück", "back"),
        ("Pause", "pause"),
        ("überspringen", "skip"),
        ("abbrechen", "abort"),
        ("weiter", "resume"),
        ("Interview fortsetzen", "resume"),
        ("weiß nicht", "dontknow"),
        ("keine Ahnung", "dontknow"),
    ],
)
def test_commands_and_dont_know(bank, text, intent):
    assert map_answer(text, bank.question("data_quality")).intent == intent


@pytest.mark.parametrize("text", ["ok weiter mit dem Check", "dann machen wir weiter", "weiter mit den Fragen bitte"])
def test_resume_in_everyday_words(text):
    """Trial 6: 'ok weiter mit dem Check' was taken as the answer to the headcount question ('lasse ich offen')."""
    assert command_intent(text) == "resume"


def test_long_sentences_are_not_commands():
    assert command_intent("wir machen mittags immer eine lange Pause in der Backstube") is None


def test_ordinals_only_after_asking_back(bank):
    q = bank.question("tech_support")
    assert map_answer("die zweite", q).intent == "unclear"
    assert map_answer("die zweite", q, asked_back=True).value == 2


def test_profile_parsing():
    assert parse_trade("Wir sind eine Tischlerei")[0] == "handwerk"
    assert parse_trade("Bäckerei mit 8 Filialen")[0] == "baeckerei"
    assert parse_trade("Fahrradverleih") == ("sonstige", "Fahrradverleih")
    assert parse_employees("ca. 45 Leute") == 45
    assert parse_employees("zwischen 10 und 20") == 15
    assert parse_employees("nur ich") == 1
    assert parse_employees("keine Ahnung") is None
    # number words count, the article "ein/eine" does not (one shared table: tools/number_words.py)
    assert parse_employees("Wir sind ein kleiner Betrieb mit zwölf Leuten") == 12
    assert parse_employees("eine Bäckerei mit acht Mitarbeitern") == 8
    assert parse_employees("sechzig") == 60
    assert size_class(45)[0] == "klein" and size_class(9)[0] == "kleinst" and size_class(300)[0] == "gross"
    assert region_class("Tangermünde") == "altmark" and region_class("München") == "sonstige"


def test_words_inside_answers_are_not_commands_or_ratings(bank):
    assert map_answer("wir greifen noch auf Papier zurück", bank.question("data_capture")).value == 1
    assert map_answer("ja, seit 5 Jahren", bank.question("strategy_experience")).value == 4
    assert map_answer("ich sage mal drei", bank.question("strategy_experience")).value == 3


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ich muss mal kurz weg, machen wir später weiter", "pause"),
        ("So, bin wieder da. Weiter gehts", "resume"),
        ("Das möchte ich lieber nicht sagen", "skip"),
        ("Das ist mir zu persönlich", "skip"),
    ],
)
def test_commands_as_one_clause_of_a_longer_message(text, intent):
    """Trial 8: a pause or resume said in a sentence with a remark around it was taken as an answer."""
    assert command_intent(text) == intent


def test_an_answer_next_to_weiter_stays_an_answer():
    assert command_intent("Ja, gelegentlich. Weiter.") is None
    assert command_intent("Wir arbeiten weiter, mit Papier") is None


def test_mehr_nicht_negates_nothing(bank):
    """Trial 8: „wir haben so vage Ideen, mehr nicht“ read as 1,8 because of the „nicht“."""
    assert map_answer("wir haben so vage Ideen, mehr nicht", bank.question("strategy_goals")).value == 2
    from tools.readiness.mapper import normalize

    assert normalize("Wir nutzen es nicht mehr") == "wir nutzen es nicht mehr"


def test_no_time_now_pauses_but_no_time_for_something_is_an_answer():
    """Trial 8 hold-out: „Stopp, ich hab grad keine Zeit mehr“ was taken as an answer."""
    assert command_intent("Stopp, ich hab grad keine Zeit mehr") == "pause"
    assert command_intent("ich habe gerade keine Zeit") == "pause"
    assert command_intent("dafür haben wir keine Zeit") is None


def test_everyday_middle_words_are_level_three(bank):
    """Trial 22: „so halbwegs“ was asked back; everyday words for the middle of the scale map to level 3."""
    for text in ("so halbwegs", "halbwegs", "durchwachsen", "so lala", "hin und wieder"):
        m = map_answer(text, bank.question("strategy_goals"))
        assert m.intent == "answer" and m.confidence >= ACCEPT and round(m.value) == 3, text


def test_number_words_of_a_head_count_are_read_whole() -> None:
    """Trial 22: „achtzehn Beschäftigte“ became 10 (its tail „zehn“); every number word up to 99 is read whole."""
    from tools.number_words import NUMBER_WORDS
    from tools.readiness.profile import employees_mentioned

    assert NUMBER_WORDS["achtzehn"] == 18 and NUMBER_WORDS["fuenfundzwanzig"] == 25 and NUMBER_WORDS["neunzig"] == 90
    assert employees_mentioned("Landbäckerei mit achtzehn Beschäftigten") == 18
    assert employees_mentioned("Pflegedienst mit fünfundzwanzig Mitarbeiterinnen") == 25
    assert employees_mentioned("eine Bäckerei mit acht Leuten") == 8
    assert parse_employees("siebzehn") == 17
