"""A typed table for export: German headers, a kind per column (drives number formats), rows as dicts."""

from __future__ import annotations

import os
import re
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from tools.settings import get_settings

ColumnKind = Literal["text", "int", "float", "eur", "share", "date"]


class Column(BaseModel):
    """One column: the row key it reads, its German header and its kind."""

    key: str
    header: str
    kind: ColumnKind = "text"
    money: bool = Field(default=False, description="a money figure: left out for a view without money")


class Table(BaseModel):
    """A titled table; `rows` hold the values under the columns' keys."""

    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]

    def without_money(self) -> Table:
        """The table without money columns (what an employee may see)."""
        return self.model_copy(update={"columns": [c for c in self.columns if not c.money and c.kind != "eur"]})


_FORMULA_START = ("=", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"^[+-]\d+(?:[.,]\d+)?$")


def formula_safe(text: str) -> str:
    """Text that Excel would run as a formula („=HYPERLINK(…)“, „+1+cmd|…“, „@SUM(…)“) gets a leading
    apostrophe, so a name from an uploaded file stays text in our CSV and Excel files."""
    signed = text[:1] in ("+", "-") and len(text) > 1 and not _SIGNED_NUMBER.match(text)
    return f"'{text}" if text.startswith(_FORMULA_START) or signed else text


def cell_value(value: Any, kind: ColumnKind) -> Any:
    """The typed value of a cell: numbers as float/int, dates as date, text formula-safe; None stays None."""
    if value is None or value == "":
        return None
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if kind == "int":
        return int(round(float(value)))
    if kind in {"float", "eur", "share"}:
        return float(value)
    return formula_safe(str(value))


def export_path(stem: str, suffix: str) -> Path:
    """A new file path under var/exports: the stem made file-safe plus a short unique part."""
    safe = re.sub(r"[^a-z0-9-]+", "-", stem.lower().translate(str.maketrans("äöüß", "aous"))).strip("-")
    out = get_settings().var_dir / "exports"
    out.mkdir(parents=True, exist_ok=True)
    return out / f"{safe or 'export'}-{uuid.uuid4().hex[:6]}{suffix}"


def publish(tmp: Path, path: Path) -> Path:
    """Move a completely written temporary file to its final name (readers never see half a file)."""
    os.replace(tmp, path)
    return path
