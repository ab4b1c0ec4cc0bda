"""Stories of the working day and answers about another process (trial 14)."""

from __future__ import annotations

from tools.readiness.process_defaults import default_map
from tools.readiness.process_story import named_processes, story_activities, topic_process


def test_a_day_story_gives_one_activity_per_clause_matched_or_new() -> None:
    acts = story_activities(
        default_map("handel"),
        "Morgens kommen die Blumen vom Großmarkt, dann binden wir Sträuße, nachmittags liefern wir aus",
    )
    assert [(a.title, a.process) for a in acts] == [
        ("Einkauf & Bestellungen", "einkauf"),
        ("Sträuße binden", None),
        ("Ausliefern", None),
    ]


def test_an_ordinary_answer_is_no_story() -> None:
    m = default_map("handel")
    assert story_activities(m, "so 10 Stunden, dauernd Fehler beim Abtippen, alles in Excel") == []
    assert story_activities(m, "Verkauf 50 Stunden, viel Stress") == []


def test_the_topic_is_the_process_named_before_any_amount() -> None:
    m = default_map("handwerk")
    assert topic_process(m, "Stundenzettel schreiben die Jungs auf Papier, ein halber Tag") == "dokumentation"
    assert topic_process(m, "so 6 Stunden, Rechnungen per Post") is None  # opens with the amount: the current one


def test_named_processes_finds_the_one_a_drop_names() -> None:
    assert named_processes(default_map("handel"), "Onlineshop haben wir nicht") == ["onlineshop"]
    assert named_processes(default_map("gastronomie"), "Onlineshop haben wir nicht") == []
