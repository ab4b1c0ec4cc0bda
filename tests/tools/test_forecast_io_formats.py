"""Foreign sales exports (issue 21.2): German notation, two key columns, gaps, short series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tools.errors import DataError
from tools.forecast.io import read_series_csv, series_columns, split_short_series

GERMAN = (
    "Filialnr;Datum;Wochentag;Filiale;Artikel;Menge;Bemerkung\n"
    "0815;02.01.2024;Di;Altstadt;Roggenbrot;1.234,5;x\n"
    "0815;01.02.2024;Do;Altstadt;Roggenbrot;12,25;\n"
    "0815;01.02.2024;Do;Hafen;Roggenbrot;7;\n"
    "0815;13.02.2024;Di;Altstadt;Brezel;3,5;\n"
)


def test_german_export_semicolon_decimal_comma_and_day_first_dates(tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_bytes(GERMAN.encode("cp1252"))
    df = read_series_csv(f, "Datum", "Filiale,Artikel", "Menge")
    got = {(d.strftime("%Y-%m-%d"), s): v for d, s, v in df.itertuples(index=False)}
    # 01.02.2024 is the first of February (pandas alone would read 2 January); 1.234,5 is 1234.5
    assert got == {
        ("2024-01-02", "Altstadt/Roggenbrot"): 1234.5,
        ("2024-02-01", "Altstadt/Roggenbrot"): 12.25,
        ("2024-02-01", "Hafen/Roggenbrot"): 7.0,
        ("2024-02-13", "Altstadt/Brezel"): 3.5,
    }
    # one key column: the branches of a product are summed; header names match regardless of case
    one = read_series_csv(f, "datum", "ARTIKEL", "menge")
    feb = one[(one["date"] == "2024-02-01") & (one["series"] == "Roggenbrot")]
    assert feb["value"].tolist() == [19.25]


def test_english_thousands_and_dot_decimals_stay_as_they_are(tmp_path: Path) -> None:
    f = tmp_path / "en.csv"
    f.write_text('date,series,value\n2024-01-01,a,"1,234.5"\n2024-01-02,a,12.5\n2024-01-03,a,7\n', encoding="utf-8")
    assert read_series_csv(f, "date", "series", "value")["value"].tolist() == [1234.5, 12.5, 7.0]


def test_missing_key_column_and_empty_key_cell_are_named(tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text(GERMAN, encoding="utf-8")
    with pytest.raises(DataError, match="fehlt die Spalte „Produkt“.*Vorhanden sind: Filialnr, Datum"):
        read_series_csv(f, "Datum", "Filiale,Produkt", "Menge")
    with pytest.raises(DataError, match="fehlen die Spalten „Tag“, „Produkt“"):
        read_series_csv(f, "Tag", "Filiale,Produkt", "Menge")
    f.write_text("Datum;Filiale;Artikel;Menge\n01.02.2024;Altstadt;Brot;3\n02.02.2024;;Brot;4\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Zeile 3, Spalte „Filiale“: die Zelle ist leer"):
        read_series_csv(f, "Datum", "Filiale,Artikel", "Menge")
    assert series_columns(" Filiale , Artikel ") == ["Filiale", "Artikel"] and series_columns(None) == []


def test_empty_values_are_gaps_and_bad_ones_name_their_row(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("Datum;Artikel;Menge\n01.02.2024;Brot;3\n02.02.2024;Brot;\n03.02.2024;Brot;0\n", encoding="utf-8")
    df = read_series_csv(f, "Datum", "Artikel", "Menge")
    assert df["date"].dt.day.tolist() == [1, 3] and df["value"].tolist() == [3.0, 0.0]
    f.write_text("Datum;Artikel;Menge\n01.02.2024;Brot;3\n31.02.2024;Brot;4\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Zeile 3, Spalte „Datum“: „31.02.2024“ ist kein gültiges Datum"):
        read_series_csv(f, "Datum", "Artikel", "Menge")
    f.write_text("Datum;Artikel;Menge\n01.02.2024;Brot;3\n02.02.2024;Brot;k.A.\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Zeile 3, Spalte „Menge“: „k.A.“ ist keine gültige Zahl"):
        read_series_csv(f, "Datum", "Artikel", "Menge")


def test_series_too_short_to_fit_are_split_off() -> None:
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    hist = pd.concat(
        [
            pd.DataFrame({"date": days, "series": "alt", "value": 5.0}),
            pd.DataFrame({"date": days[-10:], "series": "neu", "value": 2.0}),  # introduced ten days ago
        ]
    )
    rest, short = split_short_series(hist)
    assert short == ["neu"] and set(rest["series"]) == {"alt"}


def test_report_title_lines_and_excel_sep_hint_are_skipped(tmp_path: Path) -> None:
    f = tmp_path / "bericht.csv"
    f.write_text(
        "Umsatzbericht Filiale Kiel\nZeitraum: 01.02.2024 - 03.02.2024\n\n"
        "Datum;Artikel;Umsatz\n01.02.2024;Brot;12,50 €\n02.02.2024;Brot;abc\n",
        encoding="utf-8",
    )
    # the error names the file's own line (6), not the line within the table
    with pytest.raises(DataError, match=r"Zeile 6, Spalte „Umsatz“: „abc“"):
        read_series_csv(f, "Datum", "Artikel", "Umsatz")
    f.write_text("sep=;\nDatum;Artikel;Umsatz\n01.02.2024;Brot;12,50 €\n02.02.2024;Brot;3\n", encoding="utf-8")
    assert read_series_csv(f, "Datum", "Artikel", "Umsatz")["value"].tolist() == [12.5, 3.0]


def test_comma_thousands_in_an_english_file_are_not_decimals(tmp_path: Path) -> None:
    f = tmp_path / "en.csv"
    f.write_text('date,series,value\n2024-01-01,a,"1,234"\n2024-01-02,a,950\n', encoding="utf-8")
    assert read_series_csv(f, "date", "series", "value")["value"].tolist() == [1234.0, 950.0]
    f.write_text('date,series,value\n2024-01-01,a,"12,5"\n2024-01-02,a,950\n', encoding="utf-8")
    assert read_series_csv(f, "date", "series", "value")["value"].tolist() == [12.5, 950.0]


def test_a_numbered_key_column_is_the_series_not_the_value(tmp_path: Path) -> None:
    from tools.forecast.io import guess_columns

    f = tmp_path / "gruppen.csv"
    f.write_text(
        "Datum,Gruppe_Nr,Wert\n" + "".join(f"2025-01-0{d},{g},{10 * g + d}\n" for d in range(1, 8) for g in (1, 2))
    )
    assert guess_columns(f) == ("Datum", "Gruppe_Nr", "Wert")


def test_every_text_column_that_names_the_series_is_a_key(tmp_path: Path) -> None:
    """Hostile test 16 #11: date, branch, product, sold gave the series „branch“ only (its products summed)."""
    from tools.forecast.io import guess_columns, read_series_csv

    f = tmp_path / "filialen.csv"
    rows = [
        f"2025-01-0{d},{wd},{b},{p},{d + len(b) * len(p)}\n"
        for d in range(1, 8)
        for wd in ["Mo"]
        for b in ("Nord", "Süd")
        for p in ("Brot", "Kuchen")
    ]
    f.write_text("date,wochentag,branch,product,sold\n" + "".join(rows))
    assert guess_columns(f) == ("date", "branch,product", "sold")  # the weekday separates no rows of a day
    hist = read_series_csv(f, "date", "branch,product", "sold")
    assert sorted(hist["series"].unique()) == ["Nord/Brot", "Nord/Kuchen", "Süd/Brot", "Süd/Kuchen"]


def test_one_text_column_stays_the_only_key(tmp_path: Path) -> None:
    from tools.forecast.io import guess_columns

    f = tmp_path / "artikel.csv"
    f.write_text(
        "Datum,Artikel,Filiale,Menge\n" + "".join(f"2025-01-0{d},{a},Nord,{d}\n" for d in range(1, 8) for a in "AB")
    )
    assert guess_columns(f) == ("Datum", "Artikel", "Menge")  # one branch only: it separates nothing
