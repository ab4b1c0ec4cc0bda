"""Trial 18 (tuned): the owner of another bakery attaches her own cash-register export and asks for a forecast,
a plan and follow-ups. The conversation runner plays no attachments, so these conversations are tests. Written
before any answer was read; expectations are what a bakery owner would rightly expect."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.graph import TurnResult, build_graph, run_turn
from agents.uploads import attachment_dict

GROUPS = {1: "Brot", 2: "Brötchen"}


def kiel_export(shared: Path, out: Path, *, sep: str = ";", date_fmt: str = "%Y-%m-%d", days: int = 84) -> Path:
    """The Kiel bakery's sales of two groups as a German cash-register export ending on 24.11.2026 (weekdays kept)."""
    src = pd.read_csv(shared / "kiel_bakery" / "umsatz.csv", parse_dates=["Datum"])
    src = src[src["Warengruppe"].isin(GROUPS)]
    last = src["Datum"].max()
    shift = pd.Timedelta(days=((pd.Timestamp("2026-11-24") - last).days // 7) * 7)
    df = src[src["Datum"] > last - pd.Timedelta(days=days)].copy()
    df["Datum"] = df["Datum"] + shift
    df["Artikel"] = df["Warengruppe"].map(GROUPS)
    df = df.rename(columns={"Umsatz": "Umsatz (EUR)"})[["Datum", "Artikel", "Umsatz (EUR)"]]
    if out.suffix == ".xlsx":
        df.to_excel(out, index=False)
    else:
        df.to_csv(out, sep=sep, decimal=",", index=False, date_format=date_fmt, float_format="%.2f")
    return out


class Chat:
    """One owner's conversation on one graph."""

    def __init__(self) -> None:
        self.graph = build_graph(checkpointer=InMemorySaver())

    def say(self, text: str, file: Path | None = None) -> TurnResult:
        atts = [attachment_dict(file)] if file else None
        return run_turn(self.graph, text, role="owner", thread_id="t18", attachments=atts)


DEMO_WORDS = ("Stendal", "Gardelegen", "Schrippe", "Korn & Kruste")


@pytest.fixture()
def german_csv(shared_data: Path, tmp_path: Path, fresh_var: Path) -> Path:
    return kiel_export(shared_data, tmp_path / "kasse_export.csv")


def test_forecast_of_a_german_export_names_file_and_dates_and_follow_ups_stay_on_it(german_csv: Path) -> None:
    chat = Chat()
    first = chat.say("Prognose für nächste Woche für diese Datei bitte", german_csv)
    assert first.tool == "forecast"
    assert "kasse_export.csv" in first.text and "Brötchen" in first.text
    assert "24.11.2026" in first.text  # the file's last day: which data the forecast stands on
    assert not any(w in first.text for w in DEMO_WORDS)
    only = chat.say("und nur Brötchen?")
    assert only.tool == "forecast" and "Brötchen" in only.text
    assert not any(w in only.text for w in DEMO_WORDS), only.text[:400]
    sat = chat.say("und am Samstag?")  # the Saturday of the week asked about (30.11.–06.12.), trial 36
    assert "05.12." in sat.text and not any(w in sat.text for w in DEMO_WORDS), sat.text[:400]


def test_an_export_with_ddmmyyyy_dates_is_read(shared_data: Path, tmp_path: Path, fresh_var: Path) -> None:
    f = kiel_export(shared_data, tmp_path / "kasse.csv", date_fmt="%d.%m.%Y")
    r = Chat().say("Prognose für diese Datei", f)
    assert r.tool == "forecast" and "kasse.csv" in r.text and "kann ich nicht verwenden" not in r.text


def test_an_excel_export_is_forecast(shared_data: Path, tmp_path: Path, fresh_var: Path) -> None:
    f = kiel_export(shared_data, tmp_path / "kasse.xlsx")
    r = Chat().say("Prognose für diese Datei", f)
    assert r.tool == "forecast" and "kasse.xlsx" in r.text and "Brötchen" in r.text, r.text[:400]


def test_a_file_without_a_value_column_says_what_is_missing(tmp_path: Path, fresh_var: Path) -> None:
    f = tmp_path / "kasse_ohne_umsatz.csv"
    f.write_text("Datum;Artikel\n01.11.2026;Brot\n02.11.2026;Brot\n", encoding="utf-8")
    r = Chat().say("Prognose für diese Datei", f)
    assert "kasse_ohne_umsatz.csv" in r.text and "Spalte" in r.text and "zahl" in r.text.lower()
    assert not any(w in r.text for w in DEMO_WORDS)


def test_three_weeks_of_history_still_forecast_with_a_hint(shared_data: Path, tmp_path: Path, fresh_var: Path) -> None:
    f = kiel_export(shared_data, tmp_path / "kasse_3wochen.csv", days=21)
    r = Chat().say("Prognose für nächste Woche für diese Datei", f)
    assert r.tool == "forecast" and "kasse_3wochen.csv" in r.text
    assert "kann ich nicht verwenden" not in r.text
    assert "nur 21 Tage zurück" in r.text  # added after the first run: a short history says what it cannot know


def test_the_export_table_of_an_upload_forecast_has_its_series_and_value_column() -> None:
    """Every chat forecast of an own file broke on the export check (KeyError 'branch', trial 18)."""
    from agents.exports.attach import has_file
    from agents.exports.tables import forecast

    data = {
        "file": "kasse_export.csv",
        "columns": ["Datum", "Artikel", "Umsatz (EUR)"],
        "start": "2026-11-28",
        "end": "2026-11-28",
        "series": [
            {"series": "Brötchen", "days": [{"date": "2026-11-28", "forecast": 887.0, "lower": 714.0, "upper": 1236.0}]}
        ],
    }
    (table,) = forecast(data)
    assert has_file("forecast", data) and table.rows[0]["item"] == "Brötchen"
    assert "Prognose (Umsatz (EUR))" in [c.header for c in table.columns] and "kasse_export" in table.title


def test_a_follow_up_names_a_series_of_the_file_else_keeps_all() -> None:
    from agents.contracts import Slots
    from agents.sales.upload import asked_series

    names = ["Brot", "Brötchen", "Kuchen"]
    assert asked_series(names, Slots(text="und nur Brötchen?")) == ["Brötchen"]
    assert asked_series(names, Slots(text="und nur broetchen und kuchen")) == ["Brötchen", "Kuchen"]
    assert asked_series(names, Slots(text="und am Samstag?")) == names


def test_a_file_without_a_value_column_lists_its_columns_and_what_to_do(tmp_path: Path) -> None:
    from tools.errors import DataError
    from tools.forecast.io import guess_columns

    f = tmp_path / "kasse_ohne_umsatz.csv"
    f.write_text("Datum;Artikel\n01.11.2026;Brot\n02.11.2026;Brot\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Vorhanden sind: „Datum“, „Artikel“\. Exportieren Sie"):
        guess_columns(f)


def test_a_plan_after_her_file_says_what_it_still_needs_and_a_named_demo_branch_plans_the_demo(
    german_csv: Path,
) -> None:
    """After her own file was forecast, „Was soll ich morgen backen?“ planned the demo company without a word;
    now it says which figures the plan still needs and how to give them; a named demo branch still plans."""
    chat = Chat()
    chat.say("Prognose für diese Datei", german_csv)
    plan = chat.say("Was soll ich morgen backen?")
    assert plan.tool == "production_plan" and "kasse_export.csv" in plan.text and "Herstellkosten" in plan.text
    assert not any(w in plan.text for w in DEMO_WORDS)
    demo = chat.say("Und was backen wir morgen in Gardelegen?")
    assert "Gardelegen" in demo.text and "fehlen mir noch Angaben" not in demo.text
