"""CSV for German Excel: ';' as separator, decimal comma, dates dd.mm.yyyy, UTF-8 with BOM."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from tools.exports.table import ColumnKind, Table, cell_value, export_path, formula_safe, publish


def csv_text(value: Any, kind: ColumnKind) -> str:
    """One cell as German Excel reads it: 1234.5 → '1234,5' (no thousands separator), dates 28.11.2026."""
    v = cell_value(value, kind)
    if v is None:
        return ""
    if isinstance(v, date):
        return f"{v:%d.%m.%Y}"
    if kind == "int":
        return str(v)
    if kind == "share":
        return f"{100 * v:.1f}".replace(".", ",")
    if kind in {"float", "eur"}:
        return f"{v:.2f}".replace(".", ",")
    return str(v)


def header(col_header: str, kind: ColumnKind) -> str:
    """Header with the unit a bare number loses in CSV (share → '%')."""
    return f"{col_header} (%)" if kind == "share" and "%" not in col_header else col_header


def write_csv(table: Table, stem: str) -> Path:
    """The table as one CSV file under var/exports; returns its path."""
    path = export_path(stem, ".csv")
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        w.writerow([header(c.header, c.kind) for c in table.columns])
        for row in table.rows:
            w.writerow([csv_text(row.get(c.key), c.kind) for c in table.columns])
    return publish(tmp, path)


def write_frame_csv(frame: pd.DataFrame, path: Path, float_format: str | None = None) -> Path:
    """A data frame as a machine-readable CSV (the CLI's `--out` files: ',' and '.', ISO dates), with every text
    cell formula-safe like the chat's exports (`cell_value`): series and product names come from the user's file."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: cell_value(v, "text") if isinstance(v, str) else v)
    safe.columns = [formula_safe(str(c)) for c in safe.columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    safe.to_csv(tmp, index=False, float_format=float_format)
    return publish(tmp, path)
