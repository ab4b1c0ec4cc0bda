"""Public forecasting API: `forecast_frame` for any sales table, `forecast_demo` for Korn & Kruste."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import threading
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from joblib import Parallel, delayed
from pydantic import BaseModel, ConfigDict

from tools.company.weather import model_weather
from tools.errors import RequestError
from tools.forecast.accuracy import Accuracy, BacktestDay, stored_backtest, summarize
from tools.forecast.model import MODEL_VERSION, ModelConfig, fit_series, predict_series
from tools.forecast.selection import Selection, SeriesChoice, fit_selected, predict_selected, stored_selection
from tools.forecast.weather_scenario import (
    ScenarioDay,
    WeatherScenario,
    apply_scenario,
    scenario_days,
    temperature_range,
)
from tools.format_de import day
from tools.settings import get_settings

TABLE_DAYS = 400  # cached forecast table: the days after the history end
# parallel turns: inputs and fits are built by one thread while the others wait
_inputs_lock = threading.Lock()
_fit_lock = threading.Lock()
_inputs: list[tuple[str, pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]] = []  # replaced whole, once complete
_entries: dict[str, dict] = {}  # series name -> fitted entry (carries its data key)


def _fit_predict(
    hist: pd.DataFrame,
    days: pd.DatetimeIndex,
    regressors: pd.DataFrame | None,
    region: str | None,
    width: float,
    components: bool = False,
) -> pd.DataFrame:
    fs = fit_series(hist, regressors, region, ModelConfig(interval_width=width))
    return predict_series(fs, days, components=components)


def _run_parallel(jobs: list, n: int) -> list:
    """Run joblib-delayed jobs with at most 2 worker processes (sequentially for one job)."""
    if len(jobs) <= 1:
        return [f(*a, **k) for f, a, k in jobs]
    return Parallel(n_jobs=min(2, n))(jobs)


def _fit_predict_selected(
    hist: pd.DataFrame,
    days: pd.DatetimeIndex,
    regressors: pd.DataFrame | None,
    region: str | None,
    choice: SeriesChoice,
    width: float,
) -> pd.DataFrame:
    return predict_selected(fit_selected(hist, regressors, region, choice), days, width)


def forecast_frame(
    history: pd.DataFrame,
    start: date,
    end: date,
    *,
    regressors: pd.DataFrame | None = None,
    holidays_region: str | None = "DE-ST",
    interval_width: float = 0.8,
    select: bool = False,
) -> pd.DataFrame:
    """Forecast every series of `history` (date, series, value) for each day of [start, end];
    returns date, series, forecast, lower, upper. With `select` each series uses the model chosen by
    rolling-origin cross-validation on its own past (tools/forecast/selection.py, stored as an artefact)."""
    frame, _ = forecast_frame_selected(
        history,
        start,
        end,
        regressors=regressors,
        holidays_region=holidays_region,
        interval_width=interval_width,
        select=select,
    )
    return frame


def forecast_frame_selected(
    history: pd.DataFrame,
    start: date,
    end: date,
    *,
    regressors: pd.DataFrame | None = None,
    holidays_region: str | None = "DE-ST",
    interval_width: float = 0.8,
    select: bool = True,
) -> tuple[pd.DataFrame, Selection | None]:
    """`forecast_frame` plus the selection it used (None without `select` or history), so an answer can say
    which model each series got and how it scored in the inner cross-validation."""
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    h = history.assign(date=pd.to_datetime(history["date"]), series=history["series"].astype(str))
    sel = None
    if select and len(h):
        long = pd.DataFrame({"series": h["series"], "ds": h["date"], "y": h["value"].astype(float)})
        horizon = max((pd.Timestamp(end) - h["date"].max()).days, 1)
        sel = stored_selection(long, regressors, holidays_region, horizon)
    jobs, names = [], []
    for name, g in h.groupby("series", sort=True):
        hist = pd.DataFrame({"ds": g["date"], "y": g["value"].astype(float)})
        if sel is not None and name in sel.choices:
            choice = sel.choices[str(name)]
            jobs.append(delayed(_fit_predict_selected)(hist, days, regressors, holidays_region, choice, interval_width))
        else:
            jobs.append(delayed(_fit_predict)(hist, days, regressors, holidays_region, interval_width))
        names.append(name)
    preds = _run_parallel(jobs, len(jobs))
    out = [
        p[["ds", "forecast", "lower", "upper"]].rename(columns={"ds": "date"}).assign(series=n)
        for n, p in zip(names, preds)
    ]
    res = (
        pd.concat(out, ignore_index=True)
        if out
        else pd.DataFrame(columns=["date", "forecast", "lower", "upper", "series"])
    )
    return res[["date", "series", "forecast", "lower", "upper"]], sel


# ---- demo company ---------------------------------------------------------------------------------


def _frame_key(df: pd.DataFrame) -> str:
    """Fast fingerprint of a frame's numeric/date columns and its row labels' count."""
    h = hashlib.sha1(str((df.shape, list(df.columns))).encode())
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_datetime64_any_dtype(col):
            h.update(col.to_numpy().astype("float64" if col.dtype.kind == "f" else "int64").tobytes())
    return h.hexdigest()[:16]


def demo_inputs() -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(demand history, weather, data key) of the demo company, memoised per data version."""
    key, hist, weather, _ = _demo_state()
    return hist, weather, key


