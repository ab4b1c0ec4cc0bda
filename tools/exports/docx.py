"""Word documents (.docx): a title, paragraphs from light Markdown (headings, bullets, bold) and tables."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.text.paragraph import Paragraph

from tools.exports.csv import csv_text
from tools.exports.table import Table, export_path, publish

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _runs(par: Paragraph, text: str) -> None:
    """Text with **bold** parts as runs (other Markdown marks are dropped)."""
    pos = 0
    for m in _BOLD.finditer(text):
        par.add_run(text[pos : m.start()].replace("_", ""))
        par.add_run(m.group(1)).bold = True
        pos = m.end()
    par.add_run(text[pos:].replace("_", ""))


def write_docx(title: str, text: str, stem: str, tables: list[Table] | None = None, note: str = "") -> Path:
    """A document with `title`, the Markdown-ish `text`, optional tables and a closing note; returns its path."""
    doc = Document()
    doc.add_heading(title, level=1)
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            doc.add_heading(s.lstrip("#").strip(), level=2)
        elif s.startswith(("- ", "* ", "• ")):
            _runs(doc.add_paragraph(style="List Bullet"), s[2:].strip())
        else:
            _runs(doc.add_paragraph(), s)
    for t in tables or []:
        doc.add_heading(t.title, level=2)
        grid = doc.add_table(rows=1, cols=len(t.columns))
        grid.style = "Table Grid"
        for cell, col in zip(grid.rows[0].cells, t.columns):
            cell.text = col.header
        for row in t.rows:
            cells = grid.add_row().cells
            for cell, col in zip(cells, t.columns):
                cell.text = csv_text(row.get(col.key), col.kind)
    if note:
        doc.add_paragraph().add_run(note).italic = True
        doc.core_properties.comments = note
    path = export_path(stem, ".docx")
    tmp = path.with_suffix(".tmp")
    doc.save(str(tmp))
    return publish(tmp, path)
