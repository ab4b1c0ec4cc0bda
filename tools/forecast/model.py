"""One series: the tuned synerKI Prophet model and the plain Prophet reference.

Tuned model (choices measured in evals/forecast): Prophet on log1p(y) so every effect is a percentage;
holidays of the state as one feature per holiday and day offset (Vortag/Tag/Folgetag, only those seen
in the data), Advent Saturdays/Sundays, Christmas Eve, New Year's Eve, Fasching and 11.11., a
Christmas-season and a
'between the years' regressor; separate weekly profiles for summer (Jun–Aug) and the rest of the
year (or, with weekly_split="seasons", for Jun–Sep, December and the rest); weather/event regressors
(future gaps: climatology); a level correction from the mean residual
of the last 7 days (capped at 0.15 in log space) that fades over about a week; closed days (weekday or holiday without sales in the
history) forecast as 0. Intervals: in-sample residual quantiles in log space, widened by 15 %.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.errors import RequestError
from tools.forecast.calendar import (
    CHRISTMAS_EVE,
    NEW_YEARS_EVE,
    base_holidays,
    closed_days,
    holiday_table,
    season_features,
)
from tools.forecast.regressors import climatology, fill_regressors, numeric_columns

if TYPE_CHECKING:
    from prophet import Prophet  # imported lazily at run time (slow import)

logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
# Prophet's own notes on young series ("yearly seasonality with less than 730 days") and its handled
# optimiser fallback ("falling back to Newton") are not errors of the user's data: kept out of the CLI output
logging.getLogger("prophet").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", category=FutureWarning)

MODEL_VERSION = "synerki-prophet-7"
# no forecast above this multiple of the highest day in the history: a trend fitted on a short or odd
# history can explode when extrapolated (seen: inner-CV WAPE of 14,700 on a one-year-old seasonal series)
CAP_FACTOR = 2.0


class ModelConfig(BaseModel):
    """Knobs of the tuned model (defaults chosen by the backtests in evals/forecast)."""

    log_transform: bool = True
    yearly_order: int = 10
    changepoint_prior: float = 0.05
    holiday_prior: float = 5.0
    season_prior: float = 5.0
    summer_weekly: bool = True
    # months of the separate weekly profiles: "summer" Jun–Aug + rest; "seasons" Jun–Sep, December, rest
    # (chosen per data set by the selection's inner cross-validation, tools/forecast/selection.py)
    weekly_split: Literal["summer", "seasons"] = "summer"
    level_days: int = 7
    level_cap: float = 0.15  # at most about +-16 %: a season start must not carry over (demo Saisongebäck)
    interval_width: float = 0.8
    # in-sample residuals are narrower than out-of-sample errors; the backtests (evals/forecast)
    # showed 73-77 % coverage of the nominal 80 % band without this widening
    interval_inflation: float = 1.15
    # choices the selection (tools/forecast/selection.py) makes per series by inner cross-validation
    train_years: float | None = None  # fit on the last N years only (None: all history)
    regressor_set: str = "all"  # "all" numeric columns or only "events" (0/1 columns such as Kieler Woche)
    plain_holidays: bool = False  # plain Prophet: add the region's public holidays (one feature each)
    residual_boost: bool = False  # a small gradient-boosting correction of the log residuals (calendar × weather)


@dataclass
class FittedSeries:
    """A fitted model plus what prediction needs (regressor climatology, history, residual quantiles)."""

    model: Prophet
    config: ModelConfig
    regressors: list[str]
    clim: dict[str, pd.Series]
    reg_frame: pd.DataFrame | None
    history: pd.DataFrame
    resid_q: tuple[float, float]
    extra: list[str] = field(default_factory=list)
    plain: bool = False
    level: float = 0.0
    region: str | None = None
    boost: Any = None  # fitted residual correction (HistGradientBoostingRegressor) or None
    holiday_days: frozenset = frozenset()


def _quiet_stan() -> None:
    """Silence cmdstanpy's per-fit INFO lines (its own handler is added on first use) and Prophet's plotly notice."""
    from cmdstanpy.utils import get_logger

    logging.getLogger("prophet.plot").setLevel(logging.CRITICAL)  # "Importing plotly failed", logged as an error

    logger = get_logger()
    logger.setLevel(logging.WARNING)
    for h in logger.handlers:
        h.setLevel(logging.WARNING)


SUMMER_MONTHS = {"summer": [6, 7, 8], "seasons": [6, 7, 8, 9]}


def _weekly_conditions(ds: pd.Series, split: str) -> dict[str, np.ndarray]:
    """Condition flags of the weekly profiles: summer, December (split "seasons" only), the rest."""
    m = pd.to_datetime(ds).dt.month
    out = {"summer": m.isin(SUMMER_MONTHS[split]).to_numpy()}
    if split == "seasons":
        out["december"] = (m == 12).to_numpy()
    out["not_summer"] = ~np.logical_or.reduce(list(out.values()))
    return out


def _is_event(col: pd.Series) -> bool:
    """True for an event column: only the values 0 and 1 (e.g. Kieler Woche)."""
    return bool(col.dropna().isin([0, 1]).all())


def _public_holidays(region: str | None, h: pd.DataFrame) -> pd.DataFrame | None:
    """The region's public holidays (the day itself, one feature each) for a plain Prophet."""
    rows = [
        (name, pd.Timestamp(d))
        for name, d, _ in base_holidays(region, h["ds"].min().date(), date(h["ds"].max().year + 2, 12, 31))
        if name not in (CHRISTMAS_EVE, NEW_YEARS_EVE)
    ]
    return pd.DataFrame(rows, columns=["holiday", "ds"]) if rows else None


