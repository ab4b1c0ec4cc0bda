"""Demo company (Korn & Kruste): backtests against the true demand and the speed figures."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pandas as pd
from joblib import Parallel, delayed

from evals.forecast.backtest import cpu_seconds, metrics, origins_between, rolling_origin
from evals.forecast.report import print_table

QUICK_SERIES = [
    "alle/gruppe:brot",
    "alle/gruppe:broetchen",
    "alle/gruppe:kuchen",
    "alle/gruppe:saison",
    "stendal_markt/schrippe",
    "gardelegen/landbrot",
    "tangermuende/schwarzwaelder",
    "havelberg/stollen",
]


def _series_frame(hist: pd.DataFrame, sales: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """series, ds, y (uncensored sold: what the model sees), y_true (true demand, evaluation only)."""
    from tools.forecast.demo import select_series

    truth = sales[["date", "branch", "product"]].assign(
        value=sales["demand"].astype(float), group=hist["group"].to_numpy()
    )
    out = []
    for n in names:
        branch, item = n.split("/", 1)
        b = None if branch == "alle" else branch
        s = select_series(hist, b, item)
        t = select_series(truth, b, item).rename(columns={"y": "y_true"})
        out.append(s.merge(t, on="ds").assign(series=n))
    return pd.concat(out, ignore_index=True)


def run_demo(quick: bool) -> list[tuple[float, float]]:
    """Backtests (horizon 1–14 days, one year ahead) and timings; returns (wall, CPU) fit times."""
    from tools.company.data import load_sales
    from tools.forecast.api import demo_inputs

    hist, weather, _ = demo_inputs()
    sales = load_sales()
    last = hist["date"].max().date()
    names = (
        QUICK_SERIES
        if quick
        else QUICK_SERIES
        + [
            "alle/gruppe:feingebaeck",
            "alle/gruppe:konditorei",
            "salzwedel/baumkuchen",
            "osterburg/buttercroissant",
            "bismark/roggenbroetchen",
            "stendal_bahnhof/laugenbrezel",
            "havelberg/kaesekuchen",
            "salzwedel/pfannkuchen",
        ]
    )
    data = _series_frame(hist, sales, names)
    n = 4 if quick else 12
    origins = origins_between(last - timedelta(days=365), last - timedelta(days=14), n)
    t = time.perf_counter()
    res, times = rolling_origin(data, origins, 14, weather, "DE-ST")
    print_table(
        f"Demo Korn & Kruste, Horizont 1–14 Tage, {n} Ursprünge, Fehler ggü. wahrer Nachfrage "
        f"({time.perf_counter() - t:.0f} s)",
        metrics(res),
    )
    t = time.perf_counter()
    res_y, times_y = rolling_origin(data, [last - timedelta(days=364)], 365, weather, "DE-ST")
    print_table(
        f"Demo, ganzes Jahr ab {last - timedelta(days=364)}, Wetter bekannt ({time.perf_counter() - t:.0f} s)",
        metrics(res_y),
    )
    _censoring(hist, sales, names, origins, weather, res)
    _timings(quick)
    return times + times_y


def _censoring(
    hist: pd.DataFrame,
    sales: pd.DataFrame,
    names: list[str],
    origins: list[date],
    weather: pd.DataFrame,
    uncensored: pd.DataFrame,
) -> None:
    """Same model trained on raw `sold` (censored on sold-out days), scored on true demand."""
    raw_hist = hist.assign(value=sales["sold"].astype(float).to_numpy())
    data = _series_frame(raw_hist, sales, names)
    res, _ = rolling_origin(data, origins, 14, weather, "DE-ST")
    m_raw = metrics(res)
    m_unc = metrics(uncensored)
    pick = lambda m: m[(m["model"] == "synerki") & (m["series"] == "ALLE")].iloc[0]  # noqa: E731
    r, u = pick(m_raw), pick(m_unc)
    print(
        f"\nZensierung (ausverkaufte Tage, {100 * sales['sold_out'].mean():.0f} % der Zeilen): trainiert auf "
        f"'sold' WAPE {r['WAPE']:.3f} / Bias {r['Bias']:+.3f}; auf hochgerechneter Nachfrage "
        f"WAPE {u['WAPE']:.3f} / Bias {u['Bias']:+.3f}"
    )


def _timed_fit(hist: pd.DataFrame, weather: pd.DataFrame, key: str) -> float:
    """Fit one demo series like the cache does; returns the CPU seconds it took."""
    from tools.forecast.api import _fit_entry

    c = cpu_seconds()
    _fit_entry(hist, weather, key)
    return cpu_seconds() - c


def _timings(quick: bool) -> None:
    """Fit of all branch x product series on 2 workers, cached answer time."""
    import os

    from tools.forecast.api import demo_inputs, demo_pairs, forecast_demo
    from tools.forecast.demo import select_series

    hist, weather, key = demo_inputs()
    pairs = sorted(demo_pairs())
    todo = pairs[:24] if quick else pairs
    jobs = [delayed(_timed_fit)(select_series(hist, b, p), weather, key) for b, p in todo]
    t = time.perf_counter()
    cpu = sum(Parallel(n_jobs=2)(jobs))
    scale = len(pairs) / len(todo)
    wall = (time.perf_counter() - t) * scale
    scope = f"{len(todo)} von {len(pairs)} Reihen gemessen, hochgerechnet" if quick else f"alle {len(pairs)} Reihen"
    print(
        f"\nAlle Demo-Reihen (Filiale × Artikel, je Fit + 400-Tage-Tabelle + Treiber) mit 2 Prozessen "
        f"({scope}; Ziel < 120 s): Wanduhr {wall:.0f} s bei Last {os.getloadavg()[0]:.1f}; "
        f"Rechenzeit {cpu * scale:.0f} CPU-s = {cpu * scale / 2:.0f} s auf 2 freien Kernen"
    )
    start = hist["date"].max().date() + timedelta(days=1)
    forecast_demo(start, start + timedelta(days=6), products=["schrippe"], branches=["stendal_markt"])
    reps = []
    for _ in range(5):
        t = time.perf_counter()
        forecast_demo(start, start + timedelta(days=6), products=["schrippe"], branches=["stendal_markt"])
        reps.append(time.perf_counter() - t)
    print(f"Prognose aus dem Cache (7 Tage, 1 Reihe): Median {1000 * sorted(reps)[2]:.0f} ms (Ziel < 300 ms)")
