"""Reading a user's sales export and regressor files (CSV) with German errors naming row and column."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tools.company.sales_file import read_text
from tools.date_cells import parse_day_cells
from tools.errors import DataError

MAX_VALUE = 1e12  # beyond this (inf, 1e300) a value is an export error and would overflow the model


_SEPARATORS = (";", ",", "\t", "|")
HEADER_SEARCH_LINES = 30  # title lines above the header (report exports) are skipped up to this many


def _fields(line: str, sep: str) -> list[str]:
    return [f.strip().strip('"').strip().casefold() for f in next(csv.reader([line], delimiter=sep), [])]


def _header_line(lines: list[str], sep: str, word: str | None) -> tuple[int, str]:
    """(index, separator) of the header: the first line, or the first naming `word` (e.g. the date column)
    when a report export puts title lines above it."""
    if word is None or word.strip().casefold() in _fields(lines[0], sep):
        return 0, sep
    key = word.strip().casefold()
    for i, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for cand in _SEPARATORS:
            if key in _fields(line, cand):
                return i, cand
    return 0, sep


def _without_repeated_header(df: pd.DataFrame) -> pd.DataFrame:
    """The rows without repeats of the header line (two exports pasted into one file)."""
    names = [c.casefold() for c in df.columns]
    repeat = df.apply(lambda row: [str(v).strip().casefold() for v in row] == names, axis=1)
    return df[~repeat.astype(bool)] if len(df) and repeat.any() else df


def _read(path: Path, header_word: str | None = None) -> pd.DataFrame:
    """The file as text columns; attrs['line0'] is the file line of the first data row (for messages),
    attrs['sep'] the separator."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"Die Datei „{p.name}“ wurde nicht gefunden.")
    if p.suffix.lower() not in {".csv", ".txt", ".xlsx", ".xlsm"}:  # a workbook: its first sheet (trial 18)
        raise DataError(
            f"Die Datei „{p.name}“ ist keine CSV- oder Excel-Datei. Bitte laden Sie eine CSV- oder .xlsx-Datei hoch."
        )
    text, sep = read_text(p)  # UTF-8 with or without BOM, Windows-1252; ';' or ','; an Excel workbook's first sheet
    lines = text.splitlines()
    skip = 0
    if m := re.fullmatch(r"\s*sep=(.)\s*", lines[0] if lines else ""):  # Excel's "sep=;" hint line
        sep, skip = m.group(1), 1
    if len(lines) > skip:
        k, sep = _header_line(lines[skip:], sep, header_word)
        skip += k
    try:
        df = pd.read_csv(io.StringIO("\n".join(lines[skip:])), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(
            f"Die Datei „{p.name}“ lässt sich nicht als CSV lesen (die Zeilen haben unterschiedlich "
            "viele Spalten oder ein Anführungszeichen fehlt)."
        ) from exc
    df.columns = [str(c).strip() for c in df.columns]
    df = _without_repeated_header(df)
    df.attrs["line0"] = skip + 2
    df.attrs["sep"] = sep
    return df


def _need(df: pd.DataFrame, cols: list[str], name: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        what = "fehlt die Spalte" if len(missing) == 1 else "fehlen die Spalten"
        raise DataError(
            f"In „{name}“ {what} {', '.join(f'„{c}“' for c in missing)}. Vorhanden sind: {', '.join(df.columns)}."
        )


def _column(df: pd.DataFrame, col: str) -> str:
    """The file's column meant by `col`: exact, else the one equal to it ignoring case and spaces."""
    if col in df.columns:
        return col
    key = col.strip().casefold()
    return next((c for c in df.columns if str(c).strip().casefold() == key), col)


def series_columns(series_col: str | None) -> list[str]:
    """The key columns named in `--series-col`: one name, or several separated by commas (Filiale,Artikel)."""
    if not series_col:
        return []
    return [c.strip() for c in series_col.split(",") if c.strip()]


def _line(rows: pd.DataFrame | pd.Series, i: int, line0: int) -> int:
    """The file line of the i-th row (its label counts the rows read, also the repeated headers left out)."""
    label = rows.index[i]
    return int(label) + line0 if isinstance(label, (int, np.integer)) else i + line0


def _series_names(df: pd.DataFrame, cols: list[str], name: str, line0: int = 2) -> pd.Series | str:
    """One series name per row: the key column, or several joined by '/' (e.g. 'Altstadt/Roggenbrot')."""
    if not cols:
        return "gesamt"
    parts = [df[c].fillna("").astype(str).str.strip() for c in cols]
    for c, p in zip(cols, parts):
        empty = (p == "").to_numpy()
        if empty.any():
            i = int(empty.nonzero()[0][0])
            raise DataError(
                f"„{name}“, Zeile {_line(df, i, line0)}, Spalte „{c}“: die Zelle ist leer (die Reihe fehlt)."
            )
    out = parts[0]
    for p in parts[1:]:
        out = out + "/" + p
    return out


def _dates(s: pd.Series, col: str, name: str, line0: int = 2) -> pd.Series:
    """ISO or German dates (`tools.date_cells`); the first cell no format fits is named in a German error."""
    d = parse_day_cells(s)
    bad = d.isna()
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(
            f"„{name}“, Zeile {_line(s, i, line0)}, Spalte „{col}“: „{s.iloc[i]}“ ist kein gültiges Datum "
            "(erwartet z. B. 2026-11-25 oder 25.11.2026)."
        )
    return d.dt.normalize()


def _decimal_text(txt: pd.Series, sep: str = ";") -> pd.Series:
    """Numbers in German or English notation as plain decimals: 1.234,5 and 1,234.5 -> 1234.5; 12,5 -> 12.5.
    In a column that writes decimals with a comma, a dot groups thousands (1.234 -> 1234); in a comma-separated
    (English) file whose commas all group thousands ("1,234"), they do so."""
    comma, dot = txt.str.contains(",", regex=False), txt.str.contains(".", regex=False)
    if sep == "," and comma.any() and not dot.any() and txt[comma].str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+").all():
        return txt.str.replace(",", "", regex=False)
    both = comma & dot
    german_both = both & (txt.str.rfind(",") > txt.str.rfind("."))
    german = bool((comma & ~dot).any() or german_both.any()) and not bool((both & ~german_both).any())
    out = txt.where(~(both & ~german_both), txt.str.replace(",", "", regex=False))
    if german:
        grouped = out.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?") | german_both
        out = out.where(~grouped, out.str.replace(".", "", regex=False))
    return out.str.replace(",", ".", regex=False)


def _numbers(s: pd.Series, col: str, name: str, allow_empty: bool, line0: int = 2, sep: str = ";") -> pd.Series:
    """Numbers of a column (German or English notation); an error naming the first bad row otherwise."""
    txt = s.fillna("").str.replace(r"\s+|€", "", regex=True)
    v = pd.to_numeric(_decimal_text(txt, sep).replace("", None), errors="coerce")
    bad = (v.isna() & ((txt != "") | (not allow_empty))) | (v.abs() > MAX_VALUE)  # inf, 1e300: no number to plan
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise DataError(f"„{name}“, Zeile {_line(s, i, line0)}, Spalte „{col}“: „{s.iloc[i]}“ ist keine gültige Zahl.")
    return v.astype(float)


def read_series_csv(path: Path, date_col: str, series_col: str | None, value_col: str) -> pd.DataFrame:
    """A sales export as date, series, value (values summed per date and series; rows without a value
    are gaps). `series_col` may name several key columns separated by commas (branch and product)."""
    name = Path(path).name
    df = _read(path, header_word=date_col)
    line0 = int(df.attrs.get("line0", 2))
    if series_col is not None and series_col in df.columns:
        keys = [series_col]  # a column whose name itself holds a comma
    else:
        keys = [_column(df, c) for c in series_columns(series_col)]
    date_col, value_col = _column(df, date_col), _column(df, value_col)
    _need(df, [date_col, *keys, value_col], name)
    out = pd.DataFrame(
        {
            "date": _dates(df[date_col], date_col, name, line0),
            "series": _series_names(df, keys, name, line0),
            "value": _numbers(df[value_col], value_col, name, True, line0, str(df.attrs.get("sep", ";"))),
        }
    ).dropna(subset=["value"])
    if out.empty:
        raise DataError(f"„{name}“ enthält keine Datenzeilen mit einem Wert in „{value_col}“.")
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


def sales_marker(path: Path) -> str | None:
    """The column that shows a file is a sales export, not weather or events (a value or series column by name,
    or a date that repeats); None for a file with one row per day and no such column."""
    df = _read(path)
    named = next((c for c in df.columns if c.strip().lower() in VALUE_NAMES + SERIES_NAMES), None)
    if named is not None:
        return named
    dcol = date_column(list(df.columns))
    return dcol if dcol is not None and df[dcol].duplicated().any() else None


def _is_key(df: pd.DataFrame, dcol: str, col: str) -> bool:
    """A numeric column that numbers the rows of a day (a product group 1..6, a branch number): dates repeat,
    and together with the date it is unique in every row – a key, never the sales figure."""
    per_day = int(df.groupby(dcol).size().max())
    if per_day < 2 or df[col].nunique() > 1.5 * per_day:
        return False  # a sales figure takes many more values than there are rows in a day
    return not df.duplicated(subset=[dcol, col]).any()


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
    keys = [c for c in numeric if c.strip().lower() in SERIES_NAMES or _is_key(df, dcol, c)]
    value = value or next((c for c in reversed(numeric) if c not in keys), None)
    if value is None:
        numbered = f"; „{keys[0]}“ nummeriert nur die Reihen" if keys else ""
        raise DataError(
            f"„{name}“ hat keine Spalte mit Verkaufszahlen (z. B. „Umsatz“ oder „Absatz“){numbered}. Vorhanden "
            f"sind: {', '.join(f'„{c}“' for c in df.columns)}. Exportieren Sie die Datei bitte mit einer Spalte für "
            "die verkaufte Menge oder den Umsatz je Tag und senden Sie sie noch einmal."
        )
    named = [c for c in rest if c.strip().lower() in SERIES_NAMES and c != value]
    text = [c for c in rest if c not in numeric and c != value and c not in named]
    series = _identifying(df, dcol, named + text)
    if series is None:
        series = next((k for k in keys if k != value), None)  # numbered groups: "1" … "6"
    return dcol, series, value


def _identifying(df: pd.DataFrame, dcol: str, candidates: list[str]) -> str | None:
    """The text columns that together name a series (branch and product: „branch,product“), taken in order
    while each one separates rows of a day that the ones before share; a column that separates none (a weekday)
    is left out. None without candidates."""
    if not candidates:
        return None
    keys = [candidates[0]]
    for c in candidates[1:]:
        shared = int(df.duplicated(subset=[dcol, *keys]).sum())
        if shared == 0:
            break
        if int(df.duplicated(subset=[dcol, *keys, c]).sum()) < shared:
            keys.append(c)
    return ",".join(keys)


MIN_SERIES_DAYS = 14  # a series needs this many days with a value in its last year to be fitted


def split_short_series(hist: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """(history without the series too short to forecast, their names): a product introduced a few days
    before the export ends must not stop the forecast of all the others."""
    last = hist.groupby("series")["date"].transform("max")
    recent = hist[hist["date"] > last - pd.Timedelta(days=365)]
    n = recent.groupby("series")["date"].nunique()
    short = sorted(str(s) for s in n[n < MIN_SERIES_DAYS].index)
    return hist[~hist["series"].isin(short)].reset_index(drop=True), short


STALE_DAYS = 35  # a series whose data ends this long before the file's last day has probably stopped


def stale_series(hist: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Series without a value in the last STALE_DAYS days of the file -> their last day (they are forecast
    from their older history; the user should know)."""
    last = hist.groupby("series")["date"].max()
    old = last[last < hist["date"].max() - pd.Timedelta(days=STALE_DAYS)]
    return {str(s): d for s, d in old.items()}
