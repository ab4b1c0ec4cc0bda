"""Trial 34: mixed and partial short answers, the budget question's polarity, the cost „am Ende“, interruptions
and „nein, eigentlich eher 3“ in the KI-Readiness check."""

from __future__ import annotations

import pytest

from tools.readiness.bank import load_bank
from tools.readiness.engine import advance, start
from tools.readiness.faq import answer_for
from tools.readiness.mapper import command_intent, map_answer


def _value(text: str, qid: str) -> float | None:
    return map_answer(text, load_bank().question(qid)).value


@pytest.mark.parametrize(
    "text",
    ["für Hygiene ja, sonst nö", "im Laden ja, in der Werkstatt nö", "im Winter ja", "für den Laden ja"],
)
def test_partial_yes_lands_in_the_middle(text: str) -> None:
    value = _value(text, "strategy_goals")
    assert value is not None and 2.0 <= value <= 3.0


def test_mixed_staff_and_yes_and_no_phrases() -> None:
    assert _value("die Jungen ja, die Älteren nö", "strategy_culture") == 3.0
    assert _value("teils ja teils nein", "strategy_goals") == 3.0
    assert _value("ja und nein", "strategy_goals") == 3.0


@pytest.mark.parametrize("text", ["für uns ja", "im Großen und Ganzen ja", "auf jeden Fall ja", "im Moment ja"])
def test_a_plain_yes_with_an_idiom_stays_high(text: str) -> None:
    value = _value(text, "strategy_goals")
    assert value is not None and value >= 4.0


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("ich kümmere mich selbst, mit festem Budget", 4.0, 4.0),
        ("mit festem Budget", 4.0, 4.0),
        ("wir haben ein festes Budget", 4.0, 4.0),
        ("kein festes Budget", 3.0, 3.0),
        ("festes Budget haben wir nicht", 3.0, 3.0),
        ("haben wir nicht eingeplant", 3.0, 3.0),
        ("Budget haben wir dafür nicht eingeplant", 3.0, 3.0),
        ("Budget ja, aber klein", 3.5, 4.0),
        ("ja, aber ohne festes Budget", 3.0, 3.5),
    ],
)
def test_budget_polarity(text: str, lo: float, hi: float) -> None:
    value = _value(text, "strategy_lead")
    assert value is not None and lo <= value <= hi


def test_polarity_ignores_function_words() -> None:
    """„davon gehört, aber nicht damit beschäftigt“ is read as before: only nouns of the level texts are polar."""
    assert _value("davon gehört, aber nicht damit beschäftigt", "gov_aiact") == pytest.approx(1.62, abs=0.01)


def test_cost_in_the_end_is_the_cost_answer() -> None:
    for text in (
        "was kostet mich das am Ende?",
        "Und was kostet mich das Ganze am Ende?",
        "was kostet das unterm Strich?",
    ):
        entry = answer_for(text)
        assert entry is not None and entry.answer.startswith("Der Check kostet nichts")
        assert "keine Summe" in entry.answer  # no price invented
    entry = answer_for("Was kommt am Ende heraus?")
    assert entry is not None and entry.question == "Was kommt am Ende heraus?"


@pytest.mark.parametrize(
    "text",
    [
        "Moment, das Telefon klingelt",
        "bin gleich zurück",
        "Augenblick, da kommt grad ein Kunde rein",
        "Moment bitte",
        "können wir das später machen?",
    ],
)
def test_interruptions_pause(text: str) -> None:
    assert command_intent(text) == "pause"


@pytest.mark.parametrize(
    "text", ["Moment, was heißt das?", "ja, im Moment schon", "wir haben ein Telefon, das klingelt ständig"]
)
def test_no_interruption(text: str) -> None:
    assert command_intent(text) != "pause"


def test_no_actually_corrects_the_answer_just_given() -> None:
    state = start(load_bank(), opening="Friseursalon, 4 Leute, Gardelegen").state
    state = advance(state, "schriftlich festgelegt").state
    assert state.answers["strategy_goals"].value == 4.0
    turn = advance(state, "nein, eigentlich eher 3")
    assert turn.state.answers["strategy_goals"].value == 3.0
    assert "strategy_lead" not in turn.state.answers and turn.state.current == "q:strategy_lead"
    assert "Korrigiert – Frage 1" in turn.text


def test_pause_text_says_answers_are_kept() -> None:
    state = start(load_bank(), opening="Friseursalon, 4 Leute, Gardelegen").state
    turn = advance(state, "Moment, das Telefon klingelt")
    assert turn.event == "paused" and turn.state.paused
    assert "bleiben erhalten" in turn.text and "offene Frage" in turn.text


