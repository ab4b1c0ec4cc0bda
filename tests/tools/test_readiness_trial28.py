"""Trial 28: short self-descriptions fill every profile slot they contain (any staff noun, a bare place), the data
question with a lead-in gets the data FAQ, „Förderung“ has its own FAQ answer, a Hofladen next to a café is a mixed
business, and a visitor coming back to a paused check is read as „weiter“."""

from __future__ import annotations

import pytest

from tools.readiness.bank import load_bank
from tools.readiness.engine import start
from tools.readiness.faq import answer_for
from tools.readiness.mapper import comes_back, map_answer
from tools.readiness.profile import employees_mentioned, parse_trade, place_shown, region_named


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("fahrschule hier, 5 fahrlehrer, gardelegen", 5),
        ("Kfz-Werkstatt, 4 Gesellen, Salzwedel", 4),
        ("Pflegedienst, 22 Pflegekräfte, Stendal", 22),
        ("wir sind 9 Therapeutinnen", 9),
        ("Elektrobetrieb mit 15 Mitarbeitenden", 15),
        ("kfz werkstatt, 3 gesellen + ich, salzwedel", 4),
        ("Blumenladen mit 2 Floristinnen und mir", 3),
        ("2 Steuerberater und 4 Fachangestellte", 6),
        ("Moment, es sind eigentlich 7, ich hab die zwei Azubis vergessen", 7),
    ],
)
def test_a_head_count_is_read_with_any_staff_noun(text: str, count: int) -> None:
    assert employees_mentioned(text) == count


@pytest.mark.parametrize("text", ["Friseursalon mit 3 Stühlen", "Landgasthof mit 15 Zimmern", "Bäckerei seit 1961"])
def test_things_are_no_head_count(text: str) -> None:
    assert employees_mentioned(text) is None


def test_the_opening_fills_trade_size_and_place_from_a_bare_comma_list() -> None:
    turn = start(load_bank(), opening="fahrschule hier, 5 fahrlehrer, gardelegen")
    p = turn.state.profile
    assert (p.employees, p.region, p.region_class) == (5, "Gardelegen", "altmark")
    assert "Frage 1 von 24" in turn.text and "Region: Gardelegen" in turn.text


def test_a_place_without_comma_or_preposition_counts_in_a_short_description_only() -> None:
    assert region_named("tischlerei 8 leute gardelegen") == "gardelegen"
    assert region_named("Wir bauen eine Halle") is None  # a common noun, too
    long = "Wir sind eine Tischlerei und liefern Möbel an Kunden zwischen Berlin und Hamburg, auch nach Stendal"
    assert region_named(long) is None
    assert place_shown("gardelegen") == "Gardelegen" and place_shown("Sachsen-Anhalt") == "Sachsen-Anhalt"


@pytest.mark.parametrize(
    "question",
    [
        "was passiert mit meinen Angaben bei dem Check?",
        "Bevor ich anfange: was passiert mit meinen Angaben bei dem Check?",
    ],
)
def test_the_data_question_gets_the_data_answer(question: str) -> None:
    faq = answer_for(question)
    assert faq is not None and faq.question == "Was passiert mit meinen Daten?"


@pytest.mark.parametrize(
    "question", ["gibt es dafür Förderung?", "Gibt es Fördermittel für KI?", "Wird das gefördert?"]
)
def test_funding_questions_get_the_funding_answer_without_amounts(question: str) -> None:
    faq = answer_for(question)
    assert faq is not None and faq.question == "Gibt es dafür Förderung?"
    assert "Mittelstand-Digital" in faq.answer and "€" not in faq.answer


def test_a_hofladen_with_a_cafe_is_filed_by_the_cafe_and_the_other_trade_is_offered() -> None:
    assert parse_trade("Hofladen mit Café")[0] == "gastronomie"
    assert parse_trade("Hofladen")[0] == "landwirtschaft"
    assert parse_trade("Hofladen mit Direktvermarktung")[0] == "landwirtschaft"
    turn = start(load_bank(), opening="Hofladen mit Café, 6 Leute, bei Salzwedel")
    assert "Branche: Gastronomie/Hotel" in turn.text and "„Korrektur: Landwirtschaft“" in turn.text
    plain = start(load_bank(), opening="Tischlerei, 8 Leute, Gardelegen")
    assert "Korrektur:" not in plain.text  # one trade named: nothing offered


