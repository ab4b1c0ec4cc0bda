"""Trial 19 (a busy owner): words typed without umlauts, goods ruled out, the day pointed at, back to the goods
after a money answer, two questions in one message (today: Wed 25 Nov 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from agents.nlu.followup import carry, follow_up, remember
from agents.nlu.normalize import fold
from agents.nlu.slots import extract_slots
from agents.nlu.two_questions import split

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("brotchen", "broetchen"), ("fur", "fuer"), ("ubermorgen", "uebermorgen"), ("kasekuchen", "kaesekuchen")],
)
def test_a_known_word_without_its_umlaut_folds_like_the_word(typed: str, folded: str) -> None:
    assert fold(typed) == folded == fold(folded)


@pytest.mark.parametrize("word", ["hatten", "schon", "kuchen", "laden", "plane", "zahl", "wurde"])
def test_a_word_of_its_own_is_not_given_an_umlaut(word: str) -> None:
    assert fold(word) == word


def test_goods_typed_without_umlaut_are_found() -> None:
    slots = extract_slots("wie viel brotchen verkaufen wir morgn in gardelegen", TODAY)
    assert slots.groups == ["broetchen"] and slots.branches == ["gardelegen"]


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("nein, ich meinte Brot, nicht Brötchen", ["brot"]),
        ("Brot statt Brötchen bitte", ["brot"]),
        ("warum backen wir nicht Brötchen?", ["broetchen"]),  # nothing else named: the goods stay
        ("nicht mehr Brötchen als gestern", ["broetchen"]),
    ],
)
def test_goods_ruled_out_are_dropped_when_others_are_named(text: str, groups: list[str]) -> None:
    assert extract_slots(text, TODAY).groups == groups


def test_an_oven_question_about_that_day_keeps_the_day_talked_about() -> None:
    memory = remember({}, "production_plan", extract_slots("was backen wir am samstag in gardelegen", TODAY))
    text = "wie sieht der ofen aus an dem tag"
    carried = carry(memory, text, "oven_schedule", extract_slots(text, TODAY), TODAY)
    assert carried.dates is not None and carried.dates.start == date(2026, 11, 28)


def test_a_branch_after_a_money_answer_goes_back_to_the_goods() -> None:
    memory = remember({}, "forecast", extract_slots("wie viele brötchen am samstag in gardelegen", TODAY))
    memory = remember(memory, "liquidity", extract_slots("können wir uns im januar eine neue kraft leisten?", TODAY))
    back = follow_up(memory, "und nochmal für havelberg", TODAY, None, True)
    assert back is not None and back.tool == "forecast"
    assert back.slots.branches == ["havelberg"] and back.slots.groups == ["broetchen"]
    # a money follow-up that names money stays with the money answer
    money = follow_up(memory, "und wenn die erst im märz anfängt?", TODAY, None, True)
    assert money is None or money.tool == "liquidity"


def test_without_goods_before_a_branch_after_money_is_no_way_back() -> None:
    memory = remember({}, "liquidity", extract_slots("Reicht das Geld bis März?", TODAY))
    back = follow_up(memory, "und nochmal für havelberg", TODAY, None, True)
    assert back is None or back.tool == "liquidity"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "wie viele brötchen morgen in stendal und wer fährt morgen aus?",
            ("wie viele brötchen morgen in stendal", "wer fährt morgen aus"),
        ),
        (
            "Wie siehts mit dem Konto im Januar aus, und was kostet uns das Personal?",
            ("Wie siehts mit dem Konto im Januar aus", "was kostet uns das Personal"),
        ),
        (
            "Wie viele Brötchen morgen? Wer fährt am Samstag aus?",
            ("Wie viele Brötchen morgen", "Wer fährt am Samstag aus"),
        ),
    ],
)
def test_two_questions_are_split(text: str, parts: tuple[str, str]) -> None:
    assert split(text) == parts


@pytest.mark.parametrize(
    "text",
    ["Brot und Brötchen morgen in Stendal", "Wie viele Brötchen backen wir und wo?", "Was kostet der Ofen und wann?"],
)
def test_one_question_is_not_split(text: str) -> None:
    assert split(text) is None


def test_a_question_about_what_was_left_keeps_the_past_day_talked_about() -> None:
    memory = remember({}, "forecast", extract_slots("wie viele brötchen haben wir letzten freitag verkauft", TODAY))
    text = "und wie viel is übrig geblieben?"
    carried = carry(memory, text, "production_plan", extract_slots(text, TODAY), TODAY)
    assert carried.dates is not None and carried.dates.start == carried.dates.end == date(2026, 11, 20)
    # a question ahead („was können wir dagegen tun?“) still does not carry the day gone by
    text = "was können wir dagegen tun?"
    assert carry(memory, text, "offers", extract_slots(text, TODAY), TODAY).dates is None


def test_a_goods_tool_named_after_a_money_answer_takes_the_thread_goods() -> None:
    memory = remember(
        {}, "production_plan", extract_slots("was backen wir am samstag an brötchen in gardelegen", TODAY)
    )
    memory = remember(memory, "demand_drivers", extract_slots("warum so viel?", TODAY))
    memory = remember(memory, "liquidity", extract_slots("Reicht das Geld bis März?", TODAY))
    back = follow_up(memory, "zurück zur Absatzprognose für Bismark", TODAY, "forecast", False)
    assert back is not None and back.tool == "forecast" and back.slots.branches == ["bismark"]


def test_das_before_a_noun_is_an_article_not_a_pointer_back() -> None:
    """„reicht das Personal im Advent?“ after a Stendal plan asked for Stendal's staff; „reicht das?“ points back."""
    from agents.contracts import Slots
    from agents.nlu.followup import points_back

    memory = remember({}, "production_plan", Slots(text="Backplan Stendal morgen", branches=["stendal_markt"]))
    assert not points_back(memory, "reicht das personal im advent?", "staffing")
    assert points_back(memory, "reicht das?", "staffing")
    assert points_back(memory, "gilt das auch am Sonntag?", "staffing")
