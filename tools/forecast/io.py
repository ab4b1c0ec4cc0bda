"""Reading a user's sales export and regressor files (CSV) with German errors naming row and column."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from tools.company.sales_file import read_text
from tools.errors import DataError

MAX_VALUE = 1e12  # beyond this (inf, 1e300) a value is an export error and would overflow the model


def _read(path: Path) -> pd.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise DataError(f"Die Datei „{p.name}“ wurde nicht gefunden.")
    if p.suffix.lower() not in {".csv", ".txt"}:
        raise DataError(f"Die Datei „{p.name}“ ist keine CSV-Datei. Bitte laden Sie eine CSV-Datei hoch.")
    text, sep = read_text(p)  # UTF-8 with or without BOM, Windows-1252; ';' or ',' (German Excel exports)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(
            f"Die Datei „{p.name}“ lässt sich nicht als CSV lesen (die Zeilen haben unterschiedlich "
            "viele Spalten oder ein Anführungszeichen fehlt)."
        ) from exc


def _need(df: pd.DataFrame, cols: list[str], name: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        what = "fehlt die Spalte" if len(missing) == 1 else "fehlen die Spalten"
        raise DataError(
            f"In „{name}“ {what} {', '.join(f'„{c}“' for c in missing)}. Vorhanden sind: {', '.join(df.columns)}."
        )


def _dates(s: pd.Series, col: str, name: str) -> pd.Series:
    d = pd.to_datetime(s.str.strip(), errors="coerce", format="mixed", dayfirst=False)
    bad = d.isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            f"„{name}“, Zeile {i + 2}, Spalte „{col}“: „{s.iloc[i]}“ ist kein gültiges Datum "
            "(erwartet z. B. 2026-11-25)."
        )
    return d.dt.normalize()


def _numbers(s: pd.Series, col: str, name: str, allow_empty: bool) -> pd.Series:
    txt = s.fillna("").str.strip()
    # accept German decimal commas when no dot is present
    txt = txt.where(~(txt.str.contains(",") & ~txt.str.contains(r"\.")), txt.str.replace(",", ".", regex=False))
    v = pd.to_numeric(txt.replace("", None), errors="coerce")
    bad = (v.isna() & (txt != "" if allow_empty else True)) | (v.abs() > MAX_VALUE)  # inf, 1e300: no number to plan
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"„{name}“, Zeile {i + 2}, Spalte „{col}“: „{s.iloc[i]}“ ist keine gültige Zahl.")
    return v.astype(float)


def read_series_csv(path: Path, date_col: str, series_col: str | None, value_col: str) -> pd.DataFrame:
    """A sales export as date, series, value (values summed per date and series)."""
    name = Path(path).name
    df = _read(path)
    _need(df, [c for c in (date_col, series_col, value_col) if c], name)
    out = pd.DataFrame(
        {
            "date": _dates(df[date_col], date_col, name),
            "series": df[series_col].astype(str).str.strip() if series_col else "gesamt",
            "value": _numbers(df[value_col], value_col, name, allow_empty=False),
        }
    )
    if out.empty:
        raise DataError(f"„{name}“ enthält keine Datenzeilen.")
    return out.groupby(["date", "series"], as_index=False)["value"].sum()


def date_column(columns: list[str]) -> str | None:
    """The join column: the first whose name starts with 'Dat' or is 'date'."""
    for c in columns:
        if c.strip().lower() == "date" or c.strip().lower().startswith("dat"):
            return c
    return None


def read_regressor_csv(path: Path, fill_missing_with_zero: bool = False) -> pd.DataFrame:
    """Weather/event file: the date column renamed to 'date' plus every numeric column."""
    name = Path(path).name
    df = _read(path)
    dcol = date_column(list(df.columns))
    if dcol is None:
        raise DataError(f"„{name}“ hat keine Datumsspalte (Name beginnt mit „Dat“ oder lautet „date“).")
    out = pd.DataFrame({"date": _dates(df[dcol], dcol, name)})
    for c in df.columns:
        if c == dcol:
            continue
        txt = df[c].fillna("").str.strip()
        num = pd.to_numeric(txt.str.replace(",", ".", regex=False).replace("", None), errors="coerce")
        if num.notna().sum() and num.notna().sum() == (txt != "").sum():
            out[c] = num.fillna(0.0) if fill_missing_with_zero else num
    return out.drop_duplicates("date").sort_values("date").reset_index(drop=True)


VALUE_NAMES = ("umsatz", "absatz", "verkauft", "sold", "menge", "anzahl", "stueck", "stück", "value", "sales")
SERIES_NAMES = ("warengruppe", "artikel", "produkt", "product", "series", "reihe", "gruppe", "filiale", "branch")


def guess_columns(path: Path) -> tuple[str, str | None, str]:
    """(date, series or None, value) columns of an uploaded sales export, chosen by name and type."""
    name = Path(path).name
    df = _read(path)
    dcol = date_column(list(df.columns))
    if dcol is None:
        raise DataError(f"„{name}“ hat keine Datumsspalte (Name beginnt mit „Dat“ oder lautet „date“).")
    rest = [c for c in df.columns if c != dcol]
    numeric = [
        c
        for c in rest
        if pd.to_numeric(df[c].str.replace(",", ".", regex=False), errors="coerce").notna().mean() > 0.95
    ]
    # a column named like a value wins even with bad cells, so that the error names the bad row
    value = next((c for c in rest if c.strip().lower() in VALUE_NAMES), None)
    value = value or (numeric[-1] if numeric else None)
    if value is None:
        raise DataError(f"„{name}“ hat keine Spalte mit Zahlen (z. B. „Umsatz“ oder „Absatz“).")
    series = next((c for c in rest if c.strip().lower() in SERIES_NAMES and c != value), None)
    if series is None:
        series = next((c for c in rest if c not in numeric and c != value), None)
    return dcol, series, value
