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


def _month_first(day: pd.Series) -> bool:
    """True when the column's slash dates can only be month first: some have a second part over 12 (08/14/2026)
    and none a first part over 12 – an American export; otherwise 01/02/2026 stays the first of February."""
    parts = day.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{4}$").dropna().astype(int)
    return bool(not parts.empty and (parts[1] > 12).any() and not (parts[0] > 12).any())


def parse_day_cells(cells: pd.Series) -> pd.Series:
    """Dates in ISO or German notation (a time of day after them is ignored), or a whole column of Excel day
    numbers; slash dates month first only where the column allows no other reading; NaT where no format fits."""
    day = cells.fillna("").astype(str).str.strip().str.split(r"[ T]", n=1, regex=True).str[0]
    serials = _excel_serials(day)
    if serials is not None:
        return serials.astype("datetime64[ns]")
    out = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    formats = [f.replace("%d/%m/%Y", "%m/%d/%Y") for f in DATE_FORMATS] if _month_first(day) else DATE_FORMATS
    for fmt in formats:
        missing = out.isna()
        if not missing.any():
            break
        out[missing] = pd.to_datetime(day[missing], format=fmt, errors="coerce")
    return out
