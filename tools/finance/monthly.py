"""Monthly revenue model: Prophet (multiplicative yearly seasonality + trading-day regressor).

Falls back to a log-linear least-squares model (trend + month dummies + trading days)
when Prophet is not importable or fails; the returned `method` says which one ran.
The forecast is stored as a fingerprinted artefact (tools/artefacts.py): a second question on unchanged
data loads it instead of fitting Prophet again.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from tools.artefacts import Artefact

INTERVAL = 0.8  # 80 % prediction interval
MONTHLY_VERSION = 1  # raise when _prophet, _loglinear, the selection or the stored columns change


def _quiet() -> None:
    for name in ("cmdstanpy", "prophet"):
        logging.getLogger(name).setLevel(logging.ERROR)
    logging.getLogger("prophet.plot").setLevel(logging.CRITICAL)  # "Importing plotly failed" is logged as an error
    from cmdstanpy.utils import get_logger  # creates cmdstanpy's own INFO handler: silence it too

    for handler in get_logger().handlers:
        handler.setLevel(logging.ERROR)


def _prophet(history: pd.Series, tdi_hist: np.ndarray, future: pd.DatetimeIndex, tdi_fut: np.ndarray) -> pd.DataFrame:
    _quiet()
    from prophet import Prophet

    scale = float(np.mean(tdi_hist))
    df = pd.DataFrame({"ds": history.index, "y": history.to_numpy(), "tdi": tdi_hist / scale})
    model = Prophet(
        yearly_seasonality=6,
        weekly_seasonality=False,
        daily_seasonality=False,
        seasonality_mode="multiplicative",
        interval_width=INTERVAL,
        uncertainty_samples=300,
    )
    model.add_regressor("tdi", mode="multiplicative")
    model.fit(df)
    state = np.random.get_state()
    np.random.seed(0)  # Prophet samples its intervals from the global RNG: keep answers reproducible
    try:
        fc = model.predict(pd.DataFrame({"ds": future, "tdi": tdi_fut / scale}))
    finally:
        np.random.set_state(state)
    return pd.DataFrame(
        {
            "month": future,
            "yhat": fc["yhat"].to_numpy(),
            "lower": fc["yhat_lower"].to_numpy(),
            "upper": fc["yhat_upper"].to_numpy(),
            "method": "Prophet (Monatsmodell)",
        }
    )


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
    return pd.DataFrame(
        {
            "month": future,
            "yhat": yhat,
            "lower": yhat * np.exp(-z * sd),
            "upper": yhat * np.exp(z * sd),
            "method": "Log-lineares Monatsmodell (Ersatz für Prophet)",
        }
    )


def seasonal_naive(
    history: pd.Series, tdi_hist: np.ndarray, future: pd.DatetimeIndex, tdi_fut: np.ndarray
) -> np.ndarray:
    """Same month of the last available year, scaled by the ratio of trading days."""
    weights = dict(zip(history.index, tdi_hist))
    out = []
    for month, tdi in zip(future, tdi_fut):
        k = 1
        while month - pd.DateOffset(months=12 * k) not in weights:
            k += 1
        prev = month - pd.DateOffset(months=12 * k)
        out.append(float(history[prev]) * tdi / max(weights[prev], 1e-9))
    return np.array(out)


def _fit(
    history: pd.Series, tdi_hist: np.ndarray, future: pd.DatetimeIndex, tdi_fut: np.ndarray, use_prophet: bool
) -> pd.DataFrame:
    if use_prophet and len(history) >= 24:
        try:
            return _prophet(history, tdi_hist, future, tdi_fut)
        except Exception as exc:  # noqa: BLE001 - any Prophet/Stan failure -> documented fallback
            logging.getLogger(__name__).warning("Prophet fehlgeschlagen, nutze Ersatzmodell: %s", exc)
    return _loglinear(history, tdi_hist, future, tdi_fut)


def _mape(actual: np.ndarray, forecast: np.ndarray) -> float:
    return float(np.mean(np.abs(forecast - actual) / np.abs(actual)))


def _save_frame(frame: pd.DataFrame, path: Path) -> None:
    """month, yhat, lower, upper, method as plain arrays (.npz without pickles: loading cannot run code)."""
    with path.open("wb") as handle:
        np.savez(
            handle,
            month=np.asarray(frame["month"].to_numpy()),  # datetime64 keeps its unit
            yhat=frame["yhat"].to_numpy(dtype=float),
            lower=frame["lower"].to_numpy(dtype=float),
            upper=frame["upper"].to_numpy(dtype=float),
            method=frame["method"].to_numpy(dtype=str),
        )


def _load_frame(path: Path) -> pd.DataFrame:
    with np.load(path, allow_pickle=False) as data:
        return pd.DataFrame(
            {
                "month": pd.DatetimeIndex(data["month"]),
                "yhat": data["yhat"],
                "lower": data["lower"],
                "upper": data["upper"],
                "method": [str(m) for m in data["method"]],
            }
        )


# a few inputs in turn (budget, liquidity, backtest cut-offs): keep several instead of refitting in a circle
MONTHLY_ARTEFACT: Artefact[pd.DataFrame] = Artefact(
    "finance-monthly", version=MONTHLY_VERSION, suffix=".npz", save=_save_frame, load=_load_frame, keep=8
)


def _digest(*arrays: np.ndarray) -> str:
    """sha256 of the arrays' values (float64) – the data part of the fingerprint."""
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a, dtype=np.float64).tobytes())
        h.update(b"|")
    return h.hexdigest()


