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
