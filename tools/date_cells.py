"""Date cells of a user's file (CSV, Excel export) read by explicit formats, never by pandas' guessing."""

from __future__ import annotations

import pandas as pd

# ISO first, then German; 01.02.2024 is always the first of February
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y/%m/%d")


# Excel's day numbers (a date column formatted as a number, then saved as CSV): 1.1.1990 to 31.12.2099
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_SERIALS = (32874, 73050)


def _excel_serials(day: pd.Series) -> pd.Series | None:
    """The cells as Excel day numbers when every filled cell is one („46351“, „46351,0“), else None."""
    filled = day[day != ""]
    whole = filled.str.fullmatch(r"\d{5}(?:[.,]0+)?")
    if filled.empty or not whole.all():
        return None
    serial = pd.to_numeric(day.str.replace(",", ".", regex=False).replace("", None), errors="coerce")
    if not serial.dropna().between(*EXCEL_SERIALS).all():
        return None
    return EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")


def parse_day_cells(cells: pd.Series) -> pd.Series:
    """Dates in ISO or German notation (a time of day after them is ignored), or a whole column of Excel day
    numbers; NaT where no format fits."""
    day = cells.fillna("").astype(str).str.strip().str.split(r"[ T]", n=1, regex=True).str[0]
    serials = _excel_serials(day)
    if serials is not None:
        return serials.astype("datetime64[ns]")
    out = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        missing = out.isna()
        if not missing.any():
            break
        out[missing] = pd.to_datetime(day[missing], format=fmt, errors="coerce")
    return out
