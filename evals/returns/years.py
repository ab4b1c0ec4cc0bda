"""`python -m evals.returns --years`: every probe judged on two out-of-time years of the Kiel data (issue 21).

Year A: choices made once on the data up to 2016-07-30, scored 2016-08-01 – 2017-07-30; year B: the same one
year later (2017-07-31 – 2018-07-29, the year the defaults were made on). In both the model is refitted every
4 weeks on the data up to each cutoff, as in use; "je Quartal" rows choose again every 13 weeks on the weeks
before each cutoff. Each row's result is cached under var/cache/returns-years/ (delete to rerun).
"""

from __future__ import annotations

import json
import pickle
import time
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from tools.production.backtest import BacktestResult, run_backtest, summarize
from tools.production.model import ModelConfig

YEARS = 2
WEEKS = 52


@dataclass(frozen=True)
class Probe:
    """One row: fixed settings, or settings chosen once before the year / every quarter on past weeks only."""

    label: str
    mode: str  # "fest" | "einmal" | "quartal"
    config: dict = field(default_factory=dict)
    prophet: bool = False  # the plain Prophet stream is the blend's outside forecast (and a candidate source)
    blends: bool = True  # fixed-weight blends as selection candidates (only with a stream)
    inner: int = 12  # weeks the choice is scored on
    windows: tuple[int, ...] = (0,)  # residual windows (weeks) as selection candidates
    step: int = 28  # the Prophet stream's refit step in days
    train_years: float | None = None  # the stream's fits see only the last N years


AUTO = {"gbm_weight": -1.0}
PROBES = [
    Probe("fest (in-sample-Einstellungen)", "fest"),
    Probe("einfaches Prophet", "fest", {"gbm_weight": 0.0}, prophet=True),
    Probe("Plan: je Quartal gewählt (12 W.)", "quartal"),
    Probe("Plan: einmal vorher gewählt (12 W.)", "einmal"),
    # probe 1: automatic GBM/Prophet blend weight + selection on 26 weeks
    Probe("P1 autom. Prophet-Mischung, je Quartal 26 W.", "quartal", AUTO, True, False, 26),
    Probe("P1 autom. Prophet-Mischung, einmal 26 W.", "einmal", AUTO, True, False, 26),
    Probe("P1 autom. Prophet-Mischung, fest", "fest", AUTO, True),
    # probe 2: blend with the data's own simple forecast, weight from the out-of-fold year before the cutoff
    Probe("P2 autom. Mischung mit Mittel 3 Wochentage, fest", "fest", AUTO | {"naive": "mean3"}),
    Probe("P2 autom. Mischung mit Niveau×Wochentagsprofil, fest", "fest", AUTO | {"naive": "prof"}),
    Probe("P2 autom. Mischung mit Mittel 3 Wochentage, je Quartal", "quartal", AUTO | {"naive": "mean3"}),
    Probe("P2 autom. Mischung mit Mittel 3 Wochentage, einmal", "einmal", AUTO | {"naive": "mean3"}),
    Probe("P2 autom. Mischung mit Niveau×Profil, je Quartal", "quartal", AUTO | {"naive": "prof"}),
    Probe("P2 autom. Mischung mit Niveau×Profil, einmal", "einmal", AUTO | {"naive": "prof"}),
    # probe 3: residual sets from the last N weeks only (N chosen on the inner weeks) vs the whole year
    Probe("P3 Residuen nur letzte 13 Wochen, fest", "fest", {"resid_weeks": 13}),
    Probe("P3 Residuen nur letzte 26 Wochen, fest", "fest", {"resid_weeks": 26}),
    Probe("P3 Residuen-Fenster 52/26/13 W. gewählt, je Quartal", "quartal", windows=(0, 26, 13)),
    Probe("P3 Residuen-Fenster 52/26/13 W. gewählt, einmal", "einmal", windows=(0, 26, 13)),
    # plan8: a cheaper stream for chains – Prophet refitted every 8 weeks on the last 3 years only
    Probe(
        "P4 Mischung, Prophet alle 8 W. auf 3 J., einmal 26 W.",
        "einmal",
        AUTO,
        True,
        False,
        26,
        step=56,
        train_years=3.0,
    ),
    Probe(
        "P4 Mischung, Prophet alle 8 W. auf 3 J., je Quartal 26 W.",
        "quartal",
        AUTO,
        True,
        False,
        26,
        step=56,
        train_years=3.0,
    ),
]


def _key(p: Probe, first: pd.Timestamp) -> str:
    import hashlib

    return hashlib.sha1(f"3|{p!r}|{first.date()}".encode()).hexdigest()[:16]


