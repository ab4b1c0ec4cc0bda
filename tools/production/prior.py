"""A plain-Prophet forecast stream for the plan: the outside forecast the GBM can be blended with.

Plain Prophet (public holidays, weather and event regressors, tools/forecast/model.py) is refitted per series
every `step_days` on the data up to a Saturday cutoff; every later Monday-to-Sunday week takes its values
from the latest fit whose cutoff lies `lead_days` or more before the week's Monday. So each day's value is
what a planner could have known when planning that week: the stream serves as forecast and, on past days, as
out-of-sample residuals for the quantiles.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tools.forecast.model import ModelConfig as ProphetConfig
from tools.forecast.model import fit_series, predict_series


def fit_cutoffs(first_week: date, start: date, end: date, step_days: int = 28, lead_days: int = 2) -> list[date]:
    """Cutoffs `lead_days` before a Monday on the grid of `first_week`, covering [start, end]."""
    anchor = pd.Timestamp(first_week) - pd.Timedelta(days=lead_days)
    k0 = int(np.floor((pd.Timestamp(start) - anchor).days / step_days)) - 1
    k1 = int(np.ceil((pd.Timestamp(end) - anchor).days / step_days))
    return [(anchor + pd.Timedelta(days=step_days * k)).date() for k in range(k0, k1 + 1)]


def prophet_stream(
    history: pd.DataFrame,
    regressors: pd.DataFrame | None,
    region: str | None,
    cutoffs: list[date],
    end: date,
    lead_days: int = 2,
    min_days: int = 365,
) -> pd.DataFrame:
    """Columns date, series, prior (log1p of plain Prophet's forecast), forecast; days after the first cutoff
    up to `end`, each from the latest fit whose cutoff is at least `lead_days` before its week's Monday."""
    h = history.assign(date=pd.to_datetime(history["date"]), series=history["series"].astype(str))
    cfg = ProphetConfig(plain_holidays=True)
    cuts = pd.DatetimeIndex(sorted(pd.Timestamp(c) for c in cutoffs))
    all_days = pd.date_range(cuts[0] + pd.Timedelta(days=1), pd.Timestamp(end))
    # the cutoff of each day's Monday-to-Sunday week, and the latest fit on or before it
    week_cut = all_days - pd.to_timedelta(all_days.weekday + lead_days, unit="D")
    which = cuts.searchsorted(week_cut, side="right") - 1
    parts = []
    for i, c in enumerate(cuts):
        days = all_days[which == i]
        if len(days) == 0:
            continue
        for s, g in h[h["date"] <= c].dropna(subset=["value"]).groupby("series"):
            if g["date"].nunique() < min_days:
                continue
            fs = fit_series(g.rename(columns={"date": "ds", "value": "y"}), regressors, region, cfg, plain=True)
            f = predict_series(fs, days)["forecast"].to_numpy(dtype=float)
            parts.append(pd.DataFrame({"date": days, "series": str(s), "forecast": f}))
    if not parts:
        return pd.DataFrame(columns=["date", "series", "prior", "forecast"])
    out = pd.concat(parts, ignore_index=True)
    out["prior"] = np.log1p(out["forecast"].clip(lower=0.0))
    return out[["date", "series", "prior", "forecast"]]
