"""Date cells of uploaded files: Excel's day numbers (a date column formatted as a number and saved as CSV) are
read as the days they stand for; a mix with written dates, or numbers outside Excel's years of business, is not."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tools.company.sales_file import read_sales_export
from tools.date_cells import parse_day_cells
from tools.errors import DataError


def test_a_column_of_excel_day_numbers_is_read_as_those_days() -> None:
    got = parse_day_cells(pd.Series(["46351", "46352,0", "", "36526"]))
    assert got.tolist()[:2] == [pd.Timestamp("2026-11-25"), pd.Timestamp("2026-11-26")]
    assert pd.isna(got.iloc[2]) and got.iloc[3] == pd.Timestamp("2000-01-01")


@pytest.mark.parametrize("cells", [["46351", "2026-11-01"], ["12345"], ["46351", "abc"], ["463510"]])
def test_numbers_that_are_no_whole_column_of_excel_days_stay_unread(cells: list[str]) -> None:
    got = parse_day_cells(pd.Series(cells))
    assert got.isna().iloc[0]


def test_a_sales_export_with_excel_day_numbers_is_read_like_one_with_dates(tmp_path: Path) -> None:
    days = [date(2026, 11, 24) - timedelta(days=i) for i in range(40)]
    serial = "\n".join(
        f"{(d - date(1899, 12, 30)).days};Stendal Marktplatz;Roggenbrot;{30 + i % 4}" for i, d in enumerate(days)
    )
    written = "\n".join(f"{d:%d.%m.%Y};Stendal Marktplatz;Roggenbrot;{30 + i % 4}" for i, d in enumerate(days))
    header = "Datum;Filiale;Artikel;Verkauft\n"
    (tmp_path / "a.csv").write_text(header + serial + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header + written + "\n", encoding="utf-8")
    a = read_sales_export(tmp_path / "a.csv", date(2026, 11, 25))
    b = read_sales_export(tmp_path / "b.csv", date(2026, 11, 25))
    pd.testing.assert_frame_equal(a, b)


def test_excel_day_numbers_after_today_are_refused_as_future_days(tmp_path: Path) -> None:
    rows = "\n".join(f"{46351 + i};Stendal Marktplatz;Roggenbrot;30" for i in range(-40, 2))
    (tmp_path / "c.csv").write_text("Datum;Filiale;Artikel;Verkauft\n" + rows + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="26.11.2026 liegt nach dem heutigen Tag"):
        read_sales_export(tmp_path / "c.csv", date(2026, 11, 25))


def test_slash_dates_are_month_first_only_where_the_column_allows_no_other_reading() -> None:
    us = parse_day_cells(pd.Series(["2026-08-01", "02.08.2026", "08/03/2026", "08/14/2026"]))
    assert us.tolist() == [pd.Timestamp(f"2026-08-0{d}") for d in (1, 2, 3)] + [pd.Timestamp("2026-08-14")]
    german = parse_day_cells(pd.Series(["01/02/2026", "14/02/2026"]))
    assert german.tolist() == [pd.Timestamp("2026-02-01"), pd.Timestamp("2026-02-14")]
    ambiguous = parse_day_cells(pd.Series(["01/02/2026", "02/03/2026"]))
    assert ambiguous.iloc[0] == pd.Timestamp("2026-02-01")  # nothing says month first: the German reading
    contradicting = parse_day_cells(pd.Series(["14/02/2026", "02/14/2026"]))
    assert contradicting.iloc[0] == pd.Timestamp("2026-02-14") and pd.isna(contradicting.iloc[1])


def _three_formats_and_a_repeated_header(tmp_path: Path) -> Path:
    """An export in three date notations whose second half was pasted below with its header (hostile test 27)."""
    days = [date(2026, 8, 1) + timedelta(days=i) for i in range(60)]
    notations = ("{:%Y-%m-%d}", "{:%d.%m.%Y}", "{:%m/%d/%Y}")
    lines = [f"{notations[i % 3].format(d)};Stendal Marktplatz;Roggenbrot;{30 + i % 4}" for i, d in enumerate(days)]
    header = "Datum;Filiale;Artikel;Verkauft"
    path = tmp_path / "gemischt.csv"
    path.write_text("\n".join([header, *lines[:30], header, *lines[30:]]) + "\n", encoding="utf-8")
    return path


def test_a_sales_export_with_three_date_notations_and_a_repeated_header_is_read_whole(tmp_path: Path) -> None:
    got = read_sales_export(_three_formats_and_a_repeated_header(tmp_path), date(2026, 11, 25))
    assert len(got) == 60 and got["date"].min() == pd.Timestamp("2026-08-01")
    assert got["date"].max() == pd.Timestamp("2026-09-29") and got["date"].is_unique


def test_a_forecast_file_with_a_repeated_header_names_the_right_line_of_a_bad_cell(tmp_path: Path) -> None:
    from tools.forecast.io import read_series_csv

    path = _three_formats_and_a_repeated_header(tmp_path)
    assert len(read_series_csv(path, "Datum", "Filiale", "Verkauft")) == 60
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[40] = lines[40].replace(lines[40].split(";")[0], "2026-13-01")  # file line 41, below the repeated header
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="Zeile 41, Spalte „Datum“: „2026-13-01“"):
        read_series_csv(path, "Datum", "Filiale", "Verkauft")
