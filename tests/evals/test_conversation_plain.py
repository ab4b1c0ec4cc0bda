"""The conversation set's answers open in plain German: no ids, English status words or file suffixes in the
first paragraph (issue 16 item 3; evals/conversation scans every answer that really ran)."""

from __future__ import annotations

import pytest

from evals.conversation.plain_scan import plain_problems
from evals.conversation.runner import SETS, TurnScore, run_set


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Backen Sie morgen in stendal_markt 40 Stück roggenbrot.", {"stendal_markt", "roggenbrot"}),
        ("Der Plan ist FEASIBLE (newsvendor).", {"feasible", "newsvendor"}),
        ("Quelle: 04_verguetung_zuschlaege_und_benefits.md", {"s.md"}),
        ("Die erste Charge läuft in E1-D3.", {"E1-D3"}),
        ("Die Prognose kommt von forecast.", {"forecast"}),
    ],
)
def test_the_scan_finds_ids_engine_words_suffixes_and_slot_codes(text: str, found: set[str]) -> None:
    assert set(plain_problems(text)) >= found


def test_plain_german_and_attached_file_names_pass() -> None:
    text = "Backen Sie morgen in Stendal Marktplatz 40 Stück Roggenbrot.\n\n| Roggenbrot | 40 |"
    assert plain_problems(text) == []
    assert (
        plain_problems("Hier ist die Datei backplan-2026-11-26.csv zum Herunterladen.", ["backplan-2026-11-26.csv"])
        == []
    )
    assert plain_problems("Backen Sie 40 Stück.\n\nSo habe ich gerechnet: Newsvendor, roggenbrot") == []


@pytest.fixture(scope="module")
def holdout_turns() -> list[TurnScore]:
    """The held-out conversations through the real supervisor (cheap tools real, slow ones stubbed)."""
    return [t for conv in run_set(SETS["zurückgehalten"], real=False, prefix="plain") for t in conv]


def test_every_answer_of_the_conversation_set_opens_in_plain_german(holdout_turns: list[TurnScore]) -> None:
    checked = [t for t in holdout_turns if t.plain_checked]
    assert len(checked) >= 15  # refusals, handbook, interview, help, investment answers really ran
    bad = {f"{t.conv} #{t.index}": plain_problems(t.answer) for t in checked if plain_problems(t.answer)}
    assert not bad, bad
