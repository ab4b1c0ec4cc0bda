"""German retrieval features: Snowball stems, compound splitting, stem-based synonyms, coverage weights."""
from __future__ import annotations

from tools.rag.compound import query_parts, split_compound
from tools.rag.relevance import weighted_coverage
from tools.rag.text import fold, sparse_vector, stem
from tools.rag.thesaurus import expand, expand_word

_VOCAB = {stem(w) for w in ("mehl", "lager", "urlaub", "antrag", "sahne", "theke", "kuehlschrank", "temperatur")}


def _known(word_stem: str) -> bool:
    return word_stem in _VOCAB


def test_snowball_stems_join_inflected_forms() -> None:
    assert stem(fold("Fingernägeln")) == stem(fold("Fingernägel"))
    assert stem("urlaubstage") == stem("urlaubstag")
    assert stem("zuschlaege") == stem("zuschlag")
    assert stem("pausen") == stem("pause") != stem("pass")
    assert stem("2026") == "2026" and stem("ofen") == "ofen"  # numbers and short words stay


def test_compounds_split_into_known_parts_only() -> None:
    assert split_compound("mehllager", _known) == ["mehl", "lager"]
    assert [stem(p) for p in split_compound("urlaubsantrag", _known)] == [stem("urlaub"), "antrag"]  # linking -s-
    assert split_compound("kuehlschranktemperatur", _known) == ["kuehlschrank", "temperatur"]
    assert split_compound("mehl", _known) == []  # a known word is not split
    assert split_compound("betriebskindergarten", _known) == []  # parts unknown: no guess
    assert query_parts(["sahnetheke", "wann"], _known) == {"sahnetheke": ["sahne", "theke"]}


def test_compound_parts_enter_the_query_vector_as_words() -> None:
    plain, _ = sparse_vector("Sahnetheke", query=True)
    with_parts, values = sparse_vector("Sahnetheke", query=True, parts="sahne theke")
    assert set(plain) < set(with_parts) and len(with_parts) == len(values)


def test_coverage_counts_a_compound_by_its_parts() -> None:
    text = "Die Sahne in der Theke wird bei höchstens 7 °C gelagert."
    without = weighted_coverage("Sahnetheke Temperatur", text, None, parts={})
    with_parts = weighted_coverage("Sahnetheke Temperatur", text, None, parts={"sahnetheke": ["sahne", "theke"]})
    assert with_parts > without


def test_synonyms_match_inflected_everyday_words() -> None:
    assert "Weizenbrötchen" in expand("Habt ihr noch Semmeln?")  # plural of a catalog synonym
    assert "kassenbon" in expand_word("quittungen")
    assert expand("Wie spät ist es?") == ""
