"""Weather/event files beside an uploaded sales file: two files with a column of the same name (two weather
exports, or a second sales file) are no crash; the column is read once and the answer says so."""

from __future__ import annotations

from pathlib import Path

from agents.contracts import Attachment
from agents.sales.upload import read_regressors


def _csv(path: Path, header: str, days: int = 10) -> Attachment:
    rows = [f"2026-11-{d:02d},{d},{d * 2}" for d in range(1, days + 1)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return Attachment(path=str(path), name=path.name, mime="text/csv")


def test_two_files_with_the_same_columns_are_read_once_not_merged_into_an_error(tmp_path: Path) -> None:
    first = _csv(tmp_path / "wetter.csv", "date,temperatur,regen")
    again = _csv(tmp_path / "wetter2.csv", "date,temperatur,regen")
    part = _csv(tmp_path / "wetter3.csv", "date,temperatur,wind")
    reg, notes = read_regressors([first, again, part])
    assert reg is not None and sorted(reg.columns) == ["date", "regen", "temperatur", "wind"]
    assert notes[0] == "Zusätzliche Einflüsse aus „wetter.csv“: „temperatur“, „regen“."
    assert "„wetter2.csv“ habe ich nicht verwendet" in notes[1]
    assert (
        notes[2]
        == "Zusätzliche Einflüsse aus „wetter3.csv“: „wind“ („temperatur“ kam schon in einer anderen Datei vor)."
    )


def test_a_second_sales_file_is_named_and_not_read_as_weather(tmp_path: Path) -> None:
    """A second export beside the first (a value column „Umsatz“, or several rows a day) would have become
    „causes“ of the forecast; it is left out with a German reason, the weather file beside it is used."""
    weather = _csv(tmp_path / "wetter.csv", "date,temperatur,regen")
    second = _csv(tmp_path / "umsatz_2019.csv", "Datum,Warengruppe,Umsatz")
    rows = [f"2026-11-{d:02d},{k},{d * k}" for d in range(1, 11) for k in (1, 2)]
    repeated = tmp_path / "export.csv"
    repeated.write_text("\n".join(["date,nummer,wert", *rows]) + "\n", encoding="utf-8")
    third = Attachment(path=str(repeated), name="export.csv", mime="text/csv")
    reg, notes = read_regressors([weather, second, third])
    assert reg is not None and sorted(reg.columns) == ["date", "regen", "temperatur"]
    assert "„umsatz_2019.csv“ habe ich nicht verwendet" in notes[1] and "„Warengruppe“" in notes[1]
    assert "„export.csv“ habe ich nicht verwendet" in notes[2] and "weitere Verkaufsdaten" in notes[2]
