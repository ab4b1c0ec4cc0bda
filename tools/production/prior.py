"""A plain-Prophet forecast stream for the plan: the outside forecast the GBM can be blended with.

Plain Prophet (public holidays, weather and event regressors, tools/forecast/model.py) is refitted per series
every `step_days` on the data up to a cutoff `lead_days` before a Monday (the live plan's grid is fixed at
`GRID_EPOCH`, so weekly plans share their fits); every later Monday-to-Sunday week takes its values
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

PRIOR_VERSION = 3  # 2: refit grid on a fixed epoch, single fits stored; 3: step and training window below
FIT_VERSION = 2  # 2: no in-sample prediction (the stream uses the point forecast only)
BLEND_INNER_WEEKS = 26  # the variant of a blended plan is chosen on this many past weeks (issue 21, probe 1)
# the live stream's refit grid is anchored on this Monday, so consecutive weekly plans share their cutoffs
GRID_EPOCH = date(2000, 1, 3)
# each stored fit predicts this many days after its cutoff (more when the plan reaches further)
FIT_WINDOW_DAYS = 63
# the live stream refits every STREAM_STEP_DAYS on the last STREAM_TRAIN_YEARS of each series (issue 21, plan8:
# cheaper per series for chains; checked on Kiel's two out-of-time years and the demo chain, evals/returns)
STREAM_STEP_DAYS = 28
STREAM_TRAIN_YEARS: float | None = None


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
    window_days: int | None = None,
    train_years: float | None = None,
) -> pd.DataFrame:
    """Columns date, series, prior (log1p of plain Prophet's forecast), forecast; days after the first cutoff
    up to `end`, each from the latest fit whose cutoff is at least `lead_days` before its week's Monday.
    With `window_days` every fit predicts a fixed window after its cutoff and is stored (see `_stored_fit`);
    `train_years`: each fit sees only the last N years before its cutoff."""
    h = history.assign(date=pd.to_datetime(history["date"]), series=history["series"].astype(str))
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
            if train_years:
                g = g[g["date"] > c - pd.Timedelta(days=round(365.25 * train_years))]
            if window_days is None:
                f = _fit_predict(g, regressors, region, days)
            else:
                f = _stored_fit(g, regressors, region, c, days, window_days)
            parts.append(pd.DataFrame({"date": days, "series": str(s), "forecast": f}))
    if not parts:
        return pd.DataFrame(columns=["date", "series", "prior", "forecast"])
    out = pd.concat(parts, ignore_index=True)
    out["prior"] = np.log1p(out["forecast"].clip(lower=0.0))
    return out[["date", "series", "prior", "forecast"]]


def grid_cutoff(day: date, lead_days: int, step_days: int | None = None) -> date:
    """The latest cutoff of the live refit grid on or before `day`: a blended plan's variant is chosen on the data
    up to it, so weekly plans between two refits reuse the stored choice (it changes when a new fit enters)."""
    step = step_days or STREAM_STEP_DAYS
    cuts = fit_cutoffs(GRID_EPOCH, day - timedelta(days=2 * step), day, step_days=step, lead_days=lead_days)
    return max(c for c in cuts if c <= day)


def _fit_predict(
    g: pd.DataFrame, regressors: pd.DataFrame | None, region: str | None, days: pd.DatetimeIndex
) -> np.ndarray:
    """Plain Prophet fitted on one series' rows `g` (date, value), its forecast on `days`."""
    cfg = ProphetConfig(plain_holidays=True)
    fs = fit_series(
        g.rename(columns={"date": "ds", "value": "y"}), regressors, region, cfg, plain=True, in_sample=False
    )
    return predict_series(fs, days)["forecast"].to_numpy(dtype=float)


def _save_fit(values: np.ndarray, path: Path) -> None:
    with path.open("wb") as handle:
        np.save(handle, np.asarray(values, dtype=float), allow_pickle=False)


def _load_fit(path: Path) -> np.ndarray:
    return np.asarray(np.load(path, allow_pickle=False), dtype=float)


# one file per series and cutoff (about 20 cutoffs per series): room for a few files of up to 50 series each
FIT_ARTEFACT: Artefact[np.ndarray] = Artefact(
    "production-prophet-fit", version=FIT_VERSION, suffix=".npy", save=_save_fit, load=_load_fit, keep=3000
)


def _stored_fit(
    g: pd.DataFrame,
    regressors: pd.DataFrame | None,
    region: str | None,
    cutoff: pd.Timestamp,
    days: pd.DatetimeIndex,
    window_days: int,
) -> np.ndarray:
    """One series' fit on its rows `g` up to `cutoff`, predicted on the fixed window after the cutoff (longer when
    `days` reach beyond it) and stored per input, so a later plan with more data reuses it; values on `days`."""
    last = max(cutoff + pd.Timedelta(days=window_days), days.max())
    window = pd.date_range(cutoff + pd.Timedelta(days=1), last)
    # the regressors up to the window's end only: a file that grows later leaves this fit's input unchanged
    reg = None if regressors is None else regressors[pd.to_datetime(regressors["date"]) <= last]
    inputs = {
        "history": frame_key(g[["date", "value"]].reset_index(drop=True)),
        "regressors": frame_key(None if reg is None else reg.reset_index(drop=True)),
        "region": region,
        "cutoff": cutoff.date().isoformat(),
        "days": [window[0].date().isoformat(), last.date().isoformat()],
    }
    values = FIT_ARTEFACT.load_or_fit(inputs, lambda: _fit_predict(g, reg, region, window))
    if len(values) != len(window):
        values = FIT_ARTEFACT.load_or_fit(inputs, lambda: _fit_predict(g, reg, region, window), refit=True)
    return pd.Series(values, index=window).reindex(days).to_numpy(dtype=float)


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
    """The plain Prophet stream a live plan blends with: refits every 28 days on a grid fixed at `GRID_EPOCH`
    up to the cutoff (the history's last day), far enough for the inner weeks of the choice and their residual
    year; each single fit is stored, so next week's plan only fits cutoffs whose data changed."""
    cutoff = pd.to_datetime(history["date"]).max().date()
    start = cutoff - timedelta(days=7 * inner_weeks + cal_days + 14)
    step = STREAM_STEP_DAYS
    cuts = [c for c in fit_cutoffs(GRID_EPOCH, start, end, step_days=step, lead_days=lead_days) if c <= cutoff]
    inputs = {
        "history": frame_key(history[["date", "series", "value"]].reset_index(drop=True)),
        "regressors": frame_key(regressors),
        "region": region,
        "cuts": [c.isoformat() for c in cuts],
        "end": end.isoformat(),
        "lead": lead_days,
        "train_years": STREAM_TRAIN_YEARS,
    }
    return PRIOR_ARTEFACT.load_or_fit(
        inputs,
        lambda: prophet_stream(
            history,
            regressors,
            region,
            cuts,
            end,
            lead_days=lead_days,
            window_days=max(FIT_WINDOW_DAYS, step + 14),
            train_years=STREAM_TRAIN_YEARS,
        ),
    )
