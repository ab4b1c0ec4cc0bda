"""Gibberish („asdf jklö“) is said to be not understood; a short real request or a place is not gibberish."""

from __future__ import annotations

from datetime import date

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.contracts import AgentReply, Slots, TurnContext
from agents.graph import build_graph, run_turn
from agents.nlu.gibberish import is_gibberish
from agents.nlu.slots import extract_slots

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("text", ["asdf jklö", "xyz blub", "qwertz uiop?"])
def test_words_nobody_uses_are_gibberish(text: str) -> None:
    assert is_gibberish(text, extract_slots(text, TODAY))


@pytest.mark.parametrize(
    "text", ["Quedlinburg", "Stollen?", "wie viel morgen", "ok", "Ja", "hmm", "12.12.", "500 Euro", "123"]
)
def test_a_place_a_product_a_known_word_or_a_number_is_no_gibberish(text: str) -> None:
    assert not is_gibberish(text, extract_slots(text, TODAY))


def test_the_chat_says_it_did_not_understand_instead_of_guessing_a_function() -> None:
    """Trial 19 #15: „asdf jklö“ got „Meinen Sie Fragen zum Mitarbeiterhandbuch?“."""
    ran: list[str] = []

    def runner(tool: str, slots: Slots, ctx: TurnContext) -> AgentReply:
        ran.append(tool)
        return AgentReply(text=f"({tool})")

    g = build_graph(checkpointer=InMemorySaver(), runner=runner)
    result = run_turn(g, "asdf jklö", role="owner", thread_id="t")
    assert "nicht verstanden" in result.text and "Meinen Sie" not in result.text and ran == []
