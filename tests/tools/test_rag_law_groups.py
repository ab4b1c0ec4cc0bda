"""Trial 37: the right paragraph within the right law – a group's law only for its group, compound titles, the
defining paragraph, the law's own subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.rag.search import Hit


def _hit(title: str, text: str = "", source: str = "arbzg.md") -> Hit:
    return Hit(source=source, heading=f"Gesetz > {title}", text=text or title, score=1.0)


def test_a_groups_law_is_only_for_a_question_or_asker_naming_the_group() -> None:
    from tools.rag.laws import names_group

    # „verfällt mein resturlaub?“ got § 24 MuSchG, a Minijobberin's leave § 19 JArbSchG
    assert not names_group("verfällt mein resturlaub?", "muschg_2018.md")
    assert not names_group("hab nen minijob, krieg ich urlaub?", "jarbschg.md")
    assert names_group("darf ich schwanger nachts arbeiten?", "muschg_2018.md")
    assert names_group("wie lange ist mutterschutz vor der geburt?", "muschg_2018.md")
    assert names_group("wie viel pause kriegen azubis?", "jarbschg.md")
    assert names_group("bin 17, ab wann darf ich anfangen?", "jarbschg.md")  # an age under 18
    assert not names_group("bin 18, ab wann darf ich anfangen?", "jarbschg.md")
    assert names_group("verfällt mein resturlaub?", "burlg.md")  # a law for everyone


def test_a_compound_title_names_its_head_word_but_not_a_verb() -> None:
    from tools.rag.laws import compound_of, titled

    assert compound_of("ruhepausen", "pause")
    assert compound_of("erstuntersuchung", "untersuchung")
    assert not compound_of("nachtarbeit", "arbeiten")
    assert not compound_of("pause", "pause")  # the word itself is no compound of it
    assert titled("wie viel pause krieg ich?", _hit("§ 11 Ruhepausen, Aufenthaltsräume"))
    # strict: a counting or short word names no matter
    assert not titled("wo ist der erste-hilfe-kasten?", _hit("§ 33 Erste Nachuntersuchung"), strict=True)
    assert titled("muss ich samstags kommen?", _hit("§ 16 Samstagsruhe"), strict=True)


def test_a_question_for_a_words_meaning_gets_the_paragraph_defining_it() -> None:
    from tools.rag.laws import defines

    definition = _hit("§ 2 Begriffsbestimmungen", "(4) Nachtarbeit im Sinne dieses Gesetzes ist jede Arbeit, die …")
    rule = _hit("§ 6 Nacht- und Schichtarbeit", "(1) Die Arbeitszeit der Nachtarbeitnehmer ist …")
    assert defines("ab wann zählt es als nachtarbeit?", definition)
    assert defines("was ist nachtarbeit?", definition)
    assert not defines("ab wann zählt es als nachtarbeit?", rule)
    assert not defines("darf ich nachtarbeit machen?", definition)  # no question for the meaning


_MILOG = "---\nTitle: Gesetz zur Regelung eines allgemeinen Mindestlohns\njurabk: MiLoG\n---\n\n#### § 1 Mindestlohn\n"


def test_a_question_naming_the_laws_own_subject_by_its_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.rag.laws import names_law_subject
    from tools.settings import get_settings

    (tmp_path / "milog.md").write_text(_MILOG, encoding="utf-8")
    monkeypatch.setenv("SYNERKI_LAWS_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        hit = _hit("§ 1 Mindestlohn", source="milog.md")
        assert names_law_subject("krieg ich im minijob auch mindestlohn?", hit)
        assert not names_law_subject("wie viel verdien ich im ersten lehrjahr?", hit)  # a thesaurus word is not it
        assert not names_law_subject("gilt das gesetz auch für mich?", hit)  # „Gesetz“ names no subject
    finally:
        get_settings.cache_clear()


def test_the_quote_finds_the_sentence_by_the_questions_thesaurus_words() -> None:
    from tools.rag.laws import quote_law

    paragraph = (
        "(1) Dieses Gesetz gilt für Arbeitnehmerinnen und Arbeitnehmer. "
        + "Lange Ausnahmen für Praktika. " * 30
        + "\n\n(3) Von diesem Gesetz nicht geregelt wird die Vergütung von zu ihrer Berufsausbildung Beschäftigten."
        + "\n\n(4) "
        + "Langzeitarbeitslose in den ersten sechs Monaten. " * 10
    )
    assert "Berufsausbildung" in quote_law("krieg ich als azubi mindestlohn?", paragraph)


def test_a_list_lead_in_is_never_quoted_without_an_item() -> None:
    from tools.rag.laws import quote_law

    paragraph = (
        "(1) Dieses Gesetz gilt für alle. Praktikanten gelten als Arbeitnehmer, es sei denn, dass sie\n\n"
        + "\n\n".join(
            f"{n}. ein Praktikum der Art {n} " + "mit langen Bedingungen " * 8 + "leisten," for n in (1, 2, 3)
        )
        + "\n\n(3) Von diesem Gesetz nicht geregelt wird die Vergütung von zu ihrer Berufsausbildung Beschäftigten."
    )
    text = quote_law("krieg ich als azubi mindestlohn?", paragraph, max_chars=300)
    assert "Berufsausbildung" in text and "es sei denn, dass sie" not in text


def test_work_itself_names_no_paragraph_of_a_labour_law() -> None:
    from tools.rag.laws import titled

    question = "ich arbeite seit montag im verkauf. ich bin schwanger, muss ich das sagen?"
    assert not titled(question, _hit("§ 6 Verbot der Sonn- und Feiertagsarbeit", source="muschg_2018.md"), strict=True)