def run_probe(p: Probe, hist: pd.DataFrame, first: pd.Timestamp, econ: dict, stream: pd.DataFrame) -> dict:
    """One probe on the 52 weeks from `first`; cached (ratio, fill, profit, picks, the scored frame)."""
    from evals.returns.__main__ import KIEL_ECON
    from tools.production.selection import select_plan
    from tools.settings import get_settings

    path = get_settings().var_dir / "cache" / "returns-years" / f"{_key(p, first)}.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    cfg = replace(ModelConfig(region="DE-SH"), **p.config)
    prior = stream if p.prophet else None
    dem = hist.rename(columns={"value": "demand"})
    picks: list[str] = []

    def selector(h: pd.DataFrame, cutoff: date) -> ModelConfig:
        ch = select_plan(
            h, cutoff, econ, KIEL_ECON, cfg, weeks=p.inner, prior=prior, blends=p.blends, windows=p.windows
        )
        picks.append(f"{cutoff}: {ch.label()}")
        return ch.config(cfg)

    t0 = time.process_time()
    every = {"fest": 0, "einmal": WEEKS, "quartal": 13}[p.mode]
    res, frame = run_backtest(
        hist,
        dem,
        econ,
        first.date(),
        WEEKS,
        cfg,
        selector=selector if every else None,
        reselect_every=every or 13,
        prior=prior,
    )
    out = {"res": res, "frame": frame, "picks": picks, "cpu_s": time.process_time() - t0}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def quarter_ratios(frame: pd.DataFrame, econ: dict) -> list[float | None]:
    """The return ratio to the rule per 13-week quarter of a scored frame."""
    d0 = frame["date"].min()
    q = ((frame["date"] - d0).dt.days // 91).clip(upper=3)
    return [summarize(frame[q == k], econ, False, 0.0).ratio_vs_best_rule for k in range(4)]


def kiel_years(only: list[str] | None = None, year: int | None = None) -> dict | None:
    """The probe table on both out-of-time years (year 0 = 2016/17, 1 = 2017/18); `only`: label prefixes."""
    from evals.returns.__main__ import _kiel_weeks, kiel_prior

    loaded = _kiel_weeks(WEEKS)
    if loaded is None:
        return None
    hist, last_first, econ = loaded
    firsts = [last_first - pd.Timedelta(weeks=WEEKS * (YEARS - 1 - k)) for k in range(YEARS)]
    probes = [p for p in PROBES if not only or any(p.label.startswith(o) for o in only)]
    table: dict[str, list[dict | None]] = {PROBES[1].label: [None] * YEARS} | {p.label: [None] * YEARS for p in probes}
    base: list[dict] = []
    for k, first in enumerate(firsts):
        if year is not None and k != year:
            continue
        stream = kiel_prior(hist, first, WEEKS)
        prophet = run_probe(PROBES[1], hist, first, econ, stream)
        base.append(prophet)
        table[PROBES[1].label][k] = prophet
        for p in probes:
            own = (
                stream
                if (p.step, p.train_years) == (28, None)
                else kiel_prior(hist, first, WEEKS, p.step, p.train_years)
            )
            r = run_probe(p, hist, first, econ, own)
            table[p.label][k] = r
            print(f"[{first.date()}] {p.label}: {_fmt(r['res'], prophet['res'])} Wahl: {'; '.join(r['picks'])}")
    _print(table, firsts, econ, [b["res"] for b in base] if len(base) == YEARS else None)
    return {
        label: [None if r is None else {"ratio": r["res"].ratio_vs_best_rule, "picks": r["picks"]} for r in rs]
        for label, rs in table.items()
    }


def _fmt(r: BacktestResult, p: BacktestResult) -> str:
    a, b = r.ratio_vs_best_rule, p.ratio_vs_best_rule
    return f"{a:.3f} (/Prophet {a / b:.3f}, Lieferquote {r.plan.fill_rate:.4f})" if a and b else "–"


def _print(table: dict[str, list[dict | None]], firsts: list[pd.Timestamp], econ: dict, prophet: object) -> None:
    head = "".join(f"{'ab ' + str(f.date()):>18}{'/Prophet':>10}" for f in firsts)
    print(f"\n{'Kiel, je 52 Wochen außerhalb der Zeit':<58}{head}{'CPU-s':>8}")
    for label, rs in table.items():
        cells, cpu = "", 0.0
        for k, r in enumerate(rs):
            if r is None:
                cells += f"{'–':>18}{'–':>10}"
                continue
            pr = _prophet_of(table, k)
            a = r["res"].ratio_vs_best_rule
            b = pr["res"].ratio_vs_best_rule if pr else None
            cells += f"{a:>18.3f}" + (f"{a / b:>10.3f}" if a and b else f"{'–':>10}")
            cpu += r["cpu_s"]
        print(f"{label:<58}{cells}{cpu:>8.0f}")
    for k, first in enumerate(firsts):
        plan, pr = table.get(PROBES[2].label, [None] * YEARS)[k], _prophet_of(table, k)
        if plan and pr:
            qp, qq = quarter_ratios(plan["frame"], econ), quarter_ratios(pr["frame"], econ)
            print(
                f"je Quartal ab {first.date()}: Plan "
                + ", ".join("–" if a is None else f"{a:.3f}" for a in qp)
                + " | Prophet "
                + ", ".join("–" if b is None else f"{b:.3f}" for b in qq)
                + " | Plan/Prophet "
                + ", ".join("–" if not (a and b) else f"{a / b:.2f}" for a, b in zip(qp, qq))
            )


def _prophet_of(table: dict[str, list[dict | None]], k: int) -> dict | None:
    return table.get(PROBES[1].label, [None] * YEARS)[k]


def dump(out: dict) -> str:
    return json.dumps(out, ensure_ascii=False, indent=1)
