"""PDF documents (fpdf2, already used for the check's report): a title, optional pictures and the tables with
German number formats; the Unicode font DejaVu ships with matplotlib."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF

from tools.exports.table import ColumnKind, Table, cell_value, export_path, publish
from tools.format_de import eur, integer, num, share

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
WIDE = 6  # more columns than this: the page lies landscape


class _Doc(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=7)
        self.cell(0, 5, f"KI-generiert · synerKI · Seite {self.page_no()}", align="C")


def pdf_text(value: Any, kind: ColumnKind) -> str:
    """One cell as a German reader expects it: 1.234,5; 12,50 €; 28.11.2026; '' for nothing."""
    v = cell_value(value, kind)
    if v is None:
        return ""
    if kind == "date":
        return f"{v:%d.%m.%Y}"
    if kind == "int":
        return integer(float(v))
    if kind == "float":
        return num(float(v))
    if kind == "eur":
        return eur(float(v), cents=True)
    if kind == "share":
        return share(float(v))
    return str(v)


def write_pdf(title: str, tables: list[Table], stem: str, images: list[Path] | None = None, note: str = "") -> Path:
    """A4 PDF with `title`, the pictures (charts), each table under its own heading and a closing note."""
    wide = any(len(t.columns) > WIDE for t in tables)
    pdf = _Doc(orientation="L" if wide else "P", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    for img in images or []:
        pdf.image(str(img), w=pdf.epw, h=pdf.eph * 0.55, keep_aspect_ratio=True)  # on the first page with the title
        pdf.ln(2)
    for t in tables:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, t.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=7.5)
        with pdf.table(text_align="LEFT", line_height=4) as grid:
            grid.row([c.header for c in t.columns])
            for row in t.rows:
                grid.row([pdf_text(row.get(c.key), c.kind) for c in t.columns])
    if note:
        pdf.ln(3)
        pdf.set_font("DejaVu", size=8)
        pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    path = export_path(stem, ".pdf")
    tmp = path.with_suffix(".tmp")
    pdf.output(str(tmp))
    return publish(tmp, path)