def monthly_inputs(
    history: pd.Series,
    tdi_hist: np.ndarray,
    future: pd.DatetimeIndex,
    tdi_fut: np.ndarray,
    use_prophet: bool,
    select: bool,
) -> dict[str, object]:
    """What a monthly forecast depends on: the series, trading days, the months asked and the fit settings."""
    months = pd.DatetimeIndex(history.index).asi8.astype(np.float64)
    return {
        "history": _digest(months, history.to_numpy(dtype=float), np.asarray(tdi_hist)),
        "future": [f"{m:%Y-%m}" for m in future],
        "tdi_future": _digest(np.asarray(tdi_fut)),
        "use_prophet": use_prophet,
        "select": select,
        "interval": INTERVAL,
    }


def forecast_monthly(
    history: pd.Series,
    tdi_hist: np.ndarray,
    future: pd.DatetimeIndex,
    tdi_fut: np.ndarray,
    use_prophet: bool = True,
    select: bool = True,
) -> pd.DataFrame:
    """Forecast monthly totals for `future` month starts: columns month, yhat, lower, upper, method.

    With 36+ months of history (and `select`), the model, the seasonal naive forecast and their
    mean are compared on the last 12 known months; the one with the lowest MAPE is used.
    Stored per fingerprint of its inputs: fitted once per data version, then loaded (milliseconds).
    """
    inputs = monthly_inputs(history, tdi_hist, future, tdi_fut, use_prophet, select)
    return MONTHLY_ARTEFACT.load_or_fit(
        inputs, lambda: fit_monthly(history, tdi_hist, future, tdi_fut, use_prophet, select)
    )


def fit_monthly(
    history: pd.Series,
    tdi_hist: np.ndarray,
    future: pd.DatetimeIndex,
    tdi_fut: np.ndarray,
    use_prophet: bool = True,
    select: bool = True,
) -> pd.DataFrame:
    """The fit behind `forecast_monthly`, never stored (Prophet or its fallback, then the model selection)."""
    fc = _fit(history, tdi_hist, future, tdi_fut, use_prophet)
    if not select or len(history) < 36:
        return fc
    v_hist, v_true = history.iloc[:-12], history.iloc[-12:].to_numpy()
    v_model = _fit(v_hist, tdi_hist[:-12], history.index[-12:], tdi_hist[-12:], use_prophet)["yhat"].to_numpy()
    v_naive = seasonal_naive(v_hist, tdi_hist[:-12], history.index[-12:], tdi_hist[-12:])
    scores = {
        "model": _mape(v_true, v_model),
        "naive": _mape(v_true, v_naive),
        "mix": _mape(v_true, (v_model + v_naive) / 2),
    }
    best = min(scores, key=lambda k: scores[k])
    if best == "model":
        return fc
    naive = seasonal_naive(history, tdi_hist, future, tdi_fut)
    errors = np.log(v_true / (v_naive if best == "naive" else (v_model + v_naive) / 2))
    half = 1.2816 * float(np.sqrt(np.mean(errors**2)))  # 80 % band from the validation errors
    yhat = naive if best == "naive" else (fc["yhat"].to_numpy() + naive) / 2
    name = str(fc["method"].iloc[0])
    method = (
        f"Vorjahresmonat × Handelstage (in der Validierung besser als {name})"
        if best == "naive"
        else f"Mittel aus {name} und Vorjahresmonat (in der Validierung am besten)"
    )
    return pd.DataFrame(
        {"month": future, "yhat": yhat, "lower": yhat * np.exp(-half), "upper": yhat * np.exp(half), "method": method}
    )
