"""Effect sizes read from a fitted model: weekday profile, holidays, Advent, season and weather."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tools.forecast.calendar import ADVENT_WEEKEND
from tools.forecast.model import FittedSeries, _design

WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
OFFSET_NAMES = {-1: "Vortag", 0: "Tag selbst", 1: "Folgetag"}


def _pct(log_effect: float) -> float:
    return round(100 * (float(np.exp(log_effect)) - 1), 1)


def weather_label(col: str) -> tuple[str, str]:
    """(kind, German unit phrase) of a weather column, from its name."""
    c = col.lower()
    if "temp" in c:
        return "temperature", "+1 °C"
    if any(k in c for k in ("rain", "regen", "nieder")):
        return "rain", "+1 mm Regen"
    if any(k in c for k in ("cloud", "bewoelk", "bewölk", "okta")):
        return "cloud", "+1 Achtel Bewölkung"
    return "other", f"+1 Einheit {col}"


def _predict(fs: FittedSeries, days: pd.DatetimeIndex) -> pd.DataFrame:
    frame, _ = _design(fs, pd.Series(days), fs.reg_frame, fs.regressors, fs.clim, fs.config, fs.plain)
    return fs.model.predict(frame)


def effects(fs: FittedSeries) -> dict:
    """All effect sizes in percent (multiplicative, from the log-scale model); JSON-able."""
    m = fs.model
    hist = fs.history[fs.history["y"] > 0]
    seen = set(hist["ds"])
    out: dict = {"weekday": {}, "holidays": [], "advent_weekend": {}, "season": {}, "weather": [],
                 "n_days": int(len(hist)), "mean": round(float(hist["y"].mean()), 1)}
    # weekday profile: a non-summer and a summer week, weighted 9:3 months; only open weekdays
    weeks = [pd.date_range("2030-10-07", periods=7), pd.date_range("2030-07-08", periods=7)]
    vals = np.zeros(7)
    for week, w in zip(weeks, (0.75, 0.25)):
        p = _predict(fs, week)
        cols = [c for c in ("weekly", "weekly_rest", "weekly_summer") if c in p]
        vals += w * p[cols].sum(axis=1).to_numpy()
    open_wd = sorted({d.weekday() for d in hist["ds"]})
    base = vals[open_wd].mean() if open_wd else 0.0
    out["weekday"] = {WEEKDAYS[i]: _pct(vals[i] - base) for i in open_wd}
    # holidays: each offset that had sales in the history (a closed day has no measurable effect)
    hols = getattr(m, "holidays", None)
    if hols is not None and len(hols):
        for name, g in hols.groupby("holiday", sort=False):
            lo, hi = int(g["lower_window"].iloc[0]), int(g["upper_window"].iloc[0])
            probe, labels = [], []
            for off in range(lo, hi + 1):
                n_obs = sum((d + pd.Timedelta(days=off)) in seen for d in g["ds"])
                if n_obs:
                    probe.append(g["ds"].iloc[-1] + pd.Timedelta(days=off))
                    labels.append((off, n_obs))
            if not probe or name not in m.train_holiday_names.tolist():
                continue
            p = _predict(fs, pd.DatetimeIndex(probe))
            eff = {("Samstag" if name == ADVENT_WEEKEND and off == 0 else
                    "Sonntag" if name == ADVENT_WEEKEND else OFFSET_NAMES.get(off, f"{off:+d}")):
                   {"pct": _pct(float(v)), "n": n} for (off, n), v in zip(labels, p[name].to_numpy())}
            if name == ADVENT_WEEKEND:
                out["advent_weekend"] = eff
            else:
                out["holidays"].append({"name": str(name), "effects": eff})
    coefs = _coefficients(fs)
    for c in fs.extra:
        out["season"][c] = _pct(coefs.get(c, 0.0))
    for c in fs.regressors:
        kind, unit = weather_label(c)
        out["weather"].append({"column": c, "kind": kind, "unit": unit, "pct": _pct(coefs.get(c, 0.0))})
    return out


def _coefficients(fs: FittedSeries) -> dict[str, float]:
    """Extra-regressor coefficients per original unit (log scale)."""
    from prophet.utilities import regressor_coefficients

    if not fs.model.extra_regressors:
        return {}
    df = regressor_coefficients(fs.model)
    return dict(zip(df["regressor"], df["coef"].astype(float)))
