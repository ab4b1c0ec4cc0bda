"""Monthly revenue model: Prophet (multiplicative yearly seasonality + trading-day regressor).

Falls back to a log-linear least-squares model (trend + month dummies + trading days)
when Prophet is not importable or fails; the returned `method` says which one ran.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

INTERVAL = 0.8  # 80 % prediction interval


def _quiet() -> None:
    for name in ("cmdstanpy", "prophet", "prophet.plot"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _prophet(history: pd.Series, tdi_hist: np.ndarray, future: pd.DatetimeIndex, tdi_fut: np.ndarray) -> pd.DataFrame:
    _quiet()
    from prophet import Prophet

    scale = float(np.mean(tdi_hist))
    df = pd.DataFrame({"ds": history.index, "y": history.to_numpy(), "tdi": tdi_hist / scale})
    model = Prophet(yearly_seasonality=6, weekly_seasonality=False, daily_seasonality=False,
                    seasonality_mode="multiplicative", interval_width=INTERVAL, uncertainty_samples=300)
    model.add_regressor("tdi", mode="multiplicative")
    model.fit(df)
    state = np.random.get_state()
    np.random.seed(0)  # Prophet samples its intervals from the global RNG: keep answers reproducible
    try:
        fc = model.predict(pd.DataFrame({"ds": future, "tdi": tdi_fut / scale}))
    finally:
        np.random.set_state(state)
    return pd.DataFrame({"month": future, "yhat": fc["yhat"].to_numpy(), "lower": fc["yhat_lower"].to_numpy(),
                         "upper": fc["yhat_upper"].to_numpy(), "method": "Prophet (Monatsmodell)"})


def _loglinear(history: pd.Series, tdi_hist: np.ndarray, future: pd.DatetimeIndex, tdi_fut: np.ndarray) -> pd.DataFrame:
    months = history.index.append(future)
    n_hist, t = len(history), np.arange(len(months))
    dummies = np.zeros((len(months), 12))
    dummies[t, months.month - 1] = 1
    tdi = np.concatenate([tdi_hist, tdi_fut])
    x = np.column_stack([t, np.log(np.maximum(tdi, 1e-6) / tdi_hist.mean()), dummies])
    y = np.log(history.to_numpy())
    beta, *_ = np.linalg.lstsq(x[:n_hist], y, rcond=None)
    sd = float(np.std(y - x[:n_hist] @ beta, ddof=min(n_hist - 1, x.shape[1]))) if n_hist > x.shape[1] else 0.05
    yhat = np.exp(x[n_hist:] @ beta)
    z = 1.2816  # 80 % normal quantile
    return pd.DataFrame({"month": future, "yhat": yhat, "lower": yhat * np.exp(-z * sd), "upper": yhat * np.exp(z * sd),
                         "method": "Log-lineares Monatsmodell (Ersatz für Prophet)"})


def forecast_monthly(history: pd.Series, tdi_hist: np.ndarray, future: pd.DatetimeIndex, tdi_fut: np.ndarray,
                     use_prophet: bool = True) -> pd.DataFrame:
    """Forecast monthly totals for `future` month starts: columns month, yhat, lower, upper, method."""
    if use_prophet and len(history) >= 24:
        try:
            return _prophet(history, tdi_hist, future, tdi_fut)
        except Exception as exc:  # noqa: BLE001 - any Prophet/Stan failure -> documented fallback
            logging.getLogger(__name__).warning("Prophet fehlgeschlagen, nutze Ersatzmodell: %s", exc)
    return _loglinear(history, tdi_hist, future, tdi_fut)
