"""Date cells of a user's file (CSV, Excel export) read by explicit formats, never by pandas' guessing."""

from __future__ import annotations

import pandas as pd

# ISO first, then German; 01.02.2024 is always the first of February
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y/%m/%d")


def parse_day_cells(cells: pd.Series) -> pd.Series:
    """Dates in ISO or German notation (a time of day after them is ignored); NaT where no format fits."""
    day = cells.fillna("").astype(str).str.strip().str.split(r"[ T]", n=1, regex=True).str[0]
    out = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        missing = out.isna()
        if not missing.any():
            break
        out[missing] = pd.to_datetime(day[missing], format=fmt, errors="coerce")
    return out
