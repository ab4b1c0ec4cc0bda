"""Production plan from a user's own sales CSV: newsvendor quantities for every series and day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from tools.errors import DataError
from tools.forecast.io import _read, read_regressor_csv, read_series_csv
from tools.production.model import DemandModel, ModelConfig
from tools.production.newsvendor import Economics, decide, demand_samples
from tools.production.selection import stored_plan_choice

OUT_COLUMNS = ["date", "series", "quantity", "forecast", "expected_returns", "expected_fill"]


def read_prices(path: Path) -> dict[str, Economics]:
    """A prices file with one row per series: series, price, cost, salvage (salvage optional)."""
    df = _read(path)
    cols = {c.strip().lower(): c for c in df.columns}
    for need in ("series", "price", "cost"):
        if need not in cols:
            raise DataError(
                f"In „{Path(path).name}“ fehlt die Spalte „{need}“ (nötig: series, price, cost[, salvage])."
            )
    out: dict[str, Economics] = {}
    for i, row in df.iterrows():
        try:
            out[str(row[cols["series"]]).strip()] = Economics(
                price=float(str(row[cols["price"]]).replace(",", ".")),
                cost=float(str(row[cols["cost"]]).replace(",", ".")),
                salvage=float(str(row[cols["salvage"]]).replace(",", "."))
                if "salvage" in cols and str(row[cols["salvage"]]).strip() not in ("", "nan")
                else 0.0,
            )
        except ValueError as exc:
            raise DataError(
                f"„{Path(path).name}“, Zeile {i + 2}: Preis/Kosten/Restwert sind keine gültigen Zahlen."
            ) from exc
    return out


def _extra(weather: Path | None, events: Path | None) -> pd.DataFrame | None:
    frames = []
    if weather:
        frames.append(read_regressor_csv(weather).set_index("date"))
    if events:
        frames.append(read_regressor_csv(events, fill_missing_with_zero=True).set_index("date").add_prefix("ev_"))
    if not frames:
        return None
    ex = pd.concat(frames, axis=1).sort_index()
    for c in [c for c in ex.columns if c.startswith("ev_")]:
        ex[c] = ex[c].fillna(0.0)
    return ex


def _active(hist: pd.DataFrame, series: str, day: pd.Timestamp) -> bool:
    """Sold in the last 35 days of the history or within a week of the same date last year."""
    d = hist.loc[hist["series"] == series, "date"]
    if d.empty:
        return False
    if (hist["date"].max() - d.max()).days <= 35:
        return True
    ly = day - pd.Timedelta(days=364)
    return bool(((d >= ly - pd.Timedelta(days=7)) & (d <= ly + pd.Timedelta(days=7))).any())


def plan_from_csv(
    sales: Path,
    date_col: str,
    series_col: str | None,
    value_col: str,
    start: date,
    end: date,
    price: float,
    cost: float,
    salvage: float = 0.0,
    prices: Path | None = None,
    holidays: str | None = None,
    weather: Path | None = None,
    events: Path | None = None,
) -> pd.DataFrame:
    """Rows date, series, quantity, forecast, expected_returns, expected_fill for every series and day in [start, end]."""
    if end < start:
        raise DataError("Das Enddatum liegt vor dem Startdatum.")
    if (end - start).days > 366:
        raise DataError("Bitte planen Sie höchstens ein Jahr auf einmal.")
    default = Economics(price=price, cost=cost, salvage=salvage)
    if not cost < price:
        raise DataError("Die Kosten müssen unter dem Verkaufspreis liegen, sonst lohnt sich keine Produktion.")
    hist = read_series_csv(sales, date_col, series_col, value_col)
    hist = hist[hist["date"] < pd.Timestamp(start)]
    if hist.empty or hist["date"].nunique() < 56:
        raise DataError("Für einen Plan brauche ich mindestens acht Wochen Verkaufsdaten vor dem Startdatum.")
    econ = read_prices(prices) if prices else {}
    cutoff = hist["date"].max().date()
    hmin, hmax = (start - cutoff).days, (end - cutoff).days
    extra = _extra(weather, events)
    base = ModelConfig(region=holidays)
    # point model and calibration chosen on past weeks of this very file (stored, reused while it is unchanged)
    choice = stored_plan_choice(hist, econ, default, base, extra=extra, lead_days=max(hmin, 1))
    model = DemandModel(choice.config(base), extra=extra)
    model.fit(hist, hmin=hmin, hmax=max(hmax, hmin), anchor=start)
    days = pd.date_range(start, end, freq="D")
    series = sorted(hist["series"].unique())
    targets = pd.DataFrame([(d, s) for d in days for s in series], columns=["date", "series"])
    pred = model.predict(targets)
    integer = bool(np.allclose(hist["value"], np.round(hist["value"])))
    rows = []
    for _, p in pred.iterrows():
        if not _active(hist, p["series"], p["date"]):
            rows.append((p["date"].date().isoformat(), p["series"], 0.0, 0.0, 0.0, 1.0))
            continue
        d = demand_samples(p["log_forecast"], model.residuals(p["series"], p["date"].weekday()))
        dec = decide(d, econ.get(p["series"], default), integer=integer)
        rows.append(
            (
                p["date"].date().isoformat(),
                p["series"],
                round(dec.quantity, 2),
                round(float(p["forecast"]), 2),
                round(dec.expected_returns, 2),
                round(dec.expected_fill, 4),
            )
        )
    return pd.DataFrame(rows, columns=OUT_COLUMNS)
