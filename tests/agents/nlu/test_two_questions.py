"""Two requests in one message: where a message is split into its two questions or requests."""

from __future__ import annotations


def test_two_requests_named_as_nouns_are_split_when_each_has_a_word_of_its_own() -> None:
    """Hostile test 23 #9: „Backplan für morgen und Liquidität bis März“ was refused as a whole for staff, the plan
    they may see was lost; days, goods and branches alone („und übermorgen in Stendal“) are no request of their own."""
    from agents.nlu.two_questions import split_requests

    assert split_requests("Backplan für morgen und Liquidität bis März") == (
        "Backplan für morgen",
        "Liquidität bis März",
    )
    assert split_requests("Plan für morgen und übermorgen in Stendal") is None
    assert split_requests("Brot und Brötchen für morgen") is None
