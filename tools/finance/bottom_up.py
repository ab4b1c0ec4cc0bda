"""Monthly revenue bottom-up from daily forecasts (`tools.forecast.api.forecast_frame`).

For data with a daily history (date, series, value): every series is forecast per day from a
single origin, the days are summed over the series and turned into month totals the same way the
monthly actuals are built (mean of the open days × days of the month). Weather after the origin is
unknown (climatology fallback of the daily model); planned events (e.g. Kieler Woche) stay known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from tools.finance.monthly import seasonal_naive

Z80 = 1.2816  # 80 % normal quantile
METHOD = "Tagesprognose je Reihe, summiert (bottom-up)"


def daily_to_monthly(daily: pd.Series) -> pd.Series:
    """Month totals from daily totals: mean of the days with revenue × days of the month.

    Missing or closed days count at the month's mean (this is how the monthly actuals are defined)."""
    d = daily[daily > 0]
    mean = d.groupby(d.index.to_period("M")).mean()
    mean.index = mean.index.to_timestamp()
    return mean * mean.index.days_in_month


def monthly_actuals(history: pd.DataFrame) -> pd.Series:
    """Monthly totals of a daily history (date, series, value), summed over all series."""
    total = history.assign(date=pd.to_datetime(history["date"])).groupby("date")["value"].sum()
    return daily_to_monthly(total)


def blank_weather(regressors: pd.DataFrame, origin: date, keep: Sequence[str] = ()) -> pd.DataFrame:
    """Regressors as known at `origin`: every column except `keep` (planned events) is NaN from the origin on."""
    reg = regressors.assign(date=pd.to_datetime(regressors["date"]))
    cols = [c for c in reg.columns if c != "date" and c not in keep]
    reg.loc[reg["date"] >= pd.Timestamp(origin), cols] = np.nan
    return reg


def seasonal_mask(forecast: pd.DataFrame, history: pd.DataFrame) -> pd.Series:
    """True where a series was sold in the latest same calendar month of the history (e.g. Christmas goods)."""
    hist = history.assign(m=pd.to_datetime(history["date"]).dt.to_period("M"))
    hist = hist[hist["value"] > 0]
    seen = hist.groupby("series")["m"].apply(set).to_dict()
    last = hist["m"].max()
    out = []
    for d, s in zip(pd.to_datetime(forecast["date"]), forecast["series"]):
        m = d.to_period("M")
        while m > last:
            m -= 12
        out.append(m in seen.get(s, set()))
    return pd.Series(out, index=forecast.index)


def forecast_bottom_up(
    history: pd.DataFrame,
    origin: date,
    months: int,
    regressors: pd.DataFrame | None = None,
    events: Sequence[str] = (),
    holidays_region: str | None = "DE-ST",
    known_weather: bool = False,
    select: bool = False,
) -> pd.Series:
    """Monthly revenue for `months` months from `origin` (a month start), fitted only on days before it.

    `known_weather=True` keeps the observed weather after the origin (reference only, not a forecast).
    `select=True` uses the per-series model choice by inner cross-validation (tools/forecast/selection.py);
    off by default: on Kiel it raised the monthly MAPE (evals/finance prints both rows)."""
    from tools.forecast.api import forecast_frame

    start = pd.Timestamp(origin)
    end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    hist = history.assign(date=pd.to_datetime(history["date"]))
    hist = hist[hist["date"] < start]
    reg = None
    if regressors is not None:
        reg = regressors if known_weather else blank_weather(regressors, start.date(), events)
    fc = forecast_frame(hist, start.date(), end.date(), regressors=reg, holidays_region=holidays_region, select=select)
    fc = fc.assign(forecast=fc["forecast"].where(seasonal_mask(fc, hist), 0.0))
    daily = fc.groupby(pd.to_datetime(fc["date"]))["forecast"].sum()
    return daily_to_monthly(daily).reindex(pd.date_range(start, periods=months, freq="MS")).fillna(0.0)


def _mape(actual: np.ndarray, forecast: np.ndarray) -> float:
    return float(np.mean(np.abs(forecast - actual) / np.abs(actual)))


def forecast_monthly_bottom_up(
    history: pd.DataFrame,
    origin: date,
    months: int,
    regressors: pd.DataFrame | None = None,
    events: Sequence[str] = (),
    holidays_region: str | None = "DE-ST",
    known_weather: bool = False,
    select: bool = False,
) -> pd.DataFrame:
    """Bottom-up monthly forecast with an 80 % band: columns month, yhat, lower, upper, method.

    With two years of history the 12 months before the origin are forecast the same way (validation):
    bottom-up, same month last year or their mean — the lowest MAPE is used, its log errors give the band."""

    def run(at: date, n: int) -> pd.Series:
        return forecast_bottom_up(
            history,
            at,
            n,
            regressors=regressors,
            events=events,
            holidays_region=holidays_region,
            known_weather=known_weather,
            select=select,
        )

    start = pd.Timestamp(origin)
    fc = run(origin, months)
    actual = monthly_actuals(history[pd.to_datetime(history["date"]) < start])
    future = fc.index
    v_origin = start - pd.DateOffset(months=12)
    v_months = pd.date_range(v_origin, periods=12, freq="MS")
    weather = "Wetter beobachtet (nur Referenz)" if known_weather else "Wetter unbekannt: Klimamittel"
    name = f"{METHOD}, {weather}" + (", Modell je Reihe per Kreuzvalidierung gewählt" if select else "")
    if actual.index.min() > v_origin - pd.DateOffset(months=12) or not set(v_months) <= set(actual.index):
        return pd.DataFrame(
            {
                "month": future,
                "yhat": fc.to_numpy(),
                "lower": np.nan,
                "upper": np.nan,
                "method": f"{name}, ohne Validierung",
            }
        )
    v_true = actual.loc[v_months].to_numpy()
    v_model = run(v_origin.date(), 12).to_numpy()
    v_hist = actual[actual.index < v_origin]
    ones = np.ones(len(v_hist))
    v_naive = seasonal_naive(v_hist, ones, v_months, np.ones(12))
    cands = {"model": v_model, "naive": v_naive, "mix": (v_model + v_naive) / 2}
    best = min(cands, key=lambda k: _mape(v_true, cands[k]))
    naive = seasonal_naive(actual, np.ones(len(actual)), future, np.ones(len(future)))
    yhat = {"model": fc.to_numpy(), "naive": naive, "mix": (fc.to_numpy() + naive) / 2}[best]
    half = Z80 * float(np.sqrt(np.mean(np.log(v_true / cands[best]) ** 2)))
    label = {
        "model": name,
        "naive": f"Vorjahresmonat (in der Validierung besser als {name})",
        "mix": f"Mittel aus {name} und Vorjahresmonat (in der Validierung am besten)",
    }[best]
    return pd.DataFrame(
        {"month": future, "yhat": yhat, "lower": yhat * np.exp(-half), "upper": yhat * np.exp(half), "method": label}
    )
