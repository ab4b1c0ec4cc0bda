"""A plain-Prophet forecast stream for the plan: the outside forecast the GBM can be blended with.

Plain Prophet (public holidays, weather and event regressors, tools/forecast/model.py) is refitted per series
every `step_days` on the data up to a Saturday cutoff; every later Monday-to-Sunday week takes its values
from the latest fit whose cutoff lies `lead_days` or more before the week's Monday. So each day's value is
what a planner could have known when planning that week: the stream serves as forecast and, on past days, as
out-of-sample residuals for the quantiles.
"""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from tools.artefacts import Artefact
from tools.forecast.model import ModelConfig as ProphetConfig
from tools.forecast.model import fit_series, predict_series
from tools.forecast.selection import frame_key

PRIOR_VERSION = 1
BLEND_INNER_WEEKS = 26  # the variant of a blended plan is chosen on this many past weeks (issue 21, probe 1)


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


def _save_stream(stream: pd.DataFrame, path: Path) -> None:
    path.write_bytes(pickle.dumps(stream, protocol=pickle.HIGHEST_PROTOCOL))


def _load_stream(path: Path) -> pd.DataFrame:
    # only files this code wrote under the models folder are read (named by their fingerprint)
    stream = pickle.loads(path.read_bytes())  # noqa: S301 - own artefact, see above
    if not isinstance(stream, pd.DataFrame):
        raise ValueError("kein Prognosestrom")
    return stream


PRIOR_ARTEFACT: Artefact[pd.DataFrame] = Artefact(
    "production-prophet-prior", version=PRIOR_VERSION, suffix=".pkl", save=_save_stream, load=_load_stream, keep=4
)


def live_prophet_prior(
    history: pd.DataFrame,
    regressors: pd.DataFrame | None,
    region: str | None,
    end: date,
    lead_days: int,
    inner_weeks: int = BLEND_INNER_WEEKS,
    cal_days: int = 364,
) -> pd.DataFrame:
    """The plain Prophet stream a live plan blends with: refits every 28 days back to the cutoff (the history's
    last day), far enough for the inner weeks of the choice and their residual year; stored per input."""
    cutoff = pd.to_datetime(history["date"]).max().date()
    start = cutoff - timedelta(days=7 * inner_weeks + cal_days + 14)
    cuts = [c for c in fit_cutoffs(cutoff + timedelta(days=lead_days), start, end, lead_days=lead_days) if c <= cutoff]
    inputs = {
        "history": frame_key(history[["date", "series", "value"]].reset_index(drop=True)),
        "regressors": frame_key(regressors),
        "region": region,
        "cuts": [c.isoformat() for c in cuts],
        "end": end.isoformat(),
        "lead": lead_days,
    }
    return PRIOR_ARTEFACT.load_or_fit(
        inputs, lambda: prophet_stream(history, regressors, region, cuts, end, lead_days=lead_days)
    )
