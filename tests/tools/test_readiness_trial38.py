"""Trial 38: visitors of small businesses of the region that are no bakery – every town of Sachsen-Anhalt is a
place (Wolmirstedt had been asked again), the region class by whole names, and the evidence quotes only what the
visitor wrote (a partial answer had shown „erkannt an: „nur für einen Teil““)."""

from __future__ import annotations

import pytest

from tools.readiness.engine import advance, evidence_note, start
from tools.readiness.places import looks_like_place, region_class, region_mentioned, region_named


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("Friseur, 5 Mitarbeiterinnen, Wolmirstedt", "Wolmirstedt"),
        ("Friseursalon in Wolmirstedt, 5 Leute", "Wolmirstedt"),
        ("Tischlerei 6 Leute Haldensleben", "Haldensleben"),
        ("Pflegedienst in Bad Dürrenberg mit 9 Leuten", "Bad Dürrenberg"),
        ("Kfz-Werkstatt, 3, Kalbe (Milde)", "Kalbe (Milde)"),
        ("Steuerbüro mit 7 Leuten in Sandersdorf-Brehna", "Sandersdorf-Brehna"),
    ],
)
def test_a_small_town_of_the_region_in_the_opening_is_the_place(opening: str, place: str) -> None:
    turn = start(opening=opening)
    assert turn.state.profile.region == place and "Frage 1 von 24" in turn.text
    assert turn.state.profile.region_class in ("altmark", "sachsen-anhalt")


def test_a_small_town_said_to_the_place_question_is_stored_without_its_preposition() -> None:
    turn = start(opening="Pflegedienst, 15 Leute")
    turn = advance(turn.state, "in Colbitz")
    assert turn.state.profile.region == "Colbitz" and turn.state.profile.region_class == "sachsen-anhalt"
    assert looks_like_place("Oschersleben") and not looks_like_place("nein")


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Hamburg", "sonstige"),  # no „Burg“ inside another name
        ("Augsburg", "sonstige"),
        ("München", "sonstige"),
        ("Sachsen-Anhalt", "sachsen-anhalt"),  # the hyphen had kept it from „sachsen anhalt“
        ("Wolmirstedt", "sachsen-anhalt"),
        ("Klötze", "altmark"),
        ("im Stendaler Umland", "altmark"),
        ("Tangermünde", "altmark"),
    ],
)
def test_the_region_class_goes_by_whole_place_names(text: str, cls: str) -> None:
    assert region_class(text) == cls


def test_place_names_that_are_common_words_need_a_preposition_or_a_list() -> None:
    assert region_named("Tischlerei 3 Leute, wir werben bei Facebook") is None
    assert region_named("wir haben 20 Kalben") is None
    assert region_mentioned("Hofladen in Werben, 4 Leute") == "Werben"


def test_a_partial_answer_quotes_the_visitors_own_parts() -> None:
    turn = advance(start(opening="Autowerkstatt, 4 Leute, Burg").state, "für die Werkstatt ja, fürs Büro nicht")
    first = turn.text.split("\n")[0]
    assert "Stufe 3" in first and "„für die Werkstatt ja“" in first and "„fürs Büro nicht“" in first
    assert "nur ein Teil" not in first and "nur für einen Teil" not in first
    turn = advance(start(opening="Autowerkstatt, 4 Leute, Burg").state, "im Winter ja")
    assert "(erkannt an: „im Winter ja“)" in turn.text


def test_the_evidence_never_quotes_words_the_visitor_did_not_write() -> None:
    assert evidence_note("ja, Pflegesoftware", ["ja", "software"]) == " (erkannt an: „ja“, „Pflegesoftware“)"
    assert evidence_note("alle mit Tablet", ["tablets"]) == " (erkannt an: „Tablet“)"
    assert evidence_note("3", ["Zahl 3"]) == " (gelesen als: Zahl 3)"
    assert evidence_note("Glasfaser, auf dem Markt nur Handy", ["glasfaser", "nur teilweise"]) == (
        " (erkannt an: „Glasfaser“)"  # the folded reading beside a quote is left out
    )
    assert evidence_note("ja", []) == ""
