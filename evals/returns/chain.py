"""`python -m evals.returns --chain [--quick]`: does the Prophet blend of the CSV plan help a chain with many series?

The demo company's own sales (branch × product, pieces; sold-out days raised to the estimated demand as the
planner sees them) are planned week by week out of time and scored against the generator's true demand:
the plan without the blend (variant chosen once before the scored period on 12 past weeks, as the CSV plan
with the blend off), the plan with the blend (automatic weight, chosen once on 26 past weeks, as the CSV plan
with the blend on; plain Prophet refitted every 4 or every 8 weeks) and plain Prophet's newsvendor. No
choice looks at a scored week. Each row is cached under var/cache/returns-chain/ (delete to rerun); the single
Prophet fits are stored (the 8-week stream reuses every second fit of the 4-week one).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from tools.production.backtest import BacktestResult, run_backtest
from tools.production.model import ModelConfig
from tools.production.newsvendor import Economics

REGION = "DE-ST"
# branches × products of the chain: full run 8 × 4 = 32 series (over the old cap of 30), --quick 3 × 4 = 12;
# both over the last 13 weeks (the shared 2-core machine allowed no more; the stream dominates the cost)
FULL = (8, ["schrippe", "landbrot", "buttercroissant", "streuselkuchen"], 13)
QUICK = (3, ["schrippe", "landbrot", "buttercroissant", "streuselkuchen"], 13)
INNER_OFF, INNER_ON = 12, 26
STREAM_WINDOW = 70  # each stored fit covers 70 days: enough for an 8-week step, so both steps share fits


@dataclass(frozen=True)
class Row:
    """One row: the plan's settings, whether the variant is chosen once before the period, the stream's step."""

    label: str
    config: dict
    select: bool
    inner: int = INNER_OFF
    step: int = 0  # 0: no Prophet stream


ROWS = [
    Row("einfaches Prophet (Newsvendor)", {"gbm_weight": 0.0}, False, step=28),
    Row("Plan ohne Mischung, einmal gewählt (12 W.)", {}, True),
    Row("Plan mit Mischung, Prophet alle 4 W., einmal (26 W.)", {"gbm_weight": -1.0}, True, INNER_ON, 28),
    Row("Plan mit Mischung, Prophet alle 8 W., einmal (26 W.)", {"gbm_weight": -1.0}, True, INNER_ON, 56),
]


def chain_data(quick: bool) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Economics], Economics, date, int]:
    """Planner history, true demand, economics per series, default economics, first scored Monday, weeks."""
    from tools.company.catalog import BRANCHES
    from tools.company.data import load_sales
    from tools.production.demo import planner_history, product_economics, series_id

    n_branches, products, weeks = QUICK if quick else FULL
    branches = [b.id for b in BRANCHES][:n_branches]
    s = load_sales()
    s = s[s["branch"].isin(branches) & s["product"].isin(products)].reset_index(drop=True)
    hist = planner_history(s)
    dem = pd.DataFrame({"date": hist["date"], "series": hist["series"], "demand": s["demand"].astype(float).to_numpy()})
    econ = {series_id(b, p): product_economics(p, []) for b in branches for p in products}
    last = hist["date"].max()
    first = (last - pd.Timedelta(days=last.weekday())) - pd.Timedelta(weeks=weeks)
    return hist, dem, econ, product_economics("", []), first.date(), weeks


def chain_stream(hist: pd.DataFrame, first: date, weeks: int, step: int) -> tuple[pd.DataFrame, float]:
    """Plain Prophet (public holidays) refitted every `step` days up to each cutoff, from far enough before
    `first` for 26 inner weeks and their residual year; single fits stored. (stream, CPU-s of this call)."""
    from tools.production.prior import fit_cutoffs, prophet_stream

    t0 = _cpu()
    start = pd.Timestamp(first) - pd.Timedelta(days=364 + 7 * INNER_ON + 14)
    end = (pd.Timestamp(first) + pd.Timedelta(weeks=weeks) - pd.Timedelta(days=1)).date()
    cuts = fit_cutoffs(first, start.date(), end, step_days=step)
    stream = prophet_stream(hist, None, REGION, cuts, end, window_days=STREAM_WINDOW)
    return stream, _cpu() - t0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Prophet's Stan optimiser runs as a child)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_row(row: Row, quick: bool) -> dict:
    """One row on the chain; cached (result, picks, CPU-s of the backtest and of the stream)."""
    from tools.production.selection import select_plan
    from tools.settings import get_settings

    hist, dem, econ, default, first, weeks = chain_data(quick)
    key = hashlib.sha1(f"1|{row!r}|{quick}|{first}|{len(hist)}".encode()).hexdigest()[:16]
    path = get_settings().var_dir / "cache" / "returns-chain" / f"{key}.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    prior, stream_cpu = chain_stream(hist, first, weeks, row.step) if row.step else (None, 0.0)
    cfg = replace(ModelConfig(region=REGION), **row.config)
    picks: list[str] = []

    def selector(h: pd.DataFrame, cutoff: date) -> ModelConfig:
        ch = select_plan(h, cutoff, econ, default, cfg, weeks=row.inner, prior=prior, blends=prior is None)
        picks.append(f"{cutoff}: {ch.label()}")
        return ch.config(cfg)

    t0 = time.process_time()
    res, _ = run_backtest(
        hist,
        dem,
        econ,
        first,
        weeks,
        cfg,
        integer=True,
        selector=selector if row.select else None,
        reselect_every=weeks,
        prior=prior,
    )
    out = {"res": res, "picks": picks, "cpu_s": time.process_time() - t0, "stream_cpu_s": stream_cpu}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def chain_table(quick: bool) -> dict[str, dict]:
    """All rows, printed as a table: returns over the rule at equal fill rate, over plain Prophet, fill rate."""
    hist, _, econ, _, first, weeks = chain_data(quick)
    print(f"Demo-Kette: {len(econ)} Reihen, {weeks} Wochen ab {first} außerhalb der Zeit (Wahl nur davor)")
    out: dict[str, dict] = {}
    for row in ROWS:
        r = run_row(row, quick)
        out[row.label] = r
        print(f"  {row.label}: {_cells(r['res'], out[ROWS[0].label]['res'])}  Wahl: {'; '.join(r['picks'])}")
    base = out[ROWS[0].label]["res"]
    print(
        f"\n{'Demo-Kette, ' + str(len(econ)) + ' Reihen':<56}{'Retouren/Regel':>15}{'/Prophet':>10}"
        f"{'Lieferquote':>12}{'Gewinn €':>10}{'CPU-s Plan':>11}{'CPU-s Prophet':>14}"
    )
    for label, r in out.items():
        res: BacktestResult = r["res"]
        a, b = res.ratio_vs_best_rule, base.ratio_vs_best_rule
        rel = f"{a / b:.3f}" if a and b else "–"
        print(
            f"{label:<56}{'–' if a is None else f'{a:.3f}':>15}{rel:>10}{res.plan.fill_rate:>12.4f}"
            f"{res.plan.profit_eur:>10.0f}{r['cpu_s']:>11.0f}{r['stream_cpu_s']:>14.0f}"
        )
    return out


def _cells(r: BacktestResult, p: BacktestResult) -> str:
    a, b = r.ratio_vs_best_rule, p.ratio_vs_best_rule
    rel = f"{a / b:.3f}" if a and b else "–"
    return f"{'–' if a is None else f'{a:.3f}'} (/Prophet {rel}, Lieferquote {r.plan.fill_rate:.4f})"
