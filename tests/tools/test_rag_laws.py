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
    from tools.settings import get_settings

    folder = tmp_path / "gesetze"
    folder.mkdir()
    (folder / "burlg.md").symlink_to(_LAWS / "burlg.md")
    monkeypatch.setenv("SYNERKI_LAWS_DIR", str(folder))
    monkeypatch.setattr(laws, "LAWS_COLLECTION", "gesetze_test")
    laws._SYNCED.clear()
    get_settings.cache_clear()
    assert laws.sync_laws(wait=True)
    yield folder
    laws._SYNCED.clear()
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