def test_yes_for_one_task_is_partial() -> None:
    """„ja, ChatGPT für Instagram-Texte“ is one task (3), „ja, regelmäßig beim Stammtisch“ keeps its „regelmäßig“."""
    assert _value("ja, ChatGPT für Instagram-Texte", "strategy_experience") == 3.0
    assert _value("ja, regelmäßig beim Stammtisch", "coop_network") == 4.0
    assert _value("ja, für alles", "strategy_experience") == 4.0


def test_what_is_this_gets_the_visitor_answer() -> None:
    for text in ("Was ist das hier eigentlich?", "was kann ich hier machen?"):
        entry = answer_for(text)
        assert entry is not None and "KI-Readiness-Check" in entry.answer and "Prozesslandkarte" in entry.answer


def test_chatty_budget_and_culture_answers() -> None:
    """Browser run 2: „Geld dafür haben wir nicht extra“ is „kein Geld“, not a flat „nicht“ = 1; a keen daughter and a
    sceptical husband are no „Ablehnung“ (asked back)."""
    lead = _value("Das mache ich selber am Abend, wenn Zeit ist. Geld dafür haben wir nicht extra.", "strategy_lead")
    assert lead is not None and 2.0 <= lead <= 3.0
    mixed = map_answer(
        "Meine Tochter ist ganz heiß drauf, mein Mann hält gar nichts davon, die Aushilfen ist es egal.",
        load_bank().question("strategy_culture"),
    )
    assert mixed.value is not None and mixed.value > 1.0 and mixed.confidence < 0.6  # asked back, never „Stufe 1“


def test_implementation_cost_leads_with_the_solution() -> None:
    entry = answer_for("was kostet mich die Umsetzung?")
    assert entry is not None and entry.answer.startswith("Was eine KI-Lösung")
    assert "keine Summe" in entry.answer and "Der Check kostet nichts" in entry.answer


def test_the_rest_on_paper_is_partial() -> None:
    """Browser run 1: „Termine ja, alles andere auf Papier“ was „ja, alles“ (evidence) and then a plain „ja“."""
    m = map_answer("Termine ja, alles andere auf Papier", load_bank().question("data_capture"))
    assert m.value is not None and 2.0 <= m.value <= 3.0 and "ja alles" not in m.evidence


def test_browser_run_5_words() -> None:
    """„privat ja, im Laden nicht“ is the question's „privat“ (2), not „teils“; a Fahrradwerkstatt is no Kfz firm."""
    assert _value("privat ja, im Laden nicht", "strategy_experience") == 2.0
    assert _value("Service hat Tablets, Küche nicht", "tech_devices") == 3.0  # trial 28 stays
    from tools.readiness.profile import parse_trade

    assert parse_trade("Fahrradwerkstatt mit Verkauf")[0] == "handel"
    assert parse_trade("Motorradwerkstatt")[0] == "kfz"


def test_one_word_interruption_and_coming_back_after_an_ask_back() -> None:
    """Browser run 5: „moment, telefon“ was asked back as an answer, and „so, bin wieder da“ then left the question
    open as an unclear answer."""
    assert command_intent("moment, telefon") == "pause"
    assert command_intent("Telefon haben wir") is None
    state = start(load_bank(), opening="Fahrradwerkstatt, 3 Leute, Havelberg").state
    asked = advance(state, "hmm tja")
    assert asked.state.asked_back
    back = advance(asked.state, "so, bin wieder da")
    assert back.text.startswith("Schön, dass Sie wieder da sind") and back.state.current == "q:strategy_goals"
    assert "strategy_goals" not in back.state.answers


def test_a_later_part_limiting_the_yes() -> None:
    """Browser run 2: „Am Hof Glasfaser seit letztem Jahr, auf dem Markt nur Handy“ was „Ja, überall stabil“ (5)."""
    assert _value("Am Hof Glasfaser seit letztem Jahr, auf dem Markt nur Handy.", "tech_internet") == 3.0
    value = _value("ja, Glasfaser überall", "tech_internet")
    assert value is not None and value >= 4.0


def test_browser_run_2_season_and_partner() -> None:
    """„Im Winter ja, im Sommer ist keine Zeit“ was „Ja, mit festen Zeitfenstern“ (4); „Nur mit dem Kassenanbieter.“
    was asked back although level 2 says just that."""
    assert _value("Im Winter ja, im Sommer ist keine Zeit.", "proc_time") == 3.0
    assert _value("Nur mit dem Kassenanbieter.", "coop_partners") == 2.0


def test_customer_arriving_in_either_word_order() -> None:
    """Browser run 4: „Augenblick, eine Kundin kommt“ was asked back as an answer."""
    assert command_intent("Augenblick, eine Kundin kommt") == "pause"
    assert command_intent("ein Kunde kommt per Mail") is None
