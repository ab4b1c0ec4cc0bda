"""Free-text answers about a process → hours per week, pains, data sources and software names."""

from __future__ import annotations

import pytest

from tools.readiness.process_parse import parse_answer, parse_hours


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("so 10 Stunden", 10.0),
        ("zehn Stunden", 10.0),
        ("ca. 10 bis 15 Std.", 12.5),
        ("ein halber Tag", 4.0),
        ("zwei Tage", 16.0),
        ("eine halbe Stunde am Tag", 2.5),
        ("jeden Tag 2 Stunden", 10.0),
        ("im Monat 13 Stunden", 3.0),
        ("anderthalb Stunden", 1.5),
        ("30 Minuten", 0.5),
        ("zwei Leute ganztags", 80.0),
        ("3 Leute je 2 Stunden am Tag", 30.0),
        ("zwei Leute jeweils ganztags", 80.0),
        ("10-15 Stunden", 12.5),
        ("den halben Tag", 4.0),
        ("so 10", 10.0),
        ("ich sage mal drei Stunden", 3.0),
        ("10 Stunden pro Woche, am Tag also 2", 10.0),
        ("weiß nicht", None),
        ("3 Mitarbeiter", None),
        ("kein Tag ohne Ärger", None),
    ],
)
def test_hours(text: str, hours: float | None) -> None:
    assert parse_hours(text)[0] == hours


def test_the_example_answer() -> None:
    p = parse_answer("so 10 Stunden, dauernd Fehler beim Abtippen, alles in Excel")
    assert p.hours == 10 and p.pains == ["fehler", "doppelt"] and p.data == ["excel"] and not p.vague


def test_dont_know_is_an_answer_not_vague() -> None:
    p = parse_answer("keine Ahnung ehrlich gesagt")
    assert p.hours is None and p.dontknow and not p.vague


def test_vague_answer() -> None:
    assert parse_answer("hm, schwierig").vague
    assert parse_answer("Das macht meine Frau").vague


@pytest.mark.parametrize(
    ("text", "software", "data"),
    [
        ("Buchhaltung macht der Steuerberater mit DATEV, Belege im Ordner", ["DATEV"], ["software", "papier"]),
        ("Rechnungen schreiben wir mit Lexware", ["Lexware"], ["software"]),
        ("alles in Excel und auf Zetteln", [], ["papier", "excel"]),
        ("steht in der Kasse, Vectron", ["Vectron"], ["kasse"]),
        ("Bestellungen per WhatsApp und Telefon", ["WhatsApp"], ["email"]),
        ("das hat der Chef im Kopf", [], ["kopf"]),
        ("sevDesk und Outlook", ["sevDesk", "Outlook"], ["software", "email"]),
    ],
)
def test_data_sources_and_software(text: str, software: list[str], data: list[str]) -> None:
    p = parse_answer(text)
    assert p.software == software and sorted(p.data) == sorted(data)


@pytest.mark.parametrize(
    ("text", "pains"),
    [
        ("man wartet ewig auf Rückmeldung", ["warten"]),
        ("vor Weihnachten totaler Stress", ["spitzen"]),
        ("ständig Reklamationen, muss nachgebessert werden", ["nacharbeit"]),
        ("wir suchen dauernd Lieferscheine", ["suchen"]),
        ("wir tippen alles doppelt ab", ["doppelt"]),
        ("Fehler beim Abtippen", ["fehler", "doppelt"]),
    ],
)
def test_pains(text: str, pains: list[str]) -> None:
    assert parse_answer(text).pains == pains


def test_negated_pain_means_no_pain() -> None:
    p = parse_answer("ca. 3 h, kein Stress, läuft")
    assert p.hours == 3 and p.pains == [] and p.no_pain


def test_follow_up_answer_completes_the_first() -> None:
    first = parse_answer("dauernd Fehler, alles auf Papier")
    both = first.merged(parse_answer("so fünf Stunden"))
    assert both.hours == 5 and both.pains == ["fehler"] and both.data == ["papier"]


def test_clock_spans_and_seasonal_ranges_trial14() -> None:
    assert parse_hours("Torten backen wir jeden Tag von 6 bis 10 Uhr", 6)[0] == 24.0
    assert parse_hours("Backen jeden Tag von 2 bis 9 Uhr, zu zweit", 6)[0] == 84.0
    assert parse_hours("Im Sommer 60 Stunden, im Winter 20")[0] == 40.0
    assert parse_hours("so 10 Stunden")[0] == 10.0


def test_an_interrupting_phone_is_a_pain() -> None:
    assert "sonstiges" in parse_answer("eine Stunde am Tag, das Telefon klingelt ständig während der Arbeit").pains


def test_the_basis_of_a_converted_amount_is_said() -> None:
    from tools.readiness.process_parse import per_day_basis

    assert per_day_basis("Im Sommer 60 Stunden, im Winter 20", 7) == "Mittel aus 60 und 20 Std."
    assert per_day_basis("2 Stunden am Tag", 6) == "2 Std. am Tag × 6 Arbeitstage"
    assert per_day_basis("so 10 Stunden die Woche", 6) == ""


def test_an_amount_per_person_counts_the_firms_team_when_the_answer_names_no_people() -> None:
    """Trial 16 #15: „eine halbe Stunde pro Person“ in a 6-person practice counted one person."""
    assert parse_hours("so eine halbe Stunde pro Person am Tag", 5.0, team=6)[0] == 15.0
    assert parse_hours("so eine halbe Stunde pro Person am Tag", 5.0)[0] == 2.5  # no team known: one person
    assert parse_hours("zwei Leute je eine Stunde am Tag", 5.0, team=6)[0] == 10.0  # the answer's own count wins
    assert parse_hours("eine halbe Stunde am Tag", 5.0, team=6)[0] == 2.5  # not per person: not multiplied
