"""`agents.ignored_input`: „Plan für -500 Brötchen“ and a 3000-character product name are said, not dropped."""

from __future__ import annotations

from agents.contracts import AgentReply
from agents.ignored_input import ignored_lines, negative_goods, overlong_words, with_ignored_note


def test_a_negative_amount_of_goods_is_found_and_others_are_not() -> None:
    assert negative_goods("Plan für -500 Brötchen") == ["−500 Brötchen"]
    assert negative_goods("minus 20 Stück Landbrot") == ["−20 Stück"]
    for text in ("Was, wenn es -5 Grad hat?", "Umsatz -10 %", "vom 24.12.-26.12. Brötchen", "Plan für 500 Brötchen"):
        assert negative_goods(text) == [], text


def test_an_overlong_word_is_named_with_its_length() -> None:
    name = "X" * 3000
    assert overlong_words(f"Wie viele {name} verkaufen wir morgen?") == [name]
    assert overlong_words("Donaudampfschifffahrtsgesellschaftskapitän") == []
    line = ignored_lines(f"Wie viele {name} verkaufen wir morgen?")[0]
    assert "3.000 Zeichen" in line and name not in line


def test_the_note_follows_the_lead_and_keeps_the_answer() -> None:
    reply = AgentReply(text="Backen Sie 4.375 Stück.\n\nTabelle", tools_called=["production_plan"])
    noted = with_ignored_note(reply, "Plan für -500 Brötchen")
    parts = noted.text.split("\n\n")
    assert parts[0] == "Backen Sie 4.375 Stück." and parts[1].startswith("Eine negative Menge („−500 Brötchen“)")
    assert parts[2] == "Tabelle"
    assert with_ignored_note(reply, "Plan für morgen") is reply


def test_the_note_names_where_the_figures_of_the_answering_tool_come_from() -> None:
    """Under a staff plan or the cash plan the note does not claim the figures come from the sales forecast."""
    asked = "Personal für -5 Brötchen am Samstag"
    assert "Absatzprognose" in ignored_lines(asked, "forecast")[0]
    assert "Produktionsplan" in ignored_lines(asked, "production_plan")[0]
    for tool in ("staffing", "liquidity", "budget_forecast", None):
        line = ignored_lines(asked, tool)[0]
        assert "Prognose" not in line and "unten" in line, tool
    reply = AgentReply(text="Sie brauchen 3 Verkäuferinnen.\n\nTabelle", tools_called=["staffing"])
    assert "Personalbedarf" in with_ignored_note(reply, asked).text
