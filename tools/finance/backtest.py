"""Backtest of the monthly revenue model against naive baselines (last 12 months held out)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel

from tools.finance.calendar import month_weight, weekday_weights
from tools.finance.monthly import forecast_monthly


class BacktestResult(BaseModel):
    """MAPE (%) of the model and the two baselines on the held-out months."""

    name: str
    months: int
    mape_model: float
    mape_same_month_last_year: float
    mape_12_month_mean: float
    method: str

    @property
    def gain_vs_last_year(self) -> float:
        """Relative MAPE reduction against the same month last year (0.2 = 20 % better)."""
        return 1 - self.mape_model / self.mape_same_month_last_year

    @property
    def gain_vs_mean(self) -> float:
        return 1 - self.mape_model / self.mape_12_month_mean


def mape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Mean absolute percentage error in %."""
    actual, forecast = np.asarray(actual, float), np.asarray(forecast, float)
    return float(np.mean(np.abs(forecast - actual) / np.abs(actual)) * 100)


def backtest_series(
    name: str, series: pd.Series, tdi: Callable[[pd.Timestamp], float], holdout: int = 12, use_prophet: bool = True
) -> BacktestResult:
    """Fit on all but the last `holdout` months of a monthly series, forecast them, compare with the baselines."""
    series = series.sort_index()
    train, test = series.iloc[:-holdout], series.iloc[-holdout:]
    weights = np.array([tdi(m) for m in series.index])
    fc = forecast_monthly(train, weights[:-holdout], test.index, weights[-holdout:], use_prophet=use_prophet)
    return score(name, series, fc["yhat"].to_numpy(), str(fc["method"].iloc[0]), holdout)


def score(name: str, series: pd.Series, forecast: np.ndarray, method: str, holdout: int = 12) -> BacktestResult:
    """MAPE of `forecast` for the last `holdout` months of `series` and of the two naive baselines."""
    series = series.sort_index()
    train, test = series.iloc[:-holdout], series.iloc[-holdout:]
    last_year = series.shift(12).iloc[-holdout:].to_numpy()
    mean12 = np.repeat(train.iloc[-12:].mean(), holdout)
    return BacktestResult(
        name=name,
        months=holdout,
        mape_model=round(mape(test.to_numpy(), forecast), 2),
        mape_same_month_last_year=round(mape(test.to_numpy(), last_year), 2),
        mape_12_month_mean=round(mape(test.to_numpy(), mean12), 2),
        method=method,
    )


def backtest_demo(use_prophet: bool = True) -> BacktestResult:
    """Backtest on the demo company's monthly revenue (closed days of Sachsen-Anhalt known in advance)."""
    from tools.company.data import load_finance_monthly, load_sales

    fin = load_finance_monthly().set_index("month")["revenue"]
    weights = weekday_weights(load_sales())
    return backtest_series("Korn & Kruste (Demo)", fin, lambda m: month_weight(m, weights), use_prophet=use_prophet)


def kiel_monthly(path: Path) -> pd.Series:
    """Monthly revenue of the Kiel bakery: mean daily sum × days of the month (fills missing days)."""
    df = pd.read_csv(path, parse_dates=["Datum"])
    daily = df.groupby("Datum")["Umsatz"].sum()
    mean = daily.resample("MS").mean()
    return mean * mean.index.days_in_month


def backtest_kiel(path: Path, use_prophet: bool = True) -> BacktestResult:
    """Backtest on the Kiel bakery's monthly sums (open every day, weekday mix as trading-day index)."""
    df = pd.read_csv(path, parse_dates=["Datum"])
    daily = df.groupby("Datum")["Umsatz"].sum()
    wd = daily.groupby(daily.index.day_of_week).mean()
    weights = {int(k): float(v / wd.mean()) for k, v in wd.items()}

    def tdi(m: pd.Timestamp) -> float:
        days = pd.date_range(m, m + pd.offsets.MonthEnd(0))
        return sum(weights[d.weekday()] for d in days)

    return backtest_series("Bäckerei Kiel (Monatsmodell)", kiel_monthly(path), tdi, use_prophet=use_prophet)


def load_kiel_daily(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Kiel daily revenue per Warengruppe (date, series, value) and regressors (weather + KielerWoche)."""
    from tools.forecast.io import read_regressor_csv, read_series_csv

    hist = read_series_csv(folder / "umsatz.csv", "Datum", "Warengruppe", "Umsatz")
    reg = read_regressor_csv(folder / "wetter.csv")
    kiwo = read_regressor_csv(folder / "kiwo.csv")
    reg = reg.merge(kiwo, on="date", how="outer").sort_values("date").reset_index(drop=True)
    for c in kiwo.columns.drop("date"):
        reg[c] = reg[c].fillna(0.0)  # a planned event: known in advance, 0 = no event that day
    return hist, reg


def backtest_kiel_bottom_up(
    folder: Path, known_weather: bool = False, holdout: int = 12, years_earlier: int = 0, select: bool = False
) -> BacktestResult:
    """Kiel: the last `holdout` months from one origin, bottom-up from daily forecasts per Warengruppe
    (holidays DE-SH; weather after the origin unknown unless `known_weather`, Kieler Woche known).
    `years_earlier=1` repeats it one year earlier (the data of the last year removed) as a robustness check;
    `select=True` lets each Warengruppe's daily model be chosen by inner cross-validation (before the origin)."""
    from tools.finance.bottom_up import forecast_monthly_bottom_up, monthly_actuals

    hist, reg = load_kiel_daily(folder)
    if years_earlier:
        cut = hist["date"].max().to_period("M").to_timestamp() - pd.DateOffset(months=12 * years_earlier - 1)
        hist = hist[hist["date"] < cut]
    series = monthly_actuals(hist)
    origin = series.index[-holdout]
    fc = forecast_monthly_bottom_up(
        hist,
        origin.date(),
        holdout,
        regressors=reg,
        events=["KielerWoche"],
        holidays_region="DE-SH",
        known_weather=known_weather,
        select=select,
    )
    label = "Wetter bekannt, Referenz" if known_weather else "Tagesmodell bottom-up"
    if select:
        label += ", CV-Wahl"
    if years_earlier:
        label += f", Test {origin:%Y-%m}–{series.index[-1]:%Y-%m}"
    return score(f"Bäckerei Kiel ({label})", series, fc["yhat"].to_numpy(), str(fc["method"].iloc[0]), holdout)
