"""Production plan from a user's own sales CSV: newsvendor quantities for every series and day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from tools.errors import DataError
from tools.forecast.calendar import closed_days
from tools.forecast.io import _read, read_regressor_csv, read_series_csv
from tools.production.model import DemandModel, ModelConfig
from tools.production.newsvendor import Economics, decide, demand_samples
from tools.production.prior import BLEND_INNER_WEEKS, grid_cutoff, live_prophet_prior
from tools.production.selection import stored_plan_choice
from tools.settings import get_settings

OUT_COLUMNS = ["date", "series", "quantity", "forecast", "expected_returns", "expected_fill"]


PRICE_COLUMNS = {  # accepted headers (lower case) of a prices file -> our names
    "series": "series",
    "reihe": "series",
    "artikel": "series",
    "produkt": "series",
    "warengruppe": "series",
    "price": "price",
    "preis": "price",
    "verkaufspreis": "price",
    "cost": "cost",
    "kosten": "cost",
    "herstellkosten": "cost",
    "salvage": "salvage",
    "restwert": "salvage",
}


def _price_number(cell: object) -> float:
    txt = str(cell).strip()
    if "," in txt and "." in txt:
        txt = txt.replace(".", "") if txt.rfind(",") > txt.rfind(".") else txt.replace(",", "")
    return float(txt.replace(",", ".").replace("€", "").strip())


def read_prices(path: Path) -> dict[str, Economics]:
    """A prices file with one row per series: series, price, cost, salvage (salvage optional; German headers
    Artikel/Reihe, Preis, Kosten, Restwert accepted)."""
    df = _read(path)
    cols: dict[str, str] = {}
    for c in df.columns:
        key = PRICE_COLUMNS.get(str(c).strip().lower())
        if key and key not in cols:
            cols[key] = c
    for need in ("series", "price", "cost"):
        if need not in cols:
            raise DataError(
                f"In „{Path(path).name}“ fehlt die Spalte „{need}“ (nötig: series, price, cost[, salvage] "
                "oder Artikel, Preis, Kosten[, Restwert])."
            )
    out: dict[str, Economics] = {}
    for i, (_, row) in enumerate(df.iterrows()):
        try:
            salvage = str(row[cols["salvage"]]).strip() if "salvage" in cols else ""
            out[str(row[cols["series"]]).strip()] = Economics(
                price=_price_number(row[cols["price"]]),
                cost=_price_number(row[cols["cost"]]),
                salvage=_price_number(salvage) if salvage not in ("", "nan") else 0.0,
            )
        except ValueError as exc:  # also pydantic's ValidationError (a price of 0 or below)
            raise DataError(
                f"„{Path(path).name}“, Zeile {i + 2}: Preis/Kosten/Restwert sind keine gültigen Zahlen "
                "(der Preis muss über 0 liegen)."
            ) from exc
    return out


def series_economics(series: list[str], econ: dict[str, Economics]) -> dict[str, Economics]:
    """Economics per series; a series 'Filiale/Artikel' without its own row takes its product's (or branch's)."""
    out = dict(econ)
    for s in series:
        if s not in out:
            part = next((p for p in reversed(s.split("/")) if p in econ), None)
            if part is not None:
                out[s] = econ[part]
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


ACTIVE_DAYS = 35  # a series that sold within this many days of the history's end is planned every day


def _active(hist: pd.DataFrame, targets: pd.DataFrame) -> np.ndarray:
    """Per target row (date, series): the series sold (value > 0) in the last ACTIVE_DAYS days of the history
    or within a week of the same date last year (seasonal products, discontinued ones stay at 0)."""
    end = hist["date"].max()
    sold = hist[hist["value"] > 0]
    days = {s: np.sort(g["date"].to_numpy(dtype="datetime64[D]")) for s, g in sold.groupby("series")}
    out = np.zeros(len(targets), dtype=bool)
    for s, idx in targets.groupby("series").indices.items():
        d = days.get(s)
        if d is None or not len(d):
            continue
        if (end - pd.Timestamp(d[-1])).days <= ACTIVE_DAYS:
            out[idx] = True
            continue
        ly = targets["date"].to_numpy(dtype="datetime64[D]")[idx] - np.timedelta64(364, "D")
        lo = np.searchsorted(d, ly - np.timedelta64(7, "D"), side="left")
        hi = np.searchsorted(d, ly + np.timedelta64(7, "D"), side="right")
        out[idx] = hi > lo
    return out


def _closed(hist: pd.DataFrame, targets: pd.DataFrame, region: str | None) -> np.ndarray:
    """Per target row (date, series): the series is closed that day (a weekday it has not sold on lately,
    a public holiday or calendar day it never sold on; the same rule as the forecast's)."""
    out = np.zeros(len(targets), dtype=bool)
    days = pd.DatetimeIndex(sorted(targets["date"].unique()))
    by_series = dict(tuple(hist.groupby("series")))
    for s, idx in targets.groupby("series").indices.items():
        g = by_series.get(s)
        if g is None:
            continue
        flags = closed_days(pd.DataFrame({"ds": g["date"], "y": g["value"]}), days, region)
        out[idx] = flags.reindex(pd.DatetimeIndex(targets["date"].to_numpy()[idx])).to_numpy(dtype=bool)
    return out


# the Prophet blend costs plain Prophet fits per series on a file's first plan (about 0.3 CPU-s each, one per
# refit step back to 26 weeks + a year before the file's end): 49 series took 3.0 CPU-minutes on a first plan
# (goal 10), a weekly re-run less (goal 3); 150 series unmeasured – bounded here (evals/returns/README.md, sixth stop)
PLAN_BLEND_MAX_SERIES = 50


def blend_note(n_series: int) -> tuple[bool, str]:
    """Whether a file of `n_series` series is planned with the Prophet blend, and a German note saying so."""
    if not get_settings().plan_prophet_blend:
        return False, "Plan ohne Prophet-Mischung (ausgeschaltet: SYNERKI_PLAN_PROPHET_BLEND=0)."
    if n_series > PLAN_BLEND_MAX_SERIES:
        return False, (
            f"Plan ohne Prophet-Mischung: die Datei hat {n_series} Reihen, die Mischung rechnet höchstens "
            f"{PLAN_BLEND_MAX_SERIES} (sonst dauert der erste Plan zu lange); nur das Verkaufsmodell plant."
        )
    return True, f"Plan mit Prophet-Mischung ({n_series} Reihen; Gewicht je Reihe aus ihrem eigenen Vorjahr)."


def _choice_inputs(
    hist: pd.DataFrame, extra: pd.DataFrame | None, prior: pd.DataFrame, lead: int
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame]:
    """History, regressors and stream up to the last refit-grid cutoff (a fixed window of the stream before it):
    a blended plan's variant is chosen there, so weekly re-runs between two refits reuse the stored choice."""
    cut = pd.Timestamp(grid_cutoff(hist["date"].max().date(), lead))
    lo = cut - pd.Timedelta(days=7 * BLEND_INNER_WEEKS + 364 + 14)
    h = hist[hist["date"] <= cut]
    ex = None if extra is None else extra[extra.index <= cut]
    p = prior[(pd.to_datetime(prior["date"]) > lo) & (pd.to_datetime(prior["date"]) <= cut)].reset_index(drop=True)
    return h, ex, p


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
    # a day with more returns than sales (net negative) is no demand below zero; log-scale features need >= 0
    hist = hist[hist["date"] < pd.Timestamp(start)].assign(value=lambda d: d["value"].clip(lower=0.0))
    if hist.empty or hist["date"].nunique() < 56:
        raise DataError("Für einen Plan brauche ich mindestens acht Wochen Verkaufsdaten vor dem Startdatum.")
    econ = series_economics(sorted(hist["series"].unique()), read_prices(prices) if prices else {})
    cutoff = hist["date"].max().date()
    hmin, hmax = (start - cutoff).days, (end - cutoff).days
    extra = _extra(weather, events)
    base = ModelConfig(region=holidays)
    prior = None
    blend, note = blend_note(hist["series"].nunique())
    if blend:  # weight from each fit's past year
        reg = extra.rename_axis("date").reset_index() if extra is not None else None
        prior = live_prophet_prior(hist, reg, holidays, end, max(hmin, 1))
        base = replace(base, gbm_weight=-1.0)
        # chosen on 26 past weeks up to the last refit of the stream (stored, reused until the next refit)
        h_c, ex_c, p_c = _choice_inputs(hist, extra, prior, max(hmin, 1))
        choice = stored_plan_choice(
            h_c, econ, default, base, extra=ex_c, lead_days=max(hmin, 1), prior=p_c, weeks=BLEND_INNER_WEEKS
        )
    else:  # point model and calibration chosen on past weeks of this very file (stored while it is unchanged)
        choice = stored_plan_choice(hist, econ, default, base, extra=extra, lead_days=max(hmin, 1))
    model = DemandModel(choice.config(base), extra=extra, prior=prior)
    model.fit(hist, hmin=hmin, hmax=max(hmax, hmin), anchor=start)
    days = pd.date_range(start, end, freq="D")
    series = sorted(hist["series"].unique())
    targets = pd.DataFrame([(d, s) for d in days for s in series], columns=["date", "series"])
    pred = model.predict(targets)
    integer = bool(np.allclose(hist["value"], np.round(hist["value"])))
    active = _active(hist, pred) & ~_closed(hist, pred, holidays)
    rows = []
    for ok, (_, p) in zip(active, pred.iterrows()):
        if not ok:
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
    out = pd.DataFrame(rows, columns=OUT_COLUMNS)
    out.attrs["note"] = note  # said by the CLI: with or without the Prophet blend, and why
    return out
