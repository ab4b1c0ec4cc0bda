"""help, smalltalk and out_of_scope answer in German, honestly and per role."""

from datetime import date

import pytest

from agents.contracts import Slots, TurnContext
from agents.supervisor import out_of_scope, smalltalk


def _ctx(role: str) -> TurnContext:
    return TurnContext(role=role, thread_id="t", today=date(2026, 11, 25))


@pytest.mark.parametrize(
    "role,expected,absent",
    [
        ("guest", "KI-Readiness", "Liquidität"),
        ("employee", "Mitarbeiterhandbuch", "Liquidität"),
        ("owner", "Liquidität", ""),
    ],
)
def test_greeting_suggests_only_what_the_role_may_use(role: str, expected: str, absent: str) -> None:
    text = smalltalk.run(Slots(text="Hallo"), _ctx(role)).text
    assert "KI-System" in text and expected in text
    assert not absent or absent not in text


def test_who_are_you_is_answered_honestly() -> None:
    assert "kein Mensch" in smalltalk.run(Slots(text="Bist du ein Mensch?"), _ctx("guest")).text


def test_out_of_scope_declines_and_says_what_it_is_for() -> None:
    text = out_of_scope.run(Slots(text="Wer wird Meister?"), _ctx("guest")).text
    assert "nicht helfen" in text and "Hilfe" in text


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("Wie viel Umsatz macht die Bäckerei Müller gegenüber?", True),
        ("Was verdient die Konkurrenz mit Brötchen?", True),
        ("Welche Preise hat Lidl für Brötchen?", True),
        ("Wie viel Umsatz machen wir im Dezember?", False),
        ("Umsatz gegenüber dem Vorjahr?", False),
    ],
)
def test_another_business_figures_are_declined_honestly(text: str, other: bool) -> None:
    """Trial 9: the competitor's revenue was answered with the company's own budget forecast."""
    from agents.nlu.other_business import asks_about_other_business

    assert asks_about_other_business(text) is other
    if other:
        said = out_of_scope.run(Slots(text=text), _ctx("owner")).text
        assert "Zahlen anderer Betriebe habe ich nicht" in said and "€" not in said


def test_thanks_with_a_goodbye_says_goodbye() -> None:
    """Trial 6: 'Danke, tschüss' got 'Womit kann ich Ihnen noch helfen?'."""
    assert smalltalk.run(Slots(text="Danke, tschüss"), _ctx("owner")).text.startswith("Auf Wiedersehen")
    assert smalltalk.run(Slots(text="danke dir"), _ctx("owner")).text.startswith("Gern geschehen")


def test_our_own_chain_is_no_other_business() -> None:
    """„die ganze Kette“ is Korn & Kruste itself: its revenue is answered, not declined as a competitor's."""
    from agents.nlu.other_business import asks_about_other_business

    assert not asks_about_other_business("Wie viel Umsatz macht die ganze Kette?")
    assert not asks_about_other_business("Was verkaufen wir morgen in der ganzen Kette?")
    assert asks_about_other_business("Wie viel Umsatz machen andere Ketten?")
    assert asks_about_other_business("Wie viel Umsatz macht Lidl mit Brötchen?")