def _design(
    ds: pd.Series,
    reg: pd.DataFrame | None,
    cols: list[str],
    clim: dict[str, pd.Series],
    config: ModelConfig,
    plain: bool,
) -> tuple[pd.DataFrame, pd.Series]:
    """Feature frame for Prophet on dates `ds` and the climatology-fallback flag."""
    if reg is not None and cols:
        frame, fb = fill_regressors(reg, ds, cols, clim)
    else:
        frame, fb = (
            pd.DataFrame({"ds": pd.to_datetime(pd.Series(ds)).reset_index(drop=True)}),
            pd.Series(False, index=range(len(ds))),
        )
    if not plain:
        sf = season_features(frame["ds"])
        frame = pd.concat([frame, sf], axis=1)
        if config.summer_weekly:
            for name, flag in _weekly_conditions(frame["ds"], config.weekly_split).items():
                frame[name] = flag
    return frame, fb


def _boost_features(frame: pd.DataFrame, cols: list[str], hdays: frozenset) -> np.ndarray:
    """Calendar (weekday, day of year, holiday) and regressor values for the residual correction."""
    ds = pd.to_datetime(frame["ds"])
    base = [ds.dt.day_of_week.to_numpy(float), ds.dt.day_of_year.to_numpy(float), ds.isin(hdays).to_numpy(float)]
    return np.column_stack(base + [frame[c].to_numpy(float) for c in cols])


