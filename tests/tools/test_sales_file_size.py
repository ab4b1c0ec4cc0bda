"""A sales export too big to read is refused while reading, before its rows are parsed (hostile test 24: a
million-row workbook ran for minutes, a million-line CSV cost 28 CPU-s and 1,1 GB before an answer)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from evals.robustness.files import _xlsx_rows, sales_rows
from tools.company.sales_file import read_sales_export
from tools.errors import DataError
from tools.settings import get_settings, scoped_settings

TODAY = date(2026, 11, 25)


def _limits(**fields: int):  # type: ignore[no-untyped-def]
    return scoped_settings(get_settings().model_copy(update=fields))


def _csv(tmp_path: Path, days: int) -> Path:
    path = tmp_path / "verkauf.csv"
    rows = sales_rows(date(2026, 11, 24), days=days)
    path.write_text("date,branch,product,sold\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_csv_over_the_row_limit_is_refused_and_one_at_it_is_read(tmp_path: Path) -> None:
    path = _csv(tmp_path, 60)
    with _limits(max_sales_rows=59), pytest.raises(DataError, match="mehr als 59 Zeilen"):
        read_sales_export(path, TODAY)
    with _limits(max_sales_rows=60):
        assert len(read_sales_export(path, TODAY)) == 60
    with _limits(max_sales_cells=100), pytest.raises(DataError, match="mehr als 100 Zellen"):
        read_sales_export(path, TODAY)


@pytest.mark.parametrize("declared", [True, False])
def test_a_workbook_over_the_limit_is_refused_with_or_without_its_declared_size(tmp_path: Path, declared: bool) -> None:
    path = tmp_path / "verkauf.xlsx"
    path.write_bytes(_xlsx_rows(date(2026, 11, 24), 5000, dimension=declared))
    with _limits(max_sales_rows=2000), pytest.raises(DataError, match="mehr als 2.000 Zeilen"):
        read_sales_export(path, TODAY)
    with _limits(max_sales_unzipped_mb=1), pytest.raises(DataError, match="entpackt 1 MB groß"):
        read_sales_export(path, TODAY)


def test_a_million_line_csv_is_refused_in_well_under_a_second(tmp_path: Path) -> None:
    path = tmp_path / "million.csv"
    path.write_bytes(b"date,branch,product,sold\n" + b"2026-11-24,a,b,1\n" * 1_000_000)
    start = time.process_time()
    with pytest.raises(DataError, match="400.000 Zeilen"):
        read_sales_export(path, TODAY)
    assert time.process_time() - start < 2.0


def test_a_small_workbook_that_declares_a_huge_size_is_read(tmp_path: Path) -> None:
    """Excel keeps a sheet's 'used range' after rows were formatted to the bottom: a false size is no reason
    to refuse a file whose real rows are few (the raw XML is counted anyway)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Filiale", "Artikel", "Verkauft"])
    for day in range(1, 31):
        sheet.append([date(2026, 10, day), "stendal_markt", "roggenbrot", 30 + day])
    small = io.BytesIO()
    book.save(small)
    out = io.BytesIO()
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'ref="A1:D31"' in data
                data = data.replace(b'ref="A1:D31"', b'ref="A1:XFD1048576"')
            dst.writestr(info, data)
    path = tmp_path / "verkauf.xlsx"
    path.write_bytes(out.getvalue())
    start = time.process_time()
    assert read_sales_export(path, TODAY)["sold"].tolist() == [30 + day for day in range(1, 31)]
    assert time.process_time() - start < 5.0


def test_a_photo_or_pdf_named_csv_is_called_what_it_is(tmp_path: Path) -> None:
    """Hostile test 26: a PNG named verkauf.csv was „Binärdaten, z. B. eine Excel-Mappe“."""
    from evals.robustness.files import _png_as_csv, many_page_pdf

    for data, kind in ((_png_as_csv(TODAY)[1], "ein Bild (PNG)"), (many_page_pdf(1), "ein PDF-Dokument")):
        path = tmp_path / "verkauf.csv"
        path.write_bytes(data)
        with pytest.raises(DataError, match=rf"„verkauf.csv“ ist {re.escape(kind)}, keine Tabelle"):
            read_sales_export(path, TODAY)