def _demo_state() -> tuple[str, pd.DataFrame, pd.DataFrame, set[tuple[str, str]]]:
    from tools.company.data import load_sales, load_weather
    from tools.forecast.demo import demand_history

    sales, weather = load_sales(), load_weather()
    key = hashlib.sha1(
        f"{MODEL_VERSION}|{_frame_key(sales[['date', 'sold']])}|{_frame_key(weather)}".encode()
    ).hexdigest()[:16]
    with _inputs_lock:
        if not _inputs or _inputs[0][0] != key:
            hist = demand_history(sales)
            pairs = set(hist[["branch", "product"]].drop_duplicates().itertuples(index=False, name=None))
            _inputs[:] = [(key, hist, model_weather(weather), pairs)]
        return _inputs[0]


def demo_pairs() -> set[tuple[str, str]]:
    """(branch, product) pairs present in the demo history (memoised)."""
    return _demo_state()[3]


def _cache_path(name: str) -> Path:
    safe = re.sub(r"[^a-zA-Z0-9_.-]+", "_", name)
    d = get_settings().cache_dir / "forecast"
    d.mkdir(parents=True, exist_ok=True)
    return d / f"{safe}.pkl"


def _fit_entry(hist: pd.DataFrame, weather: pd.DataFrame, key: str) -> dict:
    """Fit one demo series and precompute its forecast table and driver effects."""
    from tools.forecast.drivers import coefficients, effects

    fs = fit_series(hist, weather, "DE-ST", ModelConfig())
    last = fs.history["ds"].max()
    days = pd.date_range(last + pd.Timedelta(days=1), periods=TABLE_DAYS, freq="D")
    table = predict_series(fs, days, components=True)
    coef = {c: v for c, v in coefficients(fs).items() if c in fs.regressors}  # per unit, log scale: the what-if
    return {"key": key, "table": table, "drivers": effects(fs), "hist_end": last.date(), "weather_coef": coef}


def demo_entries(names: list[str]) -> dict[str, dict]:
    """Cached (or freshly fitted, in parallel) forecast tables of the named demo series."""
    hist, weather, key = demo_inputs()
    entries = {n: e for n in names if (e := _entries.get(n)) is not None and e["key"] == key}
    missing = [n for n in dict.fromkeys(names) if n not in entries]
    if missing:
        with _fit_lock:  # one thread fits a series; a parallel turn asking for it waits and reads the result
            entries.update(_load_or_fit(missing, hist, weather, key))
    return {n: entries[n] for n in dict.fromkeys(names)}


def _load_or_fit(names: list[str], hist: pd.DataFrame, weather: pd.DataFrame, key: str) -> dict[str, dict]:
    from tools.forecast.demo import select_series

    entries: dict[str, dict] = {}
    todo: list[str] = []
    for n in names:
        e = _entries.get(n)
        if e is not None and e["key"] == key:
            entries[n] = e
            continue
        p = _cache_path(n)
        if p.is_file():
            try:
                e = pickle.loads(p.read_bytes())
                if e.get("key") == key:
                    entries[n] = _entries[n] = e
                    continue
            except Exception:  # noqa: BLE001 - a broken cache file is refitted
                pass
        todo.append(n)
    jobs = []
    for n in todo:
        branch, item = n.split("/", 1)
        s = select_series(hist, None if branch == "alle" else branch, item)
        jobs.append(delayed(_fit_entry)(s, weather, key))
    for n, e in zip(todo, _run_parallel(jobs, len(jobs))):
        path = _cache_path(n)
        tmp = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        tmp.write_bytes(pickle.dumps(e))
        os.replace(tmp, path)  # atomic: a parallel reader never sees half a file
        entries[n] = _entries[n] = e
    return entries


def _rows(entries: dict[str, dict], start: date, end: date) -> pd.DataFrame:
    out = []
    for n, e in entries.items():
        t = e["table"]
        sel = t[(t["ds"] >= pd.Timestamp(start)) & (t["ds"] <= pd.Timestamp(end))]
        branch, item = n.split("/", 1)
        out.append(sel.assign(branch=branch, product=item, series=n))
    return pd.concat(out, ignore_index=True).rename(columns={"ds": "date"})


def check_range(start: date, end: date, entries: dict[str, dict]) -> None:
    """Raise ValueError (German) when [start, end] is not after the history or too far ahead."""
    first = max(e["hist_end"] for e in entries.values()) + timedelta(days=1)
    if start < first:
        raise RequestError(f"Prognosen gibt es ab dem {first:%d.%m.%Y}; davor liegen Ist-Daten vor.")
    if end > min(e["hist_end"] for e in entries.values()) + timedelta(days=TABLE_DAYS):
        raise RequestError(f"Ich prognostiziere höchstens {TABLE_DAYS} Tage im Voraus.")


