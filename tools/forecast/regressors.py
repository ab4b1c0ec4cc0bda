"""Regressor preparation: numeric columns joined on date, gaps filled by a climatology fallback."""

from __future__ import annotations

import numpy as np
import pandas as pd


def climatology(reg: pd.DataFrame, col: str, window: int = 7) -> pd.Series:
    """Mean of `col` per calendar day over all years, smoothed over +-`window` days (index 1..366)."""
    s = reg[["date", col]].dropna()
    doy = pd.to_datetime(s["date"]).dt.day_of_year
    by_day = s.groupby(doy)[col].mean().reindex(range(1, 367))
    circ = pd.concat([by_day.iloc[-window:], by_day, by_day.iloc[:window]])
    smooth = circ.rolling(2 * window + 1, center=True, min_periods=1).mean().iloc[window:-window]
    smooth.index = range(1, 367)
    overall = float(s[col].mean()) if len(s) else 0.0
    return smooth.fillna(overall)


def numeric_columns(reg: pd.DataFrame) -> list[str]:
    """All numeric columns except the date column."""
    return [c for c in reg.columns if c != "date" and pd.api.types.is_numeric_dtype(reg[c])]


def fill_regressors(
    reg: pd.DataFrame, dates: pd.Series, cols: list[str], clim: dict[str, pd.Series]
) -> tuple[pd.DataFrame, pd.Series]:
    """Values of `cols` on `dates` (known where given, else climatology); also a flag per date
    that is True where at least one value came from the climatology fallback."""
    d = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    known = reg.assign(date=pd.to_datetime(reg["date"])).drop_duplicates("date").set_index("date")
    out = pd.DataFrame({"ds": d})
    used_fallback = pd.Series(False, index=out.index)
    for c in cols:
        vals = known[c].reindex(d).to_numpy(dtype=float, copy=True) if c in known else np.full(len(d), np.nan)
        miss = np.isnan(vals)
        if miss.any():
            vals[miss] = clim[c].reindex(d.dt.day_of_year[miss]).to_numpy()
            used_fallback |= miss
        out[c] = vals
    return out, used_fallback
