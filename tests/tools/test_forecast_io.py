"""CSV input (German errors with row and column), sold-out uncensoring and the CLI on the Kiel data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tools.errors import DataError
from tools.forecast.demo import uncensor
from tools.forecast.io import date_column, read_regressor_csv, read_series_csv


def test_series_csv_errors_name_row_and_column(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("Datum,Gruppe,Umsatz\n2024-01-01,1,10\n2024-01-02,1,abc\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Zeile 3, Spalte „Umsatz“"):
        read_series_csv(f, "Datum", "Gruppe", "Umsatz")
    f.write_text("Datum,Gruppe,Umsatz\n2024-01-01,1,10\n32.13.2024,1,5\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Zeile 3, Spalte „Datum“"):
        read_series_csv(f, "Datum", "Gruppe", "Umsatz")
    with pytest.raises(DataError, match="fehlt die Spalte „Menge“"):
        read_series_csv(f, "Datum", "Gruppe", "Menge")
    x = tmp_path / "s.xlsx"
    x.write_bytes(b"PK\x03\x04")
    with pytest.raises(DataError, match="Excel-Datei „s.xlsx“ kann ich nicht öffnen"):  # a broken workbook
        read_series_csv(x, "Datum", "Gruppe", "Umsatz")
    n = tmp_path / "s.numbers"
    n.write_bytes(b"PK\x03\x04")
    with pytest.raises(DataError, match="keine CSV- oder Excel-Datei"):
        read_series_csv(n, "Datum", "Gruppe", "Umsatz")


def test_series_csv_reads_excel_exports_and_rejects_empty_and_infinite(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    for raw in (
        "\ufeffDatum;Gruppe;Umsatz\n2024-01-01;Brötchen;1,5\n".encode(),
        "Datum;Gruppe;Umsatz\n2024-01-01;Brötchen;1,5\n".encode("cp1252"),
    ):
        f.write_bytes(raw)
        df = read_series_csv(f, "Datum", "Gruppe", "Umsatz")
        assert df["series"].tolist() == ["Brötchen"] and df["value"].tolist() == [1.5]
    f.write_bytes(b"")
    with pytest.raises(DataError, match="ist leer"):
        read_series_csv(f, "Datum", "Gruppe", "Umsatz")
    f.write_text("Datum,Gruppe,Umsatz\n2024-01-01,1,10\n2024-01-02,1,inf\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Zeile 3, Spalte „Umsatz“: „inf“ ist keine gültige Zahl"):
        read_series_csv(f, "Datum", "Gruppe", "Umsatz")


def test_series_csv_sums_duplicates_and_reads_decimal_comma(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("date;series;value\n2024-01-01;a;1,5\n2024-01-01;a;2,5\n2024-01-02;a;3\n", encoding="utf-8")
    df = read_series_csv(f, "date", "series", "value")
    assert df["value"].tolist() == [4.0, 3.0]


def test_regressor_csv_picks_date_column_and_numeric_columns(tmp_path: Path) -> None:
    assert date_column(["Id", "Datum", "date"]) == "Datum"
    f = tmp_path / "w.csv"
    f.write_text("Ort,Datum,Temp,Code\nKiel,2024-01-01,3.5,\nKiel,2024-01-02,4,61\n", encoding="utf-8")
    df = read_regressor_csv(f)
    assert list(df.columns) == ["date", "Temp", "Code"]
    assert df["Code"].isna().sum() == 1
    assert read_regressor_csv(f, fill_missing_with_zero=True)["Code"].tolist() == [0.0, 61.0]


def test_uncensor_raises_sold_out_days_only() -> None:
    df = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-23", "2026-11-23", "2026-11-23"]),
            "branch": ["stendal_markt"] * 3,
            "product": ["landbrot", "landbrot", "schrippe"],
            "sold": [30, 30, 300],
            "sold_out": [False, True, True],
            "sold_out_time": [None, "12:00", "12:00"],
        }
    )
    est = uncensor(df)
    assert est[0] == 30
    assert est[1] == pytest.approx(60.0)  # half of the 06:00–18:00 day gone -> half the customers
    assert 300 < est[2] < 600  # Brötchen customers come early: share 0.5**0.6


def test_cli_predict_on_kiel_data(shared_data: Path, tmp_path: Path) -> None:
    from app.cli import app

    k = shared_data / "kiel_bakery"
    out = tmp_path / "pred.csv"
    res = CliRunner().invoke(
        app,
        [
            "forecast",
            "predict",
            "--sales",
            str(k / "umsatz.csv"),
            "--date-col",
            "Datum",
            "--series-col",
            "Warengruppe",
            "--value-col",
            "Umsatz",
            "--start",
            "2018-08-01",
            "--end",
            "2018-08-07",
            "--weather",
            str(k / "wetter.csv"),
            "--events",
            str(k / "kiwo.csv"),
            "--holidays",
            "DE-SH",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    pred = pd.read_csv(out)
    assert list(pred.columns) == ["date", "series", "forecast", "lower", "upper"]
    assert len(pred) == 6 * 7
    brot = pred[pred["series"] == 2]  # Brötchen: ~400 EUR per day in Kiel
    assert 200 < brot["forecast"].mean() < 800
    assert (pred[pred["series"] == 6]["forecast"] == 0).all()  # seasonal bread is not sold in August


def test_cli_bad_file_gives_german_error(tmp_path: Path) -> None:
    from app.cli import app

    f = tmp_path / "s.csv"
    f.write_text("Datum,Umsatz\n2024-01-01,10\n", encoding="utf-8")
    res = CliRunner().invoke(
        app,
        [
            "forecast",
            "predict",
            "--sales",
            str(f),
            "--date-col",
            "Datum",
            "--series-col",
            "Gruppe",
            "--value-col",
            "Umsatz",
            "--start",
            "2024-02-01",
            "--end",
            "2024-02-02",
            "--out",
            str(tmp_path / "o.csv"),
        ],
    )
    assert res.exit_code == 2
    assert "fehlt die Spalte „Gruppe“" in res.output


def test_series_reads_the_first_sheet_of_an_excel_workbook(tmp_path: Path) -> None:
    """Trial 18: „Prognose für diese Datei“ with the owner's .xlsx export was refused as „keine CSV-Datei“."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Datum", "Artikel", "Umsatz (EUR)"])
    for d in range(1, 29):
        ws.append([date(2026, 10, d), "Brot", 100.5 + d])
    wb.save(tmp_path / "kasse.xlsx")
    df = read_series_csv(tmp_path / "kasse.xlsx", "Datum", "Artikel", "Umsatz (EUR)")
    assert len(df) == 28 and df["value"].iloc[-1] == pytest.approx(128.5)
