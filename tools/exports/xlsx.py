"""Excel workbooks (.xlsx): one sheet per table, German headers, number formats per column kind."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tools.exports.table import ColumnKind, Table, cell_value, export_path, publish

FORMATS: dict[ColumnKind, str] = {
    "int": "#,##0",
    "float": "#,##0.0",
    "eur": "#,##0.00 €",
    "share": "0.0%",
    "date": "DD.MM.YYYY",
}
_BAD_SHEET_CHARS = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(title: str, used: set[str]) -> str:
    base = title.translate(_BAD_SHEET_CHARS)[:28].strip() or "Tabelle"
    name, n = base, 2
    while name in used:
        name, n = f"{base} {n}", n + 1
    used.add(name)
    return name


def write_xlsx(tables: list[Table], stem: str, note: str = "") -> Path:
    """One workbook with a sheet per table under var/exports; returns its path. `note` (e.g. that an AI system made
    it) goes into the workbook's properties and each sheet's printed footer, so the cells stay the bare table."""
    wb = Workbook()
    wb.remove(wb.active)
    if note:
        wb.properties.description = note
        wb.properties.keywords = "KI-generiert"
    used: set[str] = set()
    for t in tables:
        ws = wb.create_sheet(_sheet_title(t.title, used))
        ws.append([c.header for c in t.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in t.rows:
            ws.append([cell_value(row.get(c.key), c.kind) for c in t.columns])
        for j, col in enumerate(t.columns, start=1):
            letter = get_column_letter(j)
            fmt = FORMATS.get(col.kind)
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
            width = max([len(col.header)] + [len(str(r.get(col.key, ""))) for r in t.rows[:200]])
            ws.column_dimensions[letter].width = min(max(10, width + 2), 60)
        ws.freeze_panes = "A2"
        if note:
            ws.oddFooter.center.text = note
    path = export_path(stem, ".xlsx")
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    return publish(tmp, path)
