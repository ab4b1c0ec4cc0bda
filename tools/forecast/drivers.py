"""Effect sizes read from a fitted model: weekday profile, holidays, Advent, season and weather."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tools.forecast.calendar import ADVENT_SAT, ADVENT_SUN
from tools.forecast.model import FittedSeries, _design
from tools.format_de import WEEKDAYS_SHORT

# Prophet output columns that are sums of others, the trend or a condition flag: never a driver of a day
AGGREGATE_COMPONENTS = frozenset(
    {
        "trend",
        "holidays",
        "additive_terms",
        "multiplicative_terms",
        "extra_regressors_additive",
        "extra_regressors_multiplicative",
        "yhat",
        "weekly",
        "summer",
        "not_summer",
        "december",
    }
)


def pct_effect(log_effect: float) -> float:
    """A log-scale effect as percent, one decimal (0.1 -> 10.5)."""
    return round(100 * (float(np.exp(log_effect)) - 1), 1)


def weather_label(col: str) -> tuple[str, str]:
    """(kind, German unit phrase) of a weather column, from its name."""
    c = col.lower()
    if c == "rain_day":
        return "rain_day", "Regentag (ab 1 mm)"
    if "temp" in c:
        return "temperature", "+1 °C"
    if any(k in c for k in ("rain", "regen", "nieder")):
        return "rain", "+1 mm Regen"
    if any(k in c for k in ("cloud", "bewoelk", "bewölk", "okta")):
        return "cloud", "+1 Achtel Bewölkung"
    return "other", f"+1 Einheit {col}"


def _predict(fs: FittedSeries, days: pd.DatetimeIndex) -> pd.DataFrame:
    frame, _ = _design(pd.Series(days), fs.reg_frame, fs.regressors, fs.clim, fs.config, fs.plain)
    return fs.model.predict(frame)


def effects(fs: FittedSeries) -> dict:
    """All effect sizes in percent (multiplicative, from the log-scale model); JSON-able."""
    m = fs.model
    hist = fs.history[fs.history["y"] > 0]
    seen = set(hist["ds"])
    out: dict = {
        "weekday": {},
        "holidays": [],
        "advent_weekend": {},
        "season": {},
        "weather": [],
        "n_days": int(len(hist)),
        "mean": round(float(hist["y"].mean()), 1),
    }
    hols = getattr(m, "holidays", None)
    hols = hols if hols is not None else pd.DataFrame(columns=["holiday", "ds"])
    probes = hols.groupby("holiday", sort=False)["ds"].last()
    weeks = [pd.date_range("2030-10-07", periods=7), pd.date_range("2030-07-08", periods=7)]
    days = pd.DatetimeIndex(list(weeks[0]) + list(weeks[1]) + list(probes.to_numpy()))
    p = _predict(fs, days).drop_duplicates("ds").set_index("ds")  # one batched prediction (sorted by date)
    # weekday profile: a non-summer and a summer week, weighted 9:3 months; only open weekdays
    cols = [c for c in ("weekly", "weekly_rest", "weekly_summer") if c in p]
    wk = p[cols].sum(axis=1)
    vals = 0.75 * wk.reindex(weeks[0]).to_numpy() + 0.25 * wk.reindex(weeks[1]).to_numpy()
    open_wd = sorted({d.weekday() for d in hist["ds"]})
    base = vals[open_wd].mean() if open_wd else 0.0
    out["weekday"] = {WEEKDAYS_SHORT[i]: pct_effect(vals[i] - base) for i in open_wd}
    # holidays: one feature per holiday and offset that had sales in the history
    grouped: dict[str, dict] = {}
    for feat, day in probes.items():
        if feat not in p:
            continue
        n_obs = int(hols[(hols["holiday"] == feat) & hols["ds"].isin(seen)].shape[0])
        eff = {"pct": pct_effect(float(p.at[pd.Timestamp(day), feat])), "n": n_obs}
        if feat in (ADVENT_SAT, ADVENT_SUN):
            out["advent_weekend"]["Samstag" if feat == ADVENT_SAT else "Sonntag"] = eff
            continue
        mt = re.match(r"^(.*) \((Vortag|Folgetag)\)$", str(feat))
        name, where = (mt.group(1), mt.group(2)) if mt else (str(feat), "Tag selbst")
        grouped.setdefault(name, {})[where] = eff
    order = ["Vortag", "Tag selbst", "Folgetag"]
    out["holidays"] = [{"name": n, "effects": {k: e[k] for k in order if k in e}} for n, e in grouped.items()]
    coefs = coefficients(fs)
    for c in fs.extra:
        out["season"][c] = pct_effect(coefs.get(c, 0.0))
    for c in fs.regressors:
        kind, unit = weather_label(c)
        out["weather"].append({"column": c, "kind": kind, "unit": unit, "pct": pct_effect(coefs.get(c, 0.0))})
    return out


def coefficients(fs: FittedSeries) -> dict[str, float]:
    """Extra-regressor coefficients per original unit (log scale)."""
    from prophet.utilities import regressor_coefficients

    if not fs.model.extra_regressors:
        return {}
    df = regressor_coefficients(fs.model)
    return dict(zip(df["regressor"], df["coef"].astype(float)))