def _fit_boost(x: np.ndarray, resid: np.ndarray) -> Any:
    """A strongly regularised booster on the log residuals (it may only pick up clear interactions)."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    return HistGradientBoostingRegressor(
        max_iter=120, learning_rate=0.04, max_leaf_nodes=15, min_samples_leaf=40, l2_regularization=1.0, random_state=0
    ).fit(x, resid)


def fit_series(
    history: pd.DataFrame,
    regressors: pd.DataFrame | None = None,
    holidays_region: str | None = "DE-ST",
    config: ModelConfig | None = None,
    plain: bool = False,
    in_sample: bool = True,
) -> FittedSeries:
    """Fit one series; `history` has ds, y (NaN or missing rows = closed/unknown days). `in_sample=False` skips
    the in-sample prediction (residual interval, level, boost) for callers that use the point forecast only."""
    _quiet_stan()  # before the import: Prophet logs its plotly notice when it is first imported
    from prophet import Prophet

    config = config or ModelConfig()
    h = history[["ds", "y"]].copy()
    h["ds"] = pd.to_datetime(h["ds"])
    h = h.dropna(subset=["y"]).sort_values("ds").reset_index(drop=True)
    if config.train_years and len(h):
        h = h[h["ds"] > h["ds"].max() - pd.Timedelta(days=round(365.25 * config.train_years))].reset_index(drop=True)
    if config.weekly_split == "seasons" and not (h["ds"].dt.month == 12).any():
        config = config.model_copy(update={"weekly_split": "summer"})  # no December seen: no profile to learn
    if len(h) < 14:
        raise RequestError("Zu wenig Verlauf für eine Prognose (mindestens 14 Tage nötig).")
    cols: list[str] = []
    clim: dict[str, pd.Series] = {}
    if regressors is not None:
        reg = regressors.copy()
        reg["date"] = pd.to_datetime(reg["date"])
        in_hist = reg[reg["date"].between(h["ds"].min(), h["ds"].max())]
        for c in numeric_columns(reg):
            v = in_hist[c]
            if v.notna().mean() >= 0.5 and v.nunique(dropna=True) > 1:
                if config.regressor_set == "events" and not _is_event(reg[c]):
                    continue
                cols.append(c)
                clim[c] = climatology(reg, c)
    else:
        reg = None
    frame, _ = _design(h["ds"], reg, cols, clim, config, plain)
    frame["y"] = np.log1p(h["y"].clip(lower=0)) if (config.log_transform and not plain) else h["y"]
    span_years = (h["ds"].max() - h["ds"].min()).days / 365.25
    if plain:
        ph = _public_holidays(holidays_region, h) if config.plain_holidays else None
        m = Prophet(uncertainty_samples=0, holidays=ph)
        extra: list[str] = []
    else:
        hols = holiday_table(
            holidays_region, h["ds"].min().date(), date(h["ds"].max().year + 2, 12, 31), observed=set(h["ds"])
        )
        m = Prophet(
            yearly_seasonality=config.yearly_order if span_years >= 1.5 else False,
            weekly_seasonality=not config.summer_weekly,
            daily_seasonality=False,
            changepoint_prior_scale=config.changepoint_prior,
            holidays=hols if len(hols) else None,
            holidays_prior_scale=config.holiday_prior,
            seasonality_prior_scale=config.season_prior,
            uncertainty_samples=0,
        )
        if config.summer_weekly:
            m.add_seasonality("weekly_summer", period=7, fourier_order=3, condition_name="summer")
            m.add_seasonality("weekly_rest", period=7, fourier_order=3, condition_name="not_summer")
            if config.weekly_split == "seasons":
                m.add_seasonality("weekly_december", period=7, fourier_order=3, condition_name="december")
        extra = [c for c in ("weihnachtszeit", "zwischen_den_jahren") if frame[c].nunique() > 1]
        for c in extra:
            m.add_regressor(c, prior_scale=config.holiday_prior, standardize=False)
    for c in cols:
        m.add_regressor(c)
    m.fit(frame)
    # the plan's Prophet stream uses the point forecast only: no interval, level correction or boost to fit
    q, level, boost, hdays = (
        _from_residuals(m, frame, cols, config, plain, hols if not plain else None, len(h))
        if in_sample
        else ((0.0, 0.0), 0.0, None, frozenset())
    )
    return FittedSeries(
        model=m,
        config=config,
        regressors=cols,
        clim=clim,
        reg_frame=reg,
        history=h,
        resid_q=q,
        extra=extra,
        plain=plain,
        level=level,
        region=None if plain else holidays_region,
        boost=boost,
        holiday_days=hdays,
    )


def _from_residuals(
    m: Any, frame: pd.DataFrame, cols: list[str], config: ModelConfig, plain: bool, hols: Any, n_days: int
) -> tuple[tuple[float, float], float, Any, frozenset]:
    """What the in-sample residuals give: the interval's quantiles, the short-horizon level and the boost."""
    fitted = m.predict(frame)["yhat"].to_numpy()
    resid = frame["y"].to_numpy() - fitted
    boost: Any = None
    hdays: frozenset = frozenset()
    if config.residual_boost and not plain and config.log_transform and n_days >= 365:
        hdays = frozenset(pd.to_datetime(hols["ds"])) if len(hols) else frozenset()
        boost = _fit_boost(_boost_features(frame, cols, hdays), resid)
        resid = resid - boost.predict(_boost_features(frame, cols, hdays))
    # short-horizon level correction: mean residual of the last days, decaying over about a week
    level = float(np.mean(resid[-config.level_days :])) if (config.level_days and not plain) else 0.0
    level = float(np.clip(level, -config.level_cap, config.level_cap))
    if plain:
        resid = resid / np.maximum(np.abs(fitted), 1e-9)
    alpha = (1 - config.interval_width) / 2
    k = config.interval_inflation
    return (k * float(np.quantile(resid, alpha)), k * float(np.quantile(resid, 1 - alpha))), level, boost, hdays


