"""The labour laws behind the handbook: indexed from the shared folder, quoted as the law (trial 32)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA

_LAWS = Path(os.environ.get("SYNERKI_TEST_LAWS_DIR", SHARED_DATA / "gesetze"))


@pytest.fixture()
def one_law(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A law folder holding only the Bundesurlaubsgesetz (a link to the shared file, small enough to index fast)."""
    if not (_LAWS / "burlg.md").is_file():
        pytest.skip("../shared/data/gesetze ist nicht vorhanden")
    from tools.rag import laws
    from tools.rag.sync import forget_synced
    from tools.settings import get_settings

    folder = tmp_path / "gesetze"
    folder.mkdir()
    (folder / "burlg.md").symlink_to(_LAWS / "burlg.md")
    monkeypatch.setenv("SYNERKI_LAWS_DIR", str(folder))
    monkeypatch.setattr(laws, "LAWS_COLLECTION", "gesetze_test")
    forget_synced()
    get_settings.cache_clear()
    assert laws.sync_laws(wait=True)
    yield folder
    forget_synced()
    get_settings.cache_clear()


def test_absent_law_folder_quotes_no_law(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tools.rag.laws import law_files, search_laws
    from tools.settings import get_settings

    monkeypatch.setenv("SYNERKI_LAWS_DIR", str(tmp_path / "fehlt"))
    get_settings.cache_clear()
    try:
        assert law_files() == []
        assert search_laws("Darf ein Jugendlicher samstags arbeiten?") is None
    finally:
        get_settings.cache_clear()


def test_law_found_with_its_paragraph(one_law: Path) -> None:
    from tools.rag.laws import law_source, search_laws

    found = search_laws("ich bin im urlaub krank geworden, krieg ich die tage wieder?")
    assert found is not None and found.confidence == "sicher"
    src = law_source(found.passages[0])
    assert src.abbreviation == "BUrlG"
    assert src.paragraph.startswith("§ 9")


def test_law_block_says_it_is_the_law_and_no_advice(one_law: Path) -> None:
    from agents.hr.law_answer import law_block, law_passage
    from tools.rag.qa import Answer

    question = "war im urlaub krank, krieg ich die tage wieder?"
    nothing = Answer(question=question, confidence="keine", passages=[], candidates=[])
    found = law_passage(question, nothing)
    assert found is not None
    hit, instead = found
    assert instead  # the handbook has nothing: the law stands alone
    text = law_block(question, hit)
    assert "keine Regel von Korn & Kruste" in text
    assert "§ 9" in text and "BUrlG" in text
    assert "nicht angerechnet" in text  # the paragraph itself is quoted
    assert "keine Rechtsberatung" in text


_LIST_PARAGRAPH = """(1) An Sonntagen dürfen Jugendliche nicht beschäftigt werden.

(2) Zulässig ist die Beschäftigung Jugendlicher an Sonntagen nur

1.  in Krankenanstalten sowie in Alten-, Pflege- und Kinderheimen,


2.  in der Landwirtschaft und Tierhaltung mit Arbeiten, die auch an Sonn-
    und Feiertagen naturnotwendig vorgenommen werden müssen,


3.  im Familienhaushalt, wenn der Jugendliche in die häusliche
    Gemeinschaft aufgenommen ist,

Jeder zweite Sonntag soll beschäftigungsfrei bleiben.

(3) Die Höhe beträgt ab dem 1. Januar 2015 brutto 8,50 Euro je Zeitstunde. Sie kann geändert werden.
"""


def test_law_units_keep_list_items_and_ordinals_whole() -> None:
    from tools.rag.laws import law_units, sentences

    units = law_units(_LIST_PARAGRAPH)
    items = [u for u in units if u.group == 0]
    assert items[0].lead and items[0].text.startswith("(2) Zulässig")
    assert items[2].text == (
        "2. in der Landwirtschaft und Tierhaltung mit Arbeiten, die auch an Sonn- und Feiertagen naturnotwendig "
        "vorgenommen werden müssen,"
    )
    assert sentences("Die Höhe beträgt ab dem 1. Januar 2015 brutto. Sie kann geändert werden.") == [
        "Die Höhe beträgt ab dem 1. Januar 2015 brutto.",
        "Sie kann geändert werden.",
    ]


def test_quote_law_never_tears_a_list_item_or_sentence() -> None:
    from tools.rag.laws import quote_law

    text = quote_law("darf ich in der landwirtschaft sonntags arbeiten?", _LIST_PARAGRAPH, max_chars=330)
    assert "Zulässig ist die Beschäftigung Jugendlicher an Sonntagen nur" in text  # the list's lead-in comes along
    assert "naturnotwendig vorgenommen werden müssen," in text  # the item asked about, whole
    assert "ab dem 1. …" not in text and "1. …" not in text
    whole = quote_law("mindestlohn?", _LIST_PARAGRAPH)  # short enough: the paragraph as it stands, one Absatz a line
    assert "ab dem 1. Januar 2015 brutto 8,50 Euro" in whole
    assert whole.count("\n\n") == 2


def test_law_pick_keeps_shop_floor_questions_out(one_law: Path) -> None:
    from tools.rag.laws import search_laws

    found = search_laws("wie reinige ich die brotschneidemaschine?")
    assert found is not None and found.confidence == "keine"
    found = search_laws("krank im urlaub, zählen die tage als urlaub?")
    assert found is not None and found.confidence == "sicher"
    assert found.passages[0].heading.split(">")[-1].strip().startswith("§ 9")


_OLD_LAW = """---
Title: Gesetz zur Regelung eines allgemeinen Mindestlohns
jurabk: MiLoG
---

# Gesetz zur Regelung eines allgemeinen Mindestlohns (MiLoG)

Zuletzt geändert durch
:   Art. 2 Abs. 1 G v. 10.7.2020 I 1657

#### § 1 Mindestlohn

(1) Jede Arbeitnehmerin und jeder Arbeitnehmer hat Anspruch auf Zahlung eines Arbeitsentgelts mindestens in Höhe
des Mindestlohns durch den Arbeitgeber.

(2) Die Höhe des Mindestlohns beträgt ab dem 1. Januar 2015 brutto 8,50 Euro je Zeitstunde.
"""


def test_law_quote_names_its_text_version_and_warns_that_amounts_may_be_outdated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A law file from 2020 quoting 8,50 € must not read as today's minimum wage."""
    from agents.hr.law_answer import AMOUNT_NOTE, law_block
    from tools.rag.search import Hit
    from tools.settings import get_settings

    (tmp_path / "milog.md").write_text(_OLD_LAW, encoding="utf-8")
    monkeypatch.setenv("SYNERKI_LAWS_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        paragraph = _OLD_LAW.split("#### § 1 Mindestlohn\n\n")[1]
        hit = Hit(source="milog.md", heading="MiLoG > § 1 Mindestlohn", text=paragraph, score=1.0)
        text = law_block("was is der mindestlohn?", hit)
        assert "8,50 Euro" in text and "in der Fassung bis 10.07.2020" in text
        assert AMOUNT_NOTE in text
        (tmp_path / "other.md").write_text(_OLD_LAW.replace("Zuletzt geändert durch", "Geändert"), encoding="utf-8")
        no_amount = hit.model_copy(update={"text": paragraph.split("(2)")[0], "source": "other.md"})
        plain = law_block("hab ich anspruch auf mindestlohn?", no_amount)
        assert AMOUNT_NOTE not in plain and "Fassung" not in plain  # no amount, no version stated by the file
    finally:
        get_settings.cache_clear()