def forecast_demo_series(start: date, end: date, names: list[str]) -> pd.DataFrame:
    """Forecast of named demo series ('branch/product', 'alle/gruppe:brot', …) with components."""
    entries = demo_entries(names)
    check_range(start, end, entries)
    return _rows(entries, start, end)


class WhatIf(BaseModel):
    """A forecast moved to the weather a user names: the rows (with `base_forecast`), the weather assumed per day
    and each series' weather coefficients (per unit, log scale)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    rows: pd.DataFrame
    assumed: list[ScenarioDay]
    coef: dict[str, dict[str, float]]
    temp_range: tuple[float, float]  # the temperatures seen in these calendar months: beyond them is extrapolation


def forecast_demo_what_if(start: date, end: date, names: list[str], scenario: WeatherScenario) -> WhatIf:
    """Forecast of named demo series under a weather scenario (see tools/forecast/weather_scenario.py)."""
    entries = demo_entries(names)
    check_range(start, end, entries)
    _, weather, _ = demo_inputs()
    days = [d.date() for d in pd.date_range(start, end, freq="D")]
    assumed = scenario_days(scenario, days, weather)
    parts = [apply_scenario(_rows({n: e}, start, end), e.get("weather_coef", {}), assumed) for n, e in entries.items()]
    coef = {n: dict(e.get("weather_coef", {})) for n, e in entries.items()}
    seen = temperature_range(weather, {d.month for d in days})
    return WhatIf(rows=pd.concat(parts, ignore_index=True), assumed=assumed, coef=coef, temp_range=seen)


def _known(asked: list[str] | None, column: pd.Series, what: str) -> list[str]:
    """The asked ids when the demo history has each of them; a German error naming the known ones else."""
    known = sorted(str(x) for x in column.unique())
    unknown = [x for x in asked or [] if x not in known]
    if unknown:
        raise RequestError(f"Unbekannte {what}: {', '.join(unknown)}. Bekannt: {', '.join(known)}.")
    return list(asked or [])


def forecast_demo(
    start: date, end: date, products: list[str] | None = None, branches: list[str] | None = None
) -> pd.DataFrame:
    """Demo-company forecast per branch × product (None = all): date, branch, product, forecast, lower, upper.

    Learns from demand-relevant history: `sold`, raised on sold-out days to an estimate of the true
    demand (tools/forecast/demo.py); future weather is the climatology of the same calendar days."""
    if end < start:
        raise RequestError(f"Der letzte Tag ({day(end)}) liegt vor dem ersten ({day(start)}).")
    hist, _, _ = demo_inputs()
    prods = _known(products, hist["product"], "Artikel") or sorted(hist["product"].unique())
    brs = _known(branches, hist["branch"], "Filiale") or sorted(hist["branch"].unique())
    have = demo_pairs()
    names = [f"{b}/{p}" for b in brs for p in prods if (b, p) in have]
    if not names:
        return pd.DataFrame(columns=["date", "branch", "product", "forecast", "lower", "upper"])
    df = forecast_demo_series(start, end, names)
    return df[["date", "branch", "product", "forecast", "lower", "upper"]].reset_index(drop=True)


def demo_backtest_days(names: list[str], the_day: date) -> dict[str, BacktestDay]:
    """Each named series' back-test row of one day gone by (its forecast from the days before, its range and what
    was sold); series without that day are left out."""
    hist, weather, key = demo_inputs()
    from tools.forecast.demo import select_series

    out: dict[str, BacktestDay] = {}
    for n in dict.fromkeys(names):
        branch, item = n.split("/", 1)
        bt = stored_backtest(n, select_series(hist, None if branch == "alle" else branch, item), weather, key)
        row = next((r for r in bt.days if r.day == the_day), None)
        if row is not None:
            out[n] = row
    return out


def demo_accuracy(names: list[str], start: date | None = None, end: date | None = None) -> dict[str, Accuracy]:
    """How far the forecast of each named demo series ('branch/product', 'alle/gruppe:brot', …) was off in its
    rolling back-test of the last weeks, over [start, end] when given (series without such days are left out)."""
    from tools.forecast.demo import select_series

    hist, weather, key = demo_inputs()
    names = list(dict.fromkeys(names))
    jobs = []
    for n in names:  # the back-tests not stored yet run on two worker processes (4 model fits each)
        branch, item = n.split("/", 1)
        jobs.append(
            delayed(stored_backtest)(n, select_series(hist, None if branch == "alle" else branch, item), weather, key)
        )
    out: dict[str, Accuracy] = {}
    for n, bt in zip(names, _run_parallel(jobs, len(jobs))):
        found = summarize(bt, start, end)
        if found is not None:
            out[n] = found
    return out