def predict_series(
    fs: FittedSeries,
    dates: list[date] | pd.DatetimeIndex,
    regressors: pd.DataFrame | None = None,
    components: bool = False,
) -> pd.DataFrame:
    """Forecast with interval on `dates`; closed days get 0. Columns ds, forecast, lower, upper,
    closed, weather_fallback (+ Prophet components in log scale and the regressor values used, `x_<column>`,
    when `components`)."""
    idx = pd.DatetimeIndex(pd.to_datetime(list(dates)))
    reg = fs.reg_frame
    if regressors is not None:
        new = regressors.copy()
        new["date"] = pd.to_datetime(new["date"])
        reg = new if reg is None else pd.concat([new, reg]).drop_duplicates("date", keep="first")
    frame, fb = _design(pd.Series(idx), reg, fs.regressors, fs.clim, fs.config, fs.plain)
    pred = fs.model.predict(frame)
    yhat = pred["yhat"].to_numpy()
    if fs.boost is not None:
        yhat = yhat + fs.boost.predict(_boost_features(frame, fs.regressors, fs.holiday_days))
    if fs.level:
        last = fs.history["ds"].max()
        ahead = np.maximum((idx - last).days.to_numpy(), 1)
        yhat = yhat + fs.level * np.exp(-ahead / 7.0)
    lo_q, hi_q = fs.resid_q
    if fs.plain:
        point, lower, upper = yhat, yhat * (1 + lo_q), yhat * (1 + hi_q)
    elif fs.config.log_transform:
        point, lower, upper = np.expm1(yhat), np.expm1(yhat + lo_q), np.expm1(yhat + hi_q)
    else:
        point, lower, upper = yhat, yhat + lo_q, yhat + hi_q
    closed = closed_days(fs.history, idx, fs.region).to_numpy()
    cap = CAP_FACTOR * float(fs.history["y"].max()) if len(fs.history) else np.inf
    point, lower, upper = (np.minimum(a, cap) for a in (point, lower, upper))
    out = pd.DataFrame(
        {
            "ds": idx,
            "forecast": np.where(closed, 0.0, np.clip(point, 0, None)),
            "lower": np.where(closed, 0.0, np.clip(lower, 0, None)),
            "upper": np.where(closed, 0.0, np.clip(upper, 0, None)),
            "closed": closed,
            "weather_fallback": fb.to_numpy(),
        }
    )
    if components:
        keep = [c for c in pred.columns if not c.endswith(("_lower", "_upper")) and c != "ds"]
        used = frame[fs.regressors].add_prefix("x_").reset_index(drop=True)  # what a weather what-if replaces
        out = pd.concat([out, pred[keep].add_prefix("c_").reset_index(drop=True), used], axis=1)
    return out
