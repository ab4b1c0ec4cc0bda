"""Trial 37: what an employee said of themselves earlier in the thread stays with the thread."""

from __future__ import annotations

from agents.hr.asker import asker_words, is_young


def test_the_askers_person_words_are_kept_across_the_thread() -> None:
    first = asker_words("", "hallo, ich bin lena, 17, und fang meine ausbildung in der backstube an")
    assert is_young(first) and "ausbildung" in first.split()
    later = asker_words(first, "wie viel pause krieg ich?")  # a later question adds nothing, forgets nothing
    assert later == first
    assert "schwanger" in asker_words("", "ich bin schwanger, muss ich das sagen?")
    assert "minijob" in asker_words("", "hab nur nen minijob").split()
    assert not is_young(asker_words("", "ich bin seit 17 uhr da"))  # a time is no age


def test_a_name_and_an_age_set_off_by_commas_is_an_age() -> None:
    from tools.rag.thesaurus import names_minor_age

    assert names_minor_age("hallo, ich bin lena, 17, und fang meine ausbildung an")
    assert not names_minor_age("ich bin lena, 17 uhr passt mir")
