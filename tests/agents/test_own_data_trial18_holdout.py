"""Trial 18 (hold-out, never tuned on): the other bakery's owner asks about waste, a plan and an Excel file on her
own export. Written before any answer was read, together with test_own_data_trial18.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.agents.test_own_data_trial18 import DEMO_WORDS, Chat, kiel_export


@pytest.fixture()
def german_csv(shared_data: Path, tmp_path: Path, fresh_var: Path) -> Path:
    return kiel_export(shared_data, tmp_path / "kasse_export.csv")


def test_excel_of_the_upload_forecast(german_csv: Path) -> None:
    chat = Chat()
    chat.say("Wie viel verkaufe ich nächste Woche? Meine Kassendaten hängen an.", german_csv)
    r = chat.say("als Excel bitte")
    assert any(str(a.path).endswith(".xlsx") for a in r.artifacts), r.text[:400]


def test_waste_question_on_an_export_without_baked_amounts_says_what_is_missing(german_csv: Path) -> None:
    chat = Chat()
    chat.say("Prognose für diese Datei", german_csv)
    r = chat.say("wie viel hätte ich letzte Woche weniger wegwerfen können?")
    assert not any(w in r.text for w in DEMO_WORDS), r.text[:400]


def test_plan_for_tomorrow_after_the_upload_stays_on_her_goods(german_csv: Path) -> None:
    chat = Chat()
    chat.say("Prognose für diese Datei", german_csv)
    r = chat.say("und wie viel soll ich morgen backen?")
    assert not any(w in r.text for w in DEMO_WORDS), r.text[:400]