@pytest.mark.parametrize(
    ("text", "back"),
    [
        ("so, Mittag ist durch. Weiter", True),
        ("hallo, ich bin wieder da", True),
        ("so, da bin ich wieder", True),
        ("Wie geht es jetzt weiter?", False),
        ("ja, gelegentlich", False),
    ],
)
def test_coming_back_is_recognised(text: str, back: bool) -> None:
    assert comes_back(text) is back


def test_natural_answers_of_the_trial_are_understood() -> None:
    bank = load_bank()
    support = map_answer("IT-Firma aus Halberstadt", bank.question("tech_support"))
    assert support.intent == "answer" and support.value == 4.0
    lead = map_answer("ich kümmer mich selbst, aber Zeit ist knapp", bank.question("strategy_lead"))
    assert lead.intent == "answer" and lead.value is not None and 2.0 <= lead.value <= 3.0
    tried = map_answer("ja, ChatGPT hab ich mal für ne Stellenanzeige probiert", bank.question("strategy_experience"))
    assert tried.value is not None and tried.value <= 3.0  # „ne“ is the article here, and „probiert“ no daily use


@pytest.mark.parametrize(
    ("qid", "text", "value"),
    [
        ("tech_devices", "Service hat Tablets, Küche nicht", 3.0),  # was „nicht tablets“ → 1,6
        ("proc_documented", "Rezepte ja, sonst nicht", 2.0),  # was „ja“ → 4
        ("strategy_culture", "die Jüngeren schon, die Alten nicht", 3.0),
        ("proc_time", "eher nicht, wir sind voll ausgelastet", 2.0),  # no yes-part: not split
        ("gov_aiact", "nie gehört", 1.0),  # was 1,5 („gehört“ counted as „davon gehört“)
        ("coop_network", "Dehoga", 3.0),  # the trade's association named
    ],
)
def test_answers_of_the_browser_trial_get_their_level(qid: str, text: str, value: float) -> None:
    m = map_answer(text, load_bank().question(qid))
    assert m.intent == "answer" and m.value == value


@pytest.mark.parametrize(
    ("qid", "text", "value"),
    [
        ("strategy_culture", "die beiden machen mit", 4.0),
        ("tech_software", "nur die Kasse", 2.0),
        ("tech_devices", "Handy", 3.0),
    ],
)
def test_short_answers_of_the_flower_shop_are_understood(qid: str, text: str, value: float) -> None:
    m = map_answer(text, load_bank().question(qid))
    assert m.intent == "answer" and m.value == value


def test_mostly_digital_is_not_read_as_its_compound_end() -> None:
    m = map_answer("größtenteils digital", load_bank().question("proc_digital"))
    assert m.value == 4.0  # was „teils digital“ → 3


def test_the_evidence_quotes_the_visitors_own_spelling() -> None:
    """The confirmation had quoted the folded form („noch nie gehoert“, „ich kuemmere“) of what the visitor wrote."""
    from tools.readiness.engine import own_words

    assert own_words("Davon habe ich noch nie gehört.", "noch nie gehoert") == "noch nie gehört"
    assert own_words("Ich kümmere mich selbst drum", "ich kuemmere") == "Ich kümmere"
    assert own_words("Zum Teil, ja", "zum teil") == "Zum Teil"
    assert own_words("drei", "Zahl 3") == "Zahl 3"


def test_a_command_or_question_is_no_unknown_trade() -> None:
    """Hostile test 25: „und als Excel“ as the answer to the trade question was stored as „Branche: und als Excel“."""
    from tools.readiness.profile import looks_like_trade

    assert looks_like_trade("Wir sind ein Tattoostudio") and looks_like_trade("Fahrradverleih")
    assert looks_like_trade("Also, wir sind ein Bestattungsinstitut")
    assert not looks_like_trade("und als Excel") and not looks_like_trade("was kostet das?")
    assert not looks_like_trade("das Ergebnis als PDF")
